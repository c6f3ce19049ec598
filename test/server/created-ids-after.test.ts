import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { createBody } from '../../src/bc/create-key.js';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { importDraft } from '../../src/core/create-keys.js';
import { emptySyncFields } from '../../src/core/model.js';
import type { BcContactDraft } from '../../src/core/ports.js';
import { StoreBcSource } from '../../src/server/bc-api/bc-source.js';
import type { BcSource } from '../../src/server/bc-api/bc-source.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { startFacade } from '../bc/harness.js';
import { facadeSeats, paneAdapter } from '../support/facade-seats.js';
import type { Host } from '../support/facade-seats.js';

// Brief keyed, task 1 (RV14 rest): a lost create's contact is told from a namesake by the id BC
// gave it. The pane's adapter over HTTP cannot tell that id ahead (the facade names the contact
// from the caller's principal), so it asks the facade after the fact (contacts/bcsync.createdIds,
// BcContacts.createdIdsAfter). Whichever host asks, the answer must be the id the contact gets
// whichever host made it; another user's ask names another contact; a BC that names contacts
// itself (a tenant upstream, or one without the route) answers null.

const hosts = facadeSeats('after', 'After', 'review');
const { seat, adapter } = hosts;

function draftOf(name: string): BcContactDraft {
  const tag = randomUUID().slice(0, 8);
  return importDraft({
    outlookId: `AAMk-${randomUUID()}`,
    fields: { ...emptySyncFields(), displayName: name, city: 'Zürich', email: `${tag}@fabrikam.com` },
  });
}

const HOSTS: Host[] = ['pane', 'scheduler'];
const PAIRS = HOSTS.flatMap((asks) => HOSTS.map((makes): [Host, Host] => [asks, makes]));

describe('the id a keyed create gets, asked after the fact (createdIdsAfter)', () => {
  test.each(PAIRS)('asked by the %s, made by the %s: the id the contact got', async (asks, makes) => {
    const s = await seat();
    const drafts = [draftOf('Ann Lee'), draftOf('Bo Chan')];
    const ids = await adapter(asks, s).createdIdsAfter!(drafts);
    const made = await adapter(makes, s).create(drafts);
    expect(ids).toEqual(made.map((m) => (m.ok ? m.value.id.toLowerCase() : 'failed')));
  });

  test("another user's ask (same company, same draft) names another contact", async () => {
    const s = await seat();
    const other = await seat(s.companyId);
    const draft = draftOf('Cy Ng');
    const [mine] = await adapter('pane', s).createdIdsAfter!([draft]);
    const [theirs] = await adapter('pane', other).createdIdsAfter!([draft]);
    expect(mine).not.toBeNull();
    expect(theirs).not.toBe(mine);
  });

  test('a draft without a create key: null (BC numbers it)', async () => {
    const s = await seat();
    const { createKey: _, ...plain } = draftOf('Di');
    for (const host of HOSTS) expect(await adapter(host, s).createdIdsAfter!([plain])).toEqual([null]);
  });

  test('more drafts than one $batch holds: asked in pieces, answered in order', async () => {
    const s = await seat();
    const drafts = Array.from({ length: 103 }, (_, n) => draftOf(`P ${n}`));
    expect(await adapter('pane', s).createdIdsAfter!(drafts)).toEqual(
      await adapter('scheduler', s).createdIdsAfter!(drafts),
    );
  });

  test('a tenant upstream (a source naming contacts itself): null', async () => {
    const s = await seat();
    const store = new StoreBcSource(hosts.facade.db, hosts.facade.clock);
    // The store's source less its naming by key: stands for UpstreamBcSource, which has none.
    const tenant = new Proxy(store, {
      get: (t, p) => (p === 'keyedContactIdOf' ? undefined : (Reflect.get(t, p, t) as unknown)),
    }) as BcSource;
    const up = await startFacade({
      template: new Blob([]),
      sameStore: hosts.facade,
      issuer: hosts.facade.issuer,
      source: tenant,
    });
    try {
      expect(await paneAdapter(up.app, s).createdIdsAfter([draftOf('Ed')])).toEqual([null]);
      // Answered by the route (200), not refused as unknown: the same facade on its store names it.
      const ask = (app: Parameters<typeof injectFetch>[0]) =>
        injectFetch(app)(
          `http://facade.internal/api/v2.0/companies(${s.companyId})/contacts/bcsync.createdIds`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ value: [{ createKey: 'k', contact: createBody(draftOf('Ed')) }] }),
          },
        );
      const [upstream, own] = [await ask(up.app), await ask(hosts.facade.app)];
      expect([upstream.status, await upstream.json()]).toEqual([200, { value: [{ id: null }] }]);
      expect(own.status).toBe(200);
      expect(((await own.json()) as { value: { id: unknown }[] }).value[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await up.close();
    }
  });

  test('a BC without the route (404, as a tenant answers an unknown segment): null, no failure', async () => {
    const s = await seat();
    const notFound = async () =>
      new Response(JSON.stringify({ error: { code: 'BadRequest_NotFound', message: 'not found' } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    const bc = new HttpBcContacts({
      baseUrl: 'http://tenant.internal/api/v2.0',
      companyId: s.companyId,
      getToken: async () => s.token,
      sleep: async () => undefined,
      random: () => 0.5,
      fetch: notFound as typeof fetch,
    });
    expect(await bc.createdIdsAfter([draftOf('Flo'), draftOf('Gus')])).toEqual([null, null]);
  });
});
