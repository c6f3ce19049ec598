import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { createPrng } from '../../src/emulator/ids.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { CrashSeat } from '../support/crash-hosts.js';
import type { Fates, HostName, Stop } from '../support/crash-hosts.js';
import { seededFates, UNCERTAIN_FATES } from '../support/uncertain-fetch.js';
import type { WriteFate } from '../support/uncertain-fetch.js';
import { UncertainWorld } from '../support/uncertain-world.js';
import { outlookPerson } from '../support/world.js';

// Model-based (lead's list, item 1): one salesperson, two hosts on one store — the pane's engine
// (state over the sync API) and the scheduler's (the facade's SQL store on PGlite) — run in random
// order between edits and new contacts on both sides. Each run's BC and Graph writes meet uncertain
// outcomes item by item inside $batch envelopes (201 beside 429/502/503/504, items missing from the
// answer, an envelope lost or timed out after the service applied what it held); and the run's
// process may die or stall at a random port call (a Graph or BC request or a state-store call —
// its progress and lease saves included — before or after it was applied). A stalled run waits
// while its lease expires and the other host runs to its end, then goes on. After every run: no
// contact twice on either side, no value lost (each edit and new contact still on some side).
// At the end one clean DELTA run (not full: a stored cursor ahead of the links would hide a change
// from it) leaves both sides holding every value, a full run after it finds nothing to write, and
// the links join each BC contact to the one Outlook contact carrying its id.
// CRASH_MODEL_RUNS cases (default 4), CRASH_MODEL_SEED (default 4711).

const RUNS = Number(process.env.CRASH_MODEL_RUNS ?? 4);
const SEED = Number(process.env.CRASH_MODEL_SEED ?? 4711);
const FATES: readonly WriteFate[] = [...UNCERTAIN_FATES, 'refused429', 'refused429'];

let world: UncertainWorld;
let seats = 0;
const tally = {
  cases: 0,
  runs: 0,
  died: 0,
  stalled: 0,
  stalledEnds: {} as Record<string, number>,
  owedStamps: 0,
  /** Late copies seen after a run (a stalled run's create that landed late), before a clean run removed them. */
  lateCopies: 0,
};

beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => {
  await world.close();
  if (process.env.CRASH_MODEL_REPORT) process.stdout.write(`crash-hosts model: ${JSON.stringify(tally)}\n`);
});

interface Model {
  /** The jobTitle each tracked contact (by email) must end with. */
  readonly titles: Map<string, string>;
  /** The side an email was edited on since the last clean run (the other side leaves it alone). */
  readonly dirty: Map<string, 'bc' | 'outlook'>;
  made: number;
  /**
   * A stalled run went on since the last clean run: its Outlook create may have landed after the
   * other host's run made and linked the contact (Graph takes no fencing token; seed 22). Such a
   * late copy may stand until a clean run (rule duplicates.removeOurCopy) removes it.
   */
  late: boolean;
}
interface Real {
  readonly seat: CrashSeat;
  readonly tag: string;
}
type Cmd = fc.AsyncCommand<Model, Real, false>;

const emailOf = (o: { emailAddresses: readonly { address: string }[] }) =>
  normalizeEmail(o.emailAddresses[0]?.address ?? '');

/** A contact's values but its identity and create mark: a late copy holds the linked one's. */
const valuesOf = (o: OutlookContact) => {
  const { id: _id, changeKey: _changeKey, createdBy: _createdBy, ...values } = o;
  return JSON.stringify(values);
};

/**
 * The Outlook contacts beside the first of each BC id that are late copies: our creates (marked)
 * holding the same values. Only while a stalled run's late create may stand (`model.late`).
 */
function lateCopies(model: Model, outlook: readonly OutlookContact[]): Set<string> {
  const late = new Set<string>();
  if (!model.late) return late;
  const first = new Map<string, OutlookContact>();
  for (const o of outlook) {
    const one = first.get(o.bcId);
    if (o.bcId === '' || !one) first.set(o.bcId, o);
    else if ((o.createdBy ?? '') !== '' && valuesOf(o) === valuesOf(one)) late.add(o.id);
  }
  return late;
}

/**
 * After every run: no contact twice on either side — but a stalled run's late copy until a clean
 * run —, every model value on some side.
 */
