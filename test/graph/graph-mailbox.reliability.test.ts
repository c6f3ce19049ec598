import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { outlookDraft, draftOf } from '../contracts/mailbox.contract.js';
import { startableGraphEmulator, createTestIssuer } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { BC_ID_PROPERTY, FAX_PROPERTY, GraphMailbox } from '../../src/graph/index.js';
import { instantClock } from '../support/virtual-clock.js';

const ADMIN_TOKEN = 'reliability-test-admin-token';

const USER = { oid: '7d1c2f00-2222-4000-8000-00000000beef', upn: 'load@contoso.test' };
const TOTAL = 2000;

interface DumpedContact {
  id: string;
  displayName: string;
  jobTitle: string | null;
  singleValueExtendedProperties: { id: string; value: string }[];
}

/**
 * 2,000 creates while 10% of all Graph calls (batch items included) fail in every way the
 * emulator knows: 429 and 503 with Retry-After, 504, connection reset, and applied-but-response-
 * lost. The folder must end with each contact exactly once, with its fields.
 */
describe('GraphMailbox under injected faults', () => {
  let app: FastifyInstance;
  let emulator: GraphEmulator;
  let origin: string;
  let mailbox: GraphMailbox;

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    ({ app, emulator } = await startableGraphEmulator({
      auth: issuer.auth,
      adminToken: ADMIN_TOKEN,
      throttling: { quota: 1_000_000 },
      faults: {
        rate: 0.1,
        kinds: ['429', '503', '504', 'reset', 'lostResponse'],
        seed: 42,
        retryAfterSeconds: 0.5,
      },
    }));
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = await issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] });
    mailbox = new GraphMailbox({
      baseUrl: `${origin}/v1.0`,
      mailbox: { kind: 'me' },
      getToken: async () => token,
      // Waits take no real time: the pacer's waits on the quota it learns from the 429s pass at once.
      ...instantClock(),
      retry: { maxAttempts: 12, maxThrottledAttempts: 30 },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  test('2,000 creates end as exactly 2,000 contacts with the right fields, no duplicates', async () => {
    const folder = await mailbox.ensureFolder('Business Central');
    const drafts = Array.from({ length: TOTAL }, (_, i) =>
      outlookDraft(i + 1, { jobTitle: `Title ${i + 1}` }),
    );
    const outcomes = [];
    // Like the engine: write calls of a few batches each.
    for (let k = 0; k < drafts.length; k += 200)
      outcomes.push(...(await mailbox.create(folder.id, drafts.slice(k, k + 200))));

    const failures = outcomes.flatMap((o, i) => (o.ok ? [] : [`${i}: ${o.error.kind} ${o.error.message}`]));
    expect(failures).toEqual([]);
    expect(emulator.counters.snapshot().faults).toBeGreaterThan(TOTAL / 20);

    // Ground truth from the emulator's store, not through the adapter.
    const dump = (await (
      await fetch(`${origin}/_emulator/mailboxes/${USER.oid}`, { headers: { 'x-admin-token': ADMIN_TOKEN } })
    ).json()) as {
      folders: { id: string; contacts: DumpedContact[] }[];
    };
    const stored = dump.folders.find((f) => f.id === folder.id)?.contacts ?? [];
    const prop = (c: DumpedContact, id: string): string | undefined =>
      c.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === id.toLowerCase())?.value;
    const bcIds = stored.map((c) => prop(c, BC_ID_PROPERTY));
    expect(stored).toHaveLength(TOTAL);
    expect(new Set(bcIds).size).toBe(TOTAL);
    for (const c of stored) {
      const n = Number(prop(c, BC_ID_PROPERTY)?.slice(3));
      expect({ displayName: c.displayName, jobTitle: c.jobTitle, fax: prop(c, FAX_PROPERTY) }).toEqual({
        displayName: `Person ${n}`,
        jobTitle: `Title ${n}`,
        fax: '+1 425 555 0111',
      });
    }

    // Every outcome the adapter reported is the contact that is stored, field for field.
    await fetch(`${origin}/_emulator/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
      body: JSON.stringify({ faults: { rate: 0 } }),
    });
    const listed = new Map((await mailbox.listContacts(folder.id)).map((c) => [c.id, c]));
    expect(listed.size).toBe(TOTAL);
    outcomes.forEach((o, i) => {
      if (!o.ok) return;
      expect(draftOf(o.value)).toEqual(drafts[i]);
      expect(listed.get(o.value.id)).toEqual(o.value);
    });
    const stats = mailbox.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(mailbox.peakInFlight).toBeLessThanOrEqual(4);
  });
});
