/**
 * Brief turn (lead's review): a live creator let the company's create turn go even when one of its
 * BC creates had an unknown outcome (its answer lost, or its call failed after it went out). A
 * colleague's run then took the turn, looked the address up in BC, found nothing — the create was
 * still landing — and made the contact again: two BC contacts of one person. Now the turn stays
 * held until the write settle has passed since such a create (create-turn-hold.ts withCreateTurn,
 * turn-sends.ts), whoever holds it: a server run on the SQL store, a run on the memory store, the
 * pane's engine through the facade (its release says `inFlight`), "This sender", a resolve that
 * makes a BC contact.
 *
 * One table over every creator × the create's outcome: a colleague asking for the turn right
 * after gets it only when no create may still land (answered, or refused: known); for an unknown
 * outcome, not before the settle has passed, and its run once the late create landed finds the
 * contact by its address and makes none. Time is the harness's clock.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { takeCreateTurn } from '../../src/core/create-turn.js';
import { createTurnFor } from '../../src/core/create-turn-hold.js';
import { DEFAULT_WRITE_SETTLE_MS, announcedKeepMs, createTurnKey } from '../../src/core/lease.js';
import type { BcContacts, SyncStateStore, WriteOutcome } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { SYNC_FIELDS } from '../../src/core/model.js';
import type { BcContact, SyncFields } from '../../src/core/model.js';
import type { RunRecord } from '../../src/core/records.js';
import { foundOrCreated } from '../../src/core/resolve-recreate.js';
import { runSync } from '../../src/core/run.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { LeaseKeepingStore } from '../../src/taskpane/engine/leave-on-close.js';
import { outlookPerson } from '../support/world.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { call, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { userWithContact } from './user-with-contact.js';

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000d8';
// Every user is a member of COMPANY (the lease route asks the database for the create turn's).
const members = { query: async () => ({ rows: [{ company_id: COMPANY }] }) } as unknown as Db;
/** Every creator's settle here: its host's timeouts at their defaults (60 s) and the margin. */
const SETTLE = DEFAULT_WRITE_SETTLE_MS;
const blank = Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as SyncFields;

let pg: Db;
let h: SyncHarness;
/** BC, shared by every creator and colleague (the harness's, which "This sender" uses). */
let bc: MemoryBcContacts;
/** A store of its own for the memory row (its colleague runs on it too). */
const memory = new MemorySyncStateStore();
beforeAll(async () => {
  pg = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  h = await syncHarness({
    store: new SqlSyncStateStore(pg, undefined, undefined, SETTLE),
    ctx: { db: members, turnHolds: new MemoryTurnHoldRecords() },
  });
  bc = h.bc;
  // The harness's BC names no company; the turn here is COMPANY's.
  Object.assign(bc, { companyId: COMPANY });
});
afterAll(async () => {
  await h.close();
  await pg.close();
});

type Outcome = 'answered' | 'refused' | 'lost' | 'hostError';
/** Whether a create of this outcome may still land after its call ended. */
const mayLand = (o: Outcome) => o === 'lost' || o === 'hostError';

/**
 * BC's create as `outcome` has it: answered; refused (400: known not made); its answer lost (the
 * adapter's look-up found nothing yet), or the host failing after it went out — these two land
 * when the test says (`land`), as a create on its way does.
 */
function creating(outcome: Outcome) {
  const real = MemoryBcContacts.prototype.create;
  let landing: (() => Promise<unknown>) | null = null;
  let calls = 0;
  const create: BcContacts['create'] = async (drafts) => {
    calls++;
    if (outcome === 'answered') return real.call(bc, drafts);
    if (outcome === 'refused')
      return drafts.map((): WriteOutcome<BcContact> => ({
        ok: false,
        error: { kind: 'invalid', message: 'refused', status: 400, serviceCode: 'BadRequest' },
      }));
    landing = () => real.call(bc, drafts);
    if (outcome === 'hostError') throw new Error('socket hang up');
    return drafts.map((): WriteOutcome<BcContact> => ({
      ok: false,
      error: { kind: 'unknownOutcome', message: 'lost' },
    }));
  };
  return { create, land: async () => void (await landing?.()), calls: () => calls };
}

let n = 0;
/** A user whose sync folder holds `email`'s contact, typed in Outlook (not in BC yet). */
const userWith = (name: string, email: string) => userWithContact(h, ++n, name, email);

/** A run of `userId`'s folder on `store` at the clock's time, creating through `port`; no timer. */
async function runOf(userId: string, store: SyncStateStore, port: BcContacts): Promise<RunRecord | null> {
  const out = await runSync(
    { bc: port, mailbox: h.mailbox(userId), store, clock: h.clock, logger: silentLogger },
    { runId: `run-${++n}`, userId, mode: 'full', dryRun: false, trigger: 'schedule' },
  ).catch(() => null);
  return out?.record ?? null;
}

/** `bc` with its create as `create`. */
const portWith = (create: BcContacts['create']): BcContacts =>
  Object.assign(Object.create(bc) as BcContacts, { create });