async function checkStep(model: Model, real: Real): Promise<void> {
  const [bc, all] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll()]);
  const late = lateCopies(model, all);
  const outlook = all.filter((o) => !late.has(o.id));
  const twice = (xs: string[]) => xs.filter((x, i) => x !== '' && xs.indexOf(x) !== i);
  expect({
    bcEmails: twice(bc.map((b) => normalizeEmail(b.email))),
    outlookEmails: twice(outlook.map(emailOf)),
    outlookBcIds: twice(outlook.map((o) => o.bcId)),
  }).toEqual({ bcEmails: [], outlookEmails: [], outlookBcIds: [] });
  tally.lateCopies += late.size;
  const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
  const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
  for (const [email, title] of model.titles)
    expect({ email, kept: [bcTitle.get(email), olTitle.get(email)].includes(title) }).toEqual({
      email,
      kept: true,
    });
}

class Edit implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const other = this.side === 'bc' ? 'outlook' : 'bc';
    const ok = (email: string) => model.titles.has(email) && model.dirty.get(email) !== other;
    const title = `${this.side} edit ${++model.made}`;
    if (this.side === 'bc') {
      const free = (await real.seat.bcAll()).filter((b) => ok(normalizeEmail(b.email)));
      const b = free[this.pick % Math.max(1, free.length)];
      if (!b) return;
      const [r] = await real.seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: title } }]);
      expect(r?.ok).toBe(true);
      model.titles.set(normalizeEmail(b.email), title);
      model.dirty.set(normalizeEmail(b.email), 'bc');
    } else {
      // The user of this model edits the copy the sync links, never a late copy beside it (kept
      // and listed when edited: test/core/our-copies.test.ts).
      const all = await real.seat.outlookAll();
      const late = lateCopies(model, all);
      const free = all.filter((o) => ok(emailOf(o)) && !late.has(o.id));
      const o = free[this.pick % Math.max(1, free.length)];
      if (!o) return;
      const folder = await real.seat.mailboxDirect.ensureFolder('Business Central');
      const [r] = await real.seat.mailboxDirect.update(folder.id, [
        { id: o.id, changeKey: o.changeKey, patch: { displayName: o.displayName, jobTitle: title } },
      ]);
      expect(r?.ok).toBe(true);
      model.titles.set(emailOf(o), title);
      model.dirty.set(emailOf(o), 'outlook');
    }
  }
  toString = () => `edit ${this.side} #${this.pick}`;
}

class Add implements Cmd {
  constructor(readonly side: 'bc' | 'outlook') {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const n = ++model.made;
    const email = `new${n}.${real.tag}@fabrikam.com`;
    const title = `made in ${this.side} ${n}`;
    if (this.side === 'bc') {
      const [r] = await real.seat.bcDirect.create([bcDraft(200 + n, { email, jobTitle: title })]);
      expect(r?.ok).toBe(true);
    } else {
      const folder = await real.seat.mailboxDirect.ensureFolder('Business Central');
      const draft = outlookPerson(200 + n, {
        jobTitle: title,
        emailAddresses: [{ address: email, name: '' }],
      });
      const [r] = await real.seat.mailboxDirect.create(folder.id, [draft]);
      expect(r?.ok).toBe(true);
    }
    model.titles.set(email, title);
    model.dirty.set(email, this.side);
  }
  toString = () => `add ${this.side}`;
}

const other = (h: HostName): HostName => (h === 'pane' ? 'schedule' : 'pane');

