import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContact } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { outlookPerson } from '../support/world.js';
import { startFacade } from './harness.js';
import type { Facade } from './harness.js';

// Issue 12 §1: a run's requests follow the changes divided by a page or batch, on both sides —
// no remote call per contact. Counted per scenario over the facade's BC API and the Graph emulator
// (requests, not time), at two sizes of change ten times apart.

const USER = { oid: '5b0c6f1e-3333-4000-8000-00000000ec41', upn: 'count@contoso.test' };
const N = 400;
/** BC reads a delta makes whatever changed: its change-tracking page, countriesRegions, lookups by id and by e-mail. */
const BC_READS = 4;
/** Envelopes one write call is spread over at most (HttpBcContacts: four in flight) below 400 writes. */
const ENVELOPES = 4;

let f: Facade;
let emulator: FastifyInstance;
let mailbox: GraphMailbox;
let bc: HttpBcContacts;
let folderId = '';
let graphSent: string[] = [];
let bcSent: string[] = [];
const store = new MemorySyncStateStore();
let runs = 0;
let bcContacts: BcContact[] = [];

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template });
  const facadeFetch = injectFetch(f.app);
  bc = new HttpBcContacts({
    // The in-process name the real app answers in dev mode (dev-host-guard.ts), as npm start's runs use it.
    baseUrl: 'http://facade.internal/api/v2.0',
    companyId: f.company.id,
    getToken: async () => f.auth.slice('Bearer '.length),
    fetch: async (input, init) => {
      bcSent.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return facadeFetch(input, init);
    },
  });
  const issuer = await createTestIssuer();
  ({ app: emulator } = await startableGraphEmulator({ auth: issuer.auth }));
  const origin = await emulator.listen({ port: 0, host: '127.0.0.1' });
  mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: () => issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] }),
    sleep: async () => undefined,
    fetch: async (input, init) => {
      graphSent.push(`${init?.method ?? 'GET'} ${typeof input === 'string' ? input : input.url}`);
      return fetch(input, init);
    },
  });
  const made = await bc.create(Array.from({ length: N }, (_, i) => bcDraft(i + 1)));
  bcContacts = made.flatMap((m) => (m.ok ? [m.value] : []));
  await sync('full');
  await sync('delta');
  folderId = (await mailbox.ensureFolder('Business Central')).id;
});
afterAll(async () => {
  await emulator.close();
  await f.close();
});

async function sync(mode: SyncMode) {
  f.clock.advance(10 * 60_000);
  graphSent = [];
  bcSent = [];
  const { record } = await runSync(
    { bc, mailbox, store, clock: f.clock, logger: silentLogger },
    { runId: `run-${++runs}`, userId: USER.upn, mode, dryRun: false, trigger: 'pane' },
  );
  expect(record.status).toBe('succeeded');
  return { record, bcRequests: bcSent.length, graphRequests: graphSent.length };
}

const pages = (n: number, per: number) => Math.ceil(n / per);

describe('requests per scenario follow the changes per page, not the changes (issue 12 §1)', () => {
  test.each([10, 100])('delta with %i Outlook changes (half new, half edited)', async (changes) => {
    const half = changes / 2;
    const outlook = (await mailbox.listContacts(folderId)).slice(0, half);
    const edits = await mailbox.update(
      folderId,
      outlook.map((o) => ({
        id: o.id,
        changeKey: o.changeKey,
        patch: { displayName: o.displayName, jobTitle: `Edited ${changes}` },
      })),
    );
    expect(edits.every((e) => e.ok)).toBe(true);
    const created = await mailbox.create(
      folderId,
      Array.from({ length: half }, (_, i) => outlookPerson(1000 * changes + i)),
    );
    expect(created.every((c) => c.ok)).toBe(true);

    const run = await sync('delta');

    expect(run.record.counts.bc).toMatchObject({ created: half, updated: half });
    // Was one BC request per contact written (5 + changes).
    // Plus one look-up $batch per group of creates: a run looks its drafts' E-Mails up again under the
    // company's create turn (F61, 5f3e561) — per group of 20, not per contact.
    expect(run.bcRequests).toBeLessThanOrEqual(BC_READS + 2 * ENVELOPES + pages(half, 20));
    expect(bcSent.filter((r) => r.startsWith('PATCH') || r.endsWith('/contacts'))).toEqual([]);
    // Folder, one delta page, then $batches of 20 items: at most a read and a write per contact
    // (a group of the executor may leave one envelope part-filled).
    expect(run.graphRequests).toBeLessThanOrEqual(3 + pages(2 * changes, 20));
  });

  test.each([10, 100])('delta with %i BC changes', async (changes) => {
    const edited = bcContacts.slice(0, changes);
    const stamps = await bc.getMany(edited.map((c) => c.id));
    const out = await bc.update(
      stamps.map((c) => ({ id: c.id, etag: c.etag, patch: { city: `City ${changes}` } })),
    );
    expect(out.every((o) => o.ok)).toBe(true);

    const run = await sync('delta');

    expect(run.record.counts.outlook.updated).toBe(changes);
    expect(run.bcRequests).toBeLessThanOrEqual(BC_READS);
    expect(run.graphRequests).toBeLessThanOrEqual(3 + pages(2 * changes, 20));
  });
});
