import { describe, test, expect, afterAll } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import {
  startableGraphEmulator,
  createGraphEmulator,
  createTestIssuer,
  emulatorAdminPlugin,
  graphApiPlugin,
} from '../../src/emulator/index.js';
import type { CountersSnapshot, SeedData } from '../../src/emulator/index.js';
import { ANN, BOB, jsonOf, useHarness } from './harness.js';

const seed: SeedData = {
  mailboxes: [
    {
      id: BOB.oid,
      upn: BOB.upn,
      contacts: [{ givenName: 'Default' }],
      folders: [
        {
          displayName: 'Business Central',
          contacts: [
            {
              id: 'AAMkSeededContact1=',
              givenName: 'Seeded',
              surname: 'One',
              emailAddresses: [{ name: 'S', address: 's@x.com' }],
              singleValueExtendedProperties: [{ id: 'String 0x3A24', value: 'n' }],
            },
          ],
        },
      ],
    },
  ],
};

describe('emulator admin endpoints', () => {
  const h = useHarness();

  test('seed, dump, counters, config and reset', async () => {
    expect((await h.admin('POST', '/seed', seed)).status).toBe(204);
    const bob = await h.issuer.userToken(BOB.oid, BOB.upn);
    const seeded = await jsonOf(
      await h.call('GET', '/me/contacts/AAMkSeededContact1=', undefined, { token: bob }),
    );
    expect(seeded).toEqual(expect.objectContaining({ displayName: 'Seeded One', givenName: 'Seeded' }));
    await h.call('GET', '/me/contactFolders');
    await h.call('POST', '/$batch', { requests: [{ id: '1', method: 'GET', url: '/me/contactFolders' }] });

    const dump = await jsonOf(await h.admin('GET', `/mailboxes/${BOB.upn}`));
    expect(dump.id).toBe(BOB.oid);
    const folders = dump.folders as { displayName: string; contacts: Record<string, unknown>[] }[];
    expect(folders.map((f) => [f.displayName, f.contacts.map((c) => c.givenName)])).toEqual([
      ['Contacts', ['Default']],
      ['Business Central', ['Seeded']],
    ]);
    expect(folders[1]?.contacts[0]?.singleValueExtendedProperties).toEqual([
      { id: 'String 0x3A24', value: 'n' },
    ]);
    expect((await h.admin('GET', '/mailboxes/nobody')).status).toBe(404);

    const counters = (await jsonOf(await h.admin('GET', '/counters'))) as unknown as CountersSnapshot;
    expect(counters).toEqual({
      requests: 3,
      batchItems: 1,
      throttled: 0,
      faults: 0,
      byMailbox: {
        [BOB.oid]: { requests: 1, batchItems: 0, throttled: 0 },
        [ANN.oid]: { requests: 1, batchItems: 1, throttled: 0 },
      },
    });

    const config = await jsonOf(
      await h.admin('PUT', '/config', {
        throttling: { quota: 100, windowMs: 1000 },
        latency: { fixedMs: 0 },
      }),
    );
    expect(config.throttling).toEqual(
      expect.objectContaining({ quota: 100, windowMs: 1000, concurrency: 4 }),
    );

    expect((await h.admin('POST', '/reset')).status).toBe(204);
    expect((await h.call('GET', '/me/contacts/AAMkSeededContact1=', undefined, { token: bob })).status).toBe(
      404,
    );
    expect(((await jsonOf(await h.admin('GET', '/counters'))) as { requests: number }).requests).toBe(1);
    const bad = await h.admin('POST', '/seed', { mailboxes: [{ id: 'x', contacts: [{ foo: 1 }] }] });
    expect(bad.status).toBe(400);
  });
});

describe('emulator mounting', () => {
  let app: FastifyInstance;
  let origin: string;
  afterAll(async () => {
    await app.close();
  });

  test('mounted under /graph/v1.0 in another app, links carry the mount prefix', async () => {
    const issuer = await createTestIssuer();
    const emulator = await createGraphEmulator({ auth: issuer.auth });
    app = Fastify();
    app.get('/health', async () => ({ ok: true }));
    await app.register(graphApiPlugin, { emulator, prefix: '/graph/v1.0' });
    await app.register(emulatorAdminPlugin, { emulator, adminToken: 'a'.repeat(16), prefix: '/_emulator' });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${await issuer.userToken(ANN.oid, ANN.upn)}` };
    for (let i = 0; i < 12; i++) {
      await fetch(`${origin}/graph/v1.0/me/contacts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ givenName: `M${i}` }),
      });
    }
    const page = await jsonOf(await fetch(`${origin}/graph/v1.0/me/contacts`, { headers }));
    expect(page['@odata.nextLink']).toBe(`${origin}/graph/v1.0/me/contacts?$skip=10`);
    const delta = await jsonOf(
      await fetch(`${origin}/graph/v1.0/me/contactFolders/contacts/contacts/delta`, { headers }),
    );
    expect(delta['@odata.deltaLink']).toMatch(
      new RegExp(`^${origin}/graph/v1\\.0/me/contactFolders/contacts/contacts/delta\\?\\$deltatoken=`),
    );
    expect((await jsonOf(await fetch(`${origin}/health`))).ok).toBe(true);
  });

  test('standalone without auth option mints its own tokens via /_emulator/token', async () => {
    const { app: standalone } = await startableGraphEmulator({ adminToken: 'secret-admin-token-1' });
    try {
      const base = await standalone.listen({ port: 0, host: '127.0.0.1' });
      const minted = await jsonOf(
        await fetch(`${base}/_emulator/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-admin-token': 'secret-admin-token-1' },
          body: JSON.stringify({ roles: ['Contacts.ReadWrite'] }),
        }),
      );
      const response = await fetch(`${base}/v1.0/users/someone@x.test/contactFolders`, {
        headers: { authorization: `Bearer ${minted.access_token as string}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await standalone.close();
    }
  });
});