class Run implements Cmd {
  constructor(
    readonly host: HostName,
    readonly mode: SyncMode,
    readonly rate: number,
    readonly seed: number,
    readonly stop: Stop | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    tally.runs++;
    if (process.env.CRASH_MODEL_DEBUG) process.stdout.write(`${this.toString()} at ${real.seat.now()}\n`);
    const fates: Fates = seededFates(createPrng(this.seed), this.rate, FATES);
    const run = real.seat.run(this.host, this.mode, fates, this.stop);
    const first = await Promise.race([
      run.done.then(() => 'done' as const),
      run.reached.then(() => 'stalled' as const),
    ]);
    if (first === 'stalled') {
      // Its lease expires (the other host's run moves the clock 10 min first); the other host runs
      // to its end, with faults of its own; then the stalled one goes on.
      tally.stalled++;
      const second = await real.seat
        .run(other(this.host), this.mode, fates, null)
        .done.catch(async (e: unknown) => {
          if (process.env.CRASH_MODEL_DEBUG)
            process.stdout.write(
              JSON.stringify({
                e: String(e),
                heldBy: (e as { heldBy?: unknown }).heldBy,
                now: real.seat.now(),
                leases: await real.seat.leases(),
              }) + '\n',
            );
          throw e;
        });
      tally.runs++;
      if (second?.record.status === 'succeeded' && second.record.errors.length === 0) model.dirty.clear();
      run.resume();
      model.late = true;
      const late = await run.done;
      const end = late ? late.record.status : 'threw';
      tally.stalledEnds[end] = (tally.stalledEnds[end] ?? 0) + 1;
    } else {
      const outcome = await run.done;
      if (outcome === null) tally.died++;
      else if (outcome.record.status === 'succeeded' && outcome.record.errors.length === 0) {
        model.dirty.clear();
        // A clean run removed every late copy (rule duplicates.removeOurCopy): none may stand now.
        model.late = false;
      }
    }
    await checkStep(model, real);
  }
  toString = () =>
    `${this.host} ${this.mode} (faults ${this.rate}, seed ${this.seed}${
      this.stop ? `, ${this.stop.how} at call ${this.stop.at}${this.stop.after ? ' after it' : ''}` : ''
    })`;
}

const host = fc.constantFrom<HostName>('pane', 'schedule');
const stopArb = fc.option(
  fc.record({
    at: fc.integer({ min: 1, max: 40 }),
    how: fc.constantFrom<'die' | 'stall'>('die', 'stall'),
    after: fc.boolean(),
  }),
  { freq: 2 },
);
const runArb = fc
  .tuple(
    host,
    fc.constantFrom<SyncMode>('delta', 'delta', 'full'),
    fc.constantFrom(0, 0.2, 0.5),
    fc.integer(),
    stopArb,
  )
  .map(([h, m, r, s, stop]) => new Run(h, m, r, s, stop));
const side = fc.constantFrom<'bc' | 'outlook'>('bc', 'outlook');
const commands = fc.commands(
  [
    fc.tuple(side, fc.nat(40)).map(([s, p]) => new Edit(s, p)),
    side.map((s) => new Add(s)),
    side.map((s) => new Add(s)),
    runArb,
    runArb,
  ],
  { maxCommands: 12, size: 'medium' },
);