interface Creator {
  readonly name: string;
  /** The store its colleague's runs share with it. */
  readonly store: () => SyncStateStore;
  /** Makes `email`'s contact in BC through `create`, under the turn (its failure left to the test). */
  readonly make: (email: string, create: BcContacts['create']) => Promise<unknown>;
}
const CREATORS: Creator[] = [
  {
    name: 'a server run (its SQL store)',
    store: () => h.store,
    make: async (email, create) => runOf((await userWith('ann', email)).userId, h.store, portWith(create)),
  },
  {
    name: 'a run on the memory store',
    store: () => memory,
    make: async (email, create) => runOf((await userWith('ann', email)).userId, memory, portWith(create)),
  },
  {
    name: 'the pane’s engine (its store over HTTP: the facade keeps the turn for its settle)',
    store: () => h.store,
    make: async (email, create) => {
      const ann = await userWith('ann', email);
      const bearer = (await h.auth(ann.upn)).slice('Bearer '.length);
      const pane = new LeaseKeepingStore({
        baseUrl: 'http://localhost/sync/v1',
        getToken: async () => bearer,
        fetch: injectFetch(h.app),
      });
      return runOf(ann.userId, pane, portWith(create));
    },
  },
  {
    name: '"This sender" (the facade’s route)',
    store: () => h.store,
    make: async (email, create) => {
      // The route's BC is the harness's own: its create is this row's while the add runs.
      Object.assign(bc, { create });
      try {
        return await call(h, `sender-${++n}@contoso.com`, 'POST', '/sync/v1/sender', { email });
      } finally {
        delete (bc as Partial<BcContacts>).create;
      }
    },
  },
  {
    name: 'a resolve that makes a BC contact (createTurnFor)',
    store: () => h.store,
    make: async (email, create) => {
      const deps = { store: h.store, clock: h.clock, settleMs: SETTLE };
      const turn = createTurnFor(deps, COMPANY, `resolve-${++n}`, 0, () => new Error('busy'));
      const values = { ...blank, displayName: 'New Person', givenName: 'New', surname: 'Person', email };
      return foundOrCreated(portWith(create), values, turn);
    },
  },
];

const OUTCOMES: Outcome[] = ['answered', 'refused', 'lost', 'hostError'];
const ROWS = CREATORS.flatMap((creator) => OUTCOMES.map((outcome) => ({ creator, outcome })));

/** Whether a colleague asking for the turn now gets it (let go again at once if so). */
async function colleagueGetsTurn(store: SyncStateStore): Promise<boolean> {
  const owner = `colleague-${++n}`;
  const got = await takeCreateTurn({ store, clock: h.clock }, COMPANY, owner, 0);
  if (got) await store.releaseLease(createTurnKey(COMPANY), owner);
  return got;
}

const inBc = async (email: string) => (await bc.findByEmails([email])).length;

describe('a create of unknown outcome keeps the create turn until it can no longer land', () => {
  test.each(ROWS)('$creator.name, create $outcome', async ({ creator, outcome }) => {
    h.clock.advance(10 * 60_000);
    const email = `new-${n + 1}@fabrikam.com`;
    const bcCreate = creating(outcome);
    await creator.make(email, bcCreate.create).catch(() => undefined);
    // The creator sent its create (a row that failed before it proves nothing).
    expect([bcCreate.calls(), await inBc(email)]).toEqual([1, outcome === 'answered' ? 1 : 0]);
    const endedAt = Date.parse(h.clock.now());
    const at = (ms: number) => h.clock.advance(endedAt + ms - Date.parse(h.clock.now()));
    const store = creator.store();
    at(1_000);
    expect(await colleagueGetsTurn(store)).toBe(!mayLand(outcome));
    if (!mayLand(outcome)) return;
    // A lost BC create answer keeps the turn; the colleague finds the late contact and makes none.
    const bob = await userWith('bob', email);
    const busy = await runOf(bob.userId, store, bc);
    expect(busy?.deferred?.createTurnBusy).toBe(1);
    at(SETTLE - 1_000);
    expect(await colleagueGetsTurn(store)).toBe(false);
    await bcCreate.land();
    at(SETTLE + 1_000);
    const after = await runOf(bob.userId, store, bc);
    expect([after?.status, after?.counts.bc.created]).toEqual(['succeeded', 0]);
    expect(await inBc(email)).toBe(1);
  });
});

describe("a run's later group keeps the turn an earlier group's create may still land under", () => {
  test('101 new contacts: group 1 (100) lost, group 2 (1) answered; the turn kept from group 1', async () => {
    h.clock.advance(10 * 60_000);
    const upn = `many-${++n}@contoso.com`;
    const userId = devUserKey(upn);
    const mailbox = h.mailbox(userId);
    const folder = await mailbox.ensureFolder('Business Central');
    for (let k = 0; k < 101; k++)
      mailbox.userCreate(
        folder.id,
        outlookPerson(1_000 + k, { emailAddresses: [{ address: `many-${n}-${k}@fabrikam.com`, name: 'M' }] }),
      );
    const lost = creating('lost');
    const answered = creating('answered');
    const sizes: number[] = [];
    const create: BcContacts['create'] = async (drafts, ...rest) => {
      sizes.push(drafts.length);
      return (sizes.length === 1 ? lost : answered).create(drafts, ...rest);
    };
    await runOf(userId, memory, portWith(create));
    expect(sizes).toEqual([100, 1]);
    const endedAt = Date.parse(h.clock.now());
    h.clock.advance(1_000);
    expect(await colleagueGetsTurn(memory)).toBe(false);
    // Kept by group 2's announcing save, which still counts group 1's creates out (at endedAt
    // here): announcedKeepMs past it, a create going out up to IN_TURN_FRESH_MS after a save.
    h.clock.advance(endedAt + announcedKeepMs(SETTLE) + 1_000 - Date.parse(h.clock.now()));
    expect(await colleagueGetsTurn(memory)).toBe(true);
  });
});
