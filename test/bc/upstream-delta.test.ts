import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { deleteContact } from '../../src/store/bc-repository.js';
import { bcDraft, runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { storeUserHooks } from '../contracts/bc-store-hooks.js';
import { ok } from '../contracts/fixtures.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { httpBcContactsOn, startFacade, startFront } from './harness.js';
import type { Facade } from './harness.js';

// Issue 11 §1/§2: one BC adapter (HttpBcContacts) and one change-tracking protocol for the facade's
// own store and for an upstream tenant. Here the tenant is a second facade listening on loopback;
// the facade under test serves it in upstream mode, also on loopback, and the adapter reads it.

let template: Blob | File;
beforeAll(async () => {
  ({ template } = await buildMigratedTemplate());
});

/** The tenant (a store-mode facade) and a facade in upstream mode in front of it, both listening. */
async function upstreamPair(): Promise<{
  tenant: Facade;
  front: (fetch?: typeof globalThis.fetch) => Promise<Facade>;
  close: () => Promise<void>;
}> {
  const tenant = await startFacade({ template, listen: true });
  const fronts: Facade[] = [];
  // Every front after the first is another process of the first one's deployment: the same
  // database, its own app and memory (as a restart or the scheduler's process), so each one costs
  // no PGlite load of its own (5 of the file's 8 loads before).
  const front = async (fetch?: typeof globalThis.fetch) => {
    const [first] = fronts;
    const f = await startFront(tenant, template, fetch ? { fetch } : {}, {
      listen: true,
      ...(first ? { sameStore: first } : {}),
    });
    fronts.push(f);
    return f;
  };
  return {
    tenant,
    front,
    close: async () => {
      // The first front, which holds the database, closes last.
      for (const f of fronts.reverse()) await f.close();
      await tenant.close();
    },
  };
}

function adapterOn(f: Facade, companyId: string): HttpBcContacts {
  return httpBcContactsOn(f, { companyId });
}

runBcContactsContract(
  'HttpBcContacts against a facade in upstream mode (the tenant: a second facade)',
  async () => {
    const pair = await upstreamPair();
    const front = await pair.front();
    const { tenant } = pair;
    return {
      bc: adapterOn(front, tenant.company.id),
      paged: (pageSize) => httpBcContactsOn(front, { companyId: tenant.company.id, pageSize }),
      ...storeUserHooks(tenant.db, tenant.clock, tenant.company.id),
      tick: async () => tenant.clock.advance(1000),
      teardown: pair.close,
    };
  },
);

let pair: Awaited<ReturnType<typeof upstreamPair>>;
beforeAll(async () => {
  pair = await upstreamPair();
});
afterAll(async () => {
  await pair?.close();
});

test('a deletion in the tenant reaches a delta read through its change tracking, by a facade process that did not make the link', async () => {
  const { tenant } = pair;
  const first = adapterOn(await pair.front(), tenant.company.id);
  const [a, b] = (await first.create([bcDraft(1), bcDraft(2)])).map(ok);
  // Past the margin: nothing changed while the full read ran, so the first delta owes nothing.
  tenant.clock.advance(10 * 60_000);
  const full = await first.readChanges(null);
  expect(full.kind).toBe('snapshot');
  // The cursor the state store keeps: relative, and the tenant's own link inside the facade's token.
  expect(full.deltaLink).toMatch(/^companies\([0-9a-f-]{36}\)\/contacts\?\$deltatoken=/);
  tenant.clock.advance(10 * 60_000);
  const gone = await deleteContact(tenant.db, tenant.clock, tenant.company.id, b!.id, '*');
  expect(gone.ok).toBe(true);
  // Another facade (a restart, or the scheduler's process) follows the link: nothing was in memory.
  const second = adapterOn(await pair.front(), tenant.company.id);
  const delta = await second.readChanges(full.deltaLink);
  expect(delta).toMatchObject({ kind: 'changes', deletedIds: [b!.id] });
  expect(delta.kind === 'changes' && delta.changed.map((c) => c.id)).not.toContain(a!.id);
});

/** A tenant whose contacts page has no change tracking: its answers never carry a delta link. */
const withoutDeltaLinks: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return res;
  const json = (await res.json()) as Record<string, unknown>;
  delete json['@odata.deltaLink'];
  return new Response(JSON.stringify(json), { status: res.status, headers: res.headers });
};

describe('item 4: a cursor without the tenant’s link still sees deletions (410, then a full read)', () => {
  test.each([
    {
      name: 'a cursor the embedded store made, followed once the facade points at the tenant',
      reader: async () => adapterOn(pair.tenant, pair.tenant.company.id),
      fetch: undefined,
    },
    {
      name: 'a tenant that gives no delta link',
      reader: async () => adapterOn(await pair.front(withoutDeltaLinks), pair.tenant.company.id),
      fetch: withoutDeltaLinks,
    },
  ])('$name', async ({ reader, fetch }) => {
    const { tenant } = pair;
    const first = await reader();
    const [a, b] = (await first.create([bcDraft(11), bcDraft(12)])).map(ok);
    tenant.clock.advance(10 * 60_000);
    const full = await first.readChanges(null);
    expect(full.kind).toBe('snapshot');
    tenant.clock.advance(10 * 60_000);
    expect((await deleteContact(tenant.db, tenant.clock, tenant.company.id, b!.id, '*')).ok).toBe(true);
    const next = adapterOn(await pair.front(fetch), tenant.company.id);
    const read = await next.readChanges(full.deltaLink);
    // Before the fix the store's cursor was read by lastModifiedDateTime: kind 'changes', deletedIds [].
    expect(read.kind).toBe('snapshot');
    const ids = read.kind === 'snapshot' ? read.contacts.map((c) => c.id) : [];
    expect(ids).toContain(a!.id);
    expect(ids).not.toContain(b!.id);
  });
});