/** The model's property over `numRuns` cases from `seed` (the checks above, then the end's). */
async function modelHolds(numRuns: number, seed: number, path?: string): Promise<void> {
  await fc.assert(
    fc.asyncProperty(commands, host, async (cmds, settler) => {
      tally.cases++;
      const seat = await CrashSeat.open(world, ++seats);
      const tag = `c${seat.n}`;
      const model: Model = { titles: new Map(), dirty: new Map(), made: 0, late: false };
      const bcStart = Array.from({ length: 4 }, (_, i) =>
        bcDraft(i, { email: `bc${i}.${tag}@fabrikam.com`, jobTitle: `start ${i}` }),
      );
      expect((await seat.bcDirect.create(bcStart)).every((r) => r.ok)).toBe(true);
      const folder = await seat.mailboxDirect.ensureFolder('Business Central');
      const olStart = Array.from({ length: 2 }, (_, i) =>
        outlookPerson(i, {
          jobTitle: `ol ${i}`,
          emailAddresses: [{ address: `ol${i}.${tag}@fabrikam.com`, name: '' }],
        }),
      );
      expect((await seat.mailboxDirect.create(folder.id, olStart)).every((r) => r.ok)).toBe(true);
      for (const d of bcStart) model.titles.set(normalizeEmail(d.email), d.jobTitle);
      for (const d of olStart) model.titles.set(emailOf(d), d.jobTitle ?? '');
      const first = await seat.run('schedule', 'full', null, null).done;
      expect({ status: first?.record.status, errors: first?.record.errors }).toEqual({
        status: 'succeeded',
        errors: [],
      });

      await fc.asyncModelRun(() => ({ model, real: { seat, tag } }), cmds);

      // The end: one clean delta run settles everything; a full run then has nothing to write.
      const settle = await seat.run(settler, 'delta', null, null).done;
      expect({ status: settle?.record.status, errors: settle?.record.errors }).toEqual({
        status: 'succeeded',
        errors: [],
      });
      const bc = await seat.bcAll();
      let outlook = await seat.outlookAll();
      const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
      const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
      for (const [email, title] of model.titles)
        expect({ email, bc: bcTitle.get(email), outlook: olTitle.get(email) }).toEqual({
          email,
          bc: title,
          outlook: title,
        });
      expect({ bc: bc.length, outlook: outlook.length }).toEqual({
        bc: model.titles.size,
        outlook: model.titles.size,
      });
      // A full run then writes only the BC id stamps a failed stamp write left owed (a delta run
      // reads only changed contacts: owed-stamp.ts); a second full run writes nothing.
      const owed = outlook.filter((o) => o.bcId === '').length;
      const full = await seat.run(other(settler), 'full', null, null).done;
      expect({ status: full?.record.status, counts: full?.record.counts }).toEqual({
        status: 'succeeded',
        counts: {
          bc: { created: 0, updated: 0, deleted: 0 },
          outlook: { created: 0, updated: owed, deleted: 0 },
        },
      });
      const again = await seat.run(settler, 'full', null, null).done;
      expect({ status: again?.record.status, counts: again?.record.counts }).toEqual({
        status: 'succeeded',
        counts: {
          bc: { created: 0, updated: 0, deleted: 0 },
          outlook: { created: 0, updated: 0, deleted: 0 },
        },
      });
      tally.owedStamps += owed;
      outlook = await seat.outlookAll();
      // Links: one per BC contact, to the one Outlook contact carrying its id.
      const links = await seat.store.listLinks({ userId: seat.userId, folderId: folder.id });
      const byBcId = new Map(outlook.map((o) => [o.bcId, o.id]));
      if (process.env.CRASH_MODEL_DEBUG)
        process.stdout.write(
          JSON.stringify(
            {
              links: links.map((l) => [l.bcId, l.outlookId]),
              outlook: outlook.map((o) => [o.id, o.bcId, emailOf(o)]),
              bc: bc.map((b) => [b.id, b.email]),
            },
            null,
            1,
          ) + '\n',
        );
      expect(links.map((l) => [l.bcId, l.outlookId]).sort()).toEqual(
        bc.map((b) => [b.id, byBcId.get(b.id)]).sort(),
      );
      expect((await seat.records()).filter((r) => r.status === 'running').map((r) => r.id)).toEqual([]);
    }),
    { numRuns, seed, endOnFailure: true, ...(path ? { path } : {}) },
  );
}

describe('two hosts, partial $batch answers, deaths and stalls at any port call (model-based)', () => {
  test('no contact twice, no value lost after every run; a clean delta run settles all, a full run then writes nothing, links join each pair once', async () => {
    await modelHolds(RUNS, SEED, process.env.CRASH_MODEL_PATH);
  }, 1_200_000);

  // Review (seed 33, 5th case, path "4"): a scheduler run stalled after its pending creates were
  // stored, past its lease; the pane's run made those contacts, and the stalled run went on to send
  // its creates too (two copies). Fails without UncertainLedger.held (a write goes out only under a
  // held lease). The case alone (path): the four before it run in the default property's seeds.
  test('seed 33: a run stalled past its lease sends no write when it goes on', async () => {
    await modelHolds(5, 33, '4');
  }, 1_200_000);

  // Seed 33 ×100, 15th case (path "14"): a scheduler run's BC create (an Outlook contact's import,
  // under the create turn) was answered 429 and the run stalled before the adapter sent it again;
  // its lease and turn expired, the pane's run took the turn, found no such address in BC and made
  // the contact; then the stalled run's adapter sent the create again: two BC contacts of one
  // e-mail. Fails without SendAgain (ports.ts: the adapter asks the run's lease and the turn before
  // any write goes again; bc-batch.ts runBatch).
  test('seed 33 ×100: a create the adapter would send again after a stall past the turn is not sent', async () => {
    await modelHolds(15, 33, '14');
  }, 1_200_000);

  // Seed 22, 32nd case (path "31"): a scheduler run stalled AT its Graph create (the request on its
  // way), its lease expired, the pane's run created and linked the contacts, then the stalled
  // creates landed: two Outlook copies stamped with one BC id each. Graph takes no fencing token,
  // so no lease check can stop that; the next clean run removes the late copies (rule
  // duplicates.removeOurCopy). Fails without it: the settling runs leave 2 Outlook contacts too many.
  test('seed 22: creates that landed after the lease expired leave copies the next clean run removes', async () => {
    await modelHolds(32, 22, '31');
  }, 1_200_000);
});
