import { expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncMode } from '../../src/core/records.js';
import { createPrng } from '../../src/emulator/ids.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { CrashSeat } from './crash-hosts.js';
import type { Fates, HostName, Stop } from './crash-hosts.js';
import {
  Add,
  AddExtras,
  ClearPhone,
  Delete,
  Edit,
  EditEmail,
  checkStep,
  clashEnd,
  cleanRun,
  deleteKeptCopies,
  emailOf,
  holdsExtras,
  newModel,
  pickOf,
} from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import { keepOutlook, scopeIn, seamsCommands, toggleFolder } from './crash-seams.js';
import type { SeamParts } from './crash-seams.js';
import { keepGone, scopeCommands, scopeSteps } from './crash-scope.js';
import type { ScopeParts } from './crash-scope.js';
import { policyCommands } from './crash-policy.js';
import type { ConflictEntry } from '../../src/core/ports.js';
import type { ResolveResult } from '../../src/core/resolve-types.js';
import { seededFates, UNCERTAIN_FATES } from './uncertain-fetch.js';
import type { WriteFate } from './uncertain-fetch.js';
import type { UncertainWorld } from './uncertain-world.js';
import { outlookPerson } from './world.js';

/*
 * The crash-hosts model's runs and its property (test/server/crash-hosts.model.test.ts). With
 * `combos` it adds what the first version did not reach: the scheduler's in-process BC path
 * (`scheduleStore`: a stop after a BC write is its answer lost), Outlook-only values beside BC's
 * (a second business phone) and BC clearing the value beside them, conflicts settled by the
 * policy, and the user's choices while a run is stalled: a folder rename in the settings, or a
 * resolve of every conflict (refused while the stalled run holds the folder's lease).
 *
 * `windows` (all of `combos`, and): stops aimed at a kind of call wherever it falls in the run —
 * the BC create, its look-up under the create turn, any BC or Graph write, the pending creates'
 * record, the links' save, a lease or turn take — so a run dies, stalls past its lease and turn,
 * or is cancelled exactly there (call numbers move whenever a change adds port calls, and the
 * windows last sessions' fixes closed — a create stalled past the turn, a lost create answer —
 * lie between a few of some 40 calls); e-mail changes on either side and deletes on either side
 * while the other edits; the CLI's own process as a third host (crash-cli-host.ts: a RunManager,
 * the cancel aborting requests in flight), and cancels sent to another facade process
 * (`cancelAway`: the run's stored record marked, met at its next save).
 */

const FATES: readonly WriteFate[] = [...UNCERTAIN_FATES, 'refused429', 'refused429'];

export const tally = {
  cases: 0,
  runs: 0,
  died: 0,
  stalled: 0,
  stalledEnds: {} as Record<string, number>,
  owedStamps: 0,
  /** Late copies seen after a run (a stalled run's create that landed late), before a clean run removed them. */
  lateCopies: 0,
  /** Late copies the end's clean run kept and listed (edited since they landed), deleted by the user's hand. */
  keptCopies: 0,
  /** Runs by host; a pane run right after a scheduled one and the other way round. */
  hosts: {} as Record<string, number>,
  paneThenSchedule: 0,
  /** The user's choices while a run stalled, by how each ended. */
  during: {} as Record<string, number>,
  /** Aimed stops (windows) that the run came to, by kind and how; and the ends of cancelled runs. */
  aimed: {} as Record<string, number>,
  cancelEnds: {} as Record<string, number>,
};
let lastHost: HostName | null = null;

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

const other = (h: HostName): HostName => (h === 'pane' ? 'schedule' : 'pane');

/** What the user does while a run is stalled: before the other host's run (its lease still held) or after. */
interface During {
  /** `resolveOutlook` (`seams`): the user keeps Outlook's values (crash-seams.ts keepOutlook). */
  readonly what: 'rename' | 'resolve' | 'resolveOutlook';
  readonly when: 'held' | 'lapsed';
  /**
   * `seams`: the user leaves a deletedInBc conflict open (a contact the filter left out, its copy
   * kept for its Outlook-only values; choosing BC's side would remove them, which the model does
   * not follow).
   */
  readonly leaveDeletions?: boolean;
}

async function act(d: During, model: Model, real: Real): Promise<void> {
  if (d.what === 'rename') {
    await toggleFolder(real);
    count(tally.during, `rename ${d.when}`);
    return;
  }
  if (d.what === 'resolveOutlook') {
    for (const end of await keepOutlook(model, real)) count(tally.during, `keep outlook ${d.when} ${end}`);
    return;
  }
  const leave = (c: ConflictEntry) => d.leaveDeletions === true && c.record.kind === 'deletedInBc';
  const ends = await real.seat.resolveAll(leave, 'bc', (c, r) => revertedOutlookWin(model, c, r));
  for (const end of ends) count(tally.during, `resolve ${d.when} ${end}`);
}

/**
 * The user's choice of BC's side for a title the policy settled for Outlook (outlookWins: policy
 * moves, crash-policy.ts) reverts it: both sides hold BC's losing value, and the model follows
 * (design §2 "Conflicts": a settled conflict stays listed until the user accepts or reverts it).
 * Not for a contact edited since the last clean run: the record's values are not its own then.
 */
function revertedOutlookWin(model: Model, c: ConflictEntry, r: ResolveResult): void {
  const f = c.record.kind === 'fields' ? c.record.fields.find((x) => x.field === 'jobTitle') : undefined;
  if (r.kind !== 'merged' || f?.winner !== 'outlook') return;
  const email = normalizeEmail(r.bc.email);
  if (!model.titles.has(email) || model.dirty.has(email)) return;
  expect({ email, bc: r.bc.jobTitle, outlook: r.outlook.jobTitle }).toEqual({
    email,
    bc: f.bc,
    outlook: f.bc,
  });
  model.titles.set(email, f.bc);
}

class Run implements Cmd {
  constructor(
    readonly host: HostName,
    readonly mode: SyncMode,
    readonly rate: number,
    readonly seed: number,
    readonly stop: Stop | null,
    readonly during: During | null = null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    tally.runs++;
    count(tally.hosts, this.host);
    if (lastHost === 'pane' && this.host !== 'pane') tally.paneThenSchedule++;
    lastHost = this.host;
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
      if (this.during?.when === 'held') await act(this.during, model, real);
      const second = await real.seat.run(other(this.host), this.mode, fates, null).done;
      tally.runs++;
      if (process.env.CRASH_MODEL_DEBUG) {
        process.stdout.write(
          `  second: ${JSON.stringify([second?.record.status, second?.record.counts, second?.record.errors.map((e) => e.code)])}\n`,
        );
        await checkStep(model, real).catch(() => undefined);
      }
      if (second?.record.status === 'succeeded' && second.record.errors.length === 0) cleanRun(model);
      if (this.during?.when === 'lapsed') await act(this.during, model, real);
      run.resume();
      model.late = true;
      model.lateSeen = true;
      const late = await run.done;
      if (process.env.CRASH_MODEL_DEBUG)
        process.stdout.write(
          `  resumed: ${JSON.stringify([late?.record.status, late?.record.counts, late?.record.errors.map((e) => e.code)])}\n`,
        );
      const end = late ? late.record.status : 'threw';
      tally.stalledEnds[end] = (tally.stalledEnds[end] ?? 0) + 1;
    } else {
      const outcome = await run.done;
      const how = this.stop?.how;
      if ((how === 'cancel' || how === 'cancelAway') && run.stopReached()) {
        const away = run.awayAnswer();
        count(tally.cancelEnds, `${how}${away ? ` ${away}` : ''} ${outcome?.record.status ?? 'threw'}`);
        if (process.env.CRASH_MODEL_DEBUG)
          process.stdout.write(
            `  cancelled: ${JSON.stringify([outcome?.record.status, outcome?.record.errors])}\n`,
          );
      }
      if (outcome === null) tally.died++;
      else if (outcome.record.status === 'succeeded' && outcome.record.errors.length === 0) {
        cleanRun(model);
        // A clean run removed every late copy (rule duplicates.removeOurCopy): none may stand now.
        model.late = false;
      }
    }
    const aim = Object.entries(AIMS).find(([, texts]) => texts === this.stop?.on)?.[0];
    if (aim && run.stopReached())
      count(tally.aimed, `${aim} ${this.stop!.how}${this.stop!.after ? ' after' : ''}`);
    tally.lateCopies += await checkStep(model, real);
  }
  toString = () =>
    `${this.host} ${this.mode} (faults ${this.rate}, seed ${this.seed}${
      this.stop ? `, ${this.stop.how} at call ${this.stop.at}${this.stop.after ? ' after it' : ''}` : ''
    }${this.stop?.on ? ` on ${String(this.stop.on[0])}` : ''}${
      this.during ? `, ${this.during.what} while ${this.during.when}` : ''
    })`;
}

/**
 * A contact edited on both sides between runs (different job titles): the policy (bcWins, the
 * default) settles it for BC's value and lists the conflict until the user decides.
 */
class Clash implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const [bc, outlook, links] = await Promise.all([
      real.seat.bcAll(),
      real.seat.outlookAll(),
      real.seat.store.listLinks({ userId: real.seat.userId, folderId: (await real.seat.folder()).id }),
    ]);
    // The linked copy before a late copy beside it (a user edits the contact the sync shows).
    const linked = new Set(links.map((l) => l.outlookId));
    const stamped = outlook.filter((o) => o.bcId !== '');
    const olOf = new Map(
      [...stamped.filter((o) => !linked.has(o.id)), ...stamped.filter((o) => linked.has(o.id))].map((o) => [
        o.bcId,
        o,
      ]),
    );
    const free = bc.filter(
      (b) =>
        olOf.has(b.id) &&
        !model.dirty.has(normalizeEmail(b.email)) &&
        model.scopedOut !== normalizeEmail(b.email),
    );
    const b = pickOf(free, this.pick, (c) => normalizeEmail(c.email));
    if (!b) return;
    const o = olOf.get(b.id)!;
    const n = ++model.made;
    const [r] = await real.seat.bcDirect.update([
      { id: b.id, etag: b.etag, patch: { jobTitle: `clash bc ${n}` } },
    ]);
    const [s] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
      {
        id: o.id,
        changeKey: o.changeKey,
        patch: { displayName: o.displayName, jobTitle: `clash outlook ${n}` },
      },
    ]);
    expect([r?.ok, s?.ok]).toEqual([true, true]);
    const end = clashEnd(model, `clash bc ${n}`, `clash outlook ${n}`);
    model.titles.set(normalizeEmail(b.email), end.title);
    model.dirty.set(normalizeEmail(b.email), end.side);
    model.clashed.add(normalizeEmail(b.email));
  }
  toString = () => `clash #${this.pick}`;
}

/** What crash-seams.ts builds its composite commands of (a run with a stop and a choice; a clash). */
const seamParts: SeamParts = {
  run: (host, stop, during) => new Run(host, 'delta', 0, 0, stop, { ...during, leaveDeletions: true }),
  clash: (pick) => new Clash(pick),
};

/** What crash-scope.ts's decisions run after them: a delta run without faults (the model follows a clean one). */
const scopeParts: ScopeParts = {
  run: async (host, model, real) => {
    tally.runs++;
    const outcome = await real.seat.run(host, 'delta', null, null).done;
    const clean = outcome?.record.status === 'succeeded' && outcome.record.errors.length === 0;
    if (clean) {
      cleanRun(model);
      model.late = false;
    }
    return { status: outcome?.record.status ?? 'threw', clean };
  },
};

const stopArb: fc.Arbitrary<Stop | null> = fc.option(
  fc.record({
    at: fc.integer({ min: 1, max: 40 }),
    how: fc.constantFrom<'die' | 'stall'>('die', 'stall'),
    after: fc.boolean(),
  }),
  { freq: 2 },
);

/** The kinds of call a `windows` stop aims at: the texts of their descriptions (crash-hosts.ts Stop.on). */
const AIMS: Readonly<Record<string, readonly string[]>> = {
  bcCreate: [
    'POST http://facade.internal/api/v2.0/$batch',
    'POST http://facade.internal/api/v2.0/companies(',
    'bc create',
  ],
  lookUp: ['%24filter=email', 'bc findByEmails'],
  bcWrite: [
    'POST http://facade.internal/api/v2.0/$batch',
    'PATCH http://facade.internal/',
    'bc create',
    'bc update',
  ],
  graphWrite: ['POST http://graph.test/v1.0/$batch', 'PATCH http://graph.test/', 'DELETE http://graph.test/'],
  pending: ['store addPendingCreates'],
  links: ['store upsertLinks', 'store putLinks'],
  lease: ['store acquireLease', 'store renewLease'],
};

/** A stop aimed at the `at`-th call of a kind (AIMS), or at a call number; a cancel among them. */
const aimedStopArb: fc.Arbitrary<Stop | null> = fc.option(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        // The create's windows (its look-up under the turn, its record, the create) more often:
        // a run makes a BC create only when an Outlook contact is new, so most aims there miss.
        on: fc
          .constantFrom(...Object.keys(AIMS), 'bcCreate', 'bcCreate', 'lookUp', 'pending')
          .map((k) => AIMS[k]!),
        at: fc.integer({ min: 1, max: 2 }),
        how: fc.constantFrom<Stop['how']>('die', 'stall', 'stall', 'cancel', 'cancelAway'),
        after: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at: fc.integer({ min: 1, max: 40 }),
        how: fc.constantFrom<Stop['how']>('die', 'stall', 'cancel', 'cancelAway'),
        after: fc.boolean(),
      }),
    },
  ),
  { freq: 3 },
);

const runArb = (
  hosts: readonly HostName[],
  during: boolean,
  stops: fc.Arbitrary<Stop | null> = stopArb,
  leaveDeletions = false,
): fc.Arbitrary<Run> =>
  fc
    .tuple(
      fc.constantFrom(...hosts),
      fc.constantFrom<SyncMode>('delta', 'delta', 'full'),
      fc.constantFrom(0, 0.2, 0.5),
      fc.integer(),
      stops,
      during
        ? fc.option(
            fc
              .record({
                // `seams`: a third of the choices keep Outlook's values (the other moves' seeds unchanged).
                what: leaveDeletions
                  ? fc.constantFrom<During['what']>('rename', 'resolve', 'resolveOutlook')
                  : fc.constantFrom<During['what']>('rename', 'resolve', 'resolve'),
                when: fc.constantFrom<'held' | 'lapsed'>('held', 'lapsed'),
              })
              .map((d): During => (leaveDeletions ? { ...d, leaveDeletions } : d)),
            { freq: 2 },
          )
        : fc.constant(null),
    )
    .map(([h, m, r, s, stop, d]) => new Run(h, m, r, s, stop, d));
const side = fc.constantFrom<'bc' | 'outlook'>('bc', 'outlook');

/** The generators: the first version's, `combos`, `windows` (the file's head) and `seams` (crash-seams.ts). */
type Moves = 'base' | 'combos' | 'windows' | 'seams' | 'scope' | 'policy';

/** `scope` and `policy` (all of `scope`, and crash-policy.ts's own). */
const scopeLike = (moves: Moves) => moves === 'scope' || moves === 'policy';

/** The user's commands and the runs; `combos` and `windows` add the ones the file's head names. */
function commandsArb(moves: Moves) {
  const combos = moves !== 'base';
  const seams = moves === 'seams' || scopeLike(moves);
  const aimed = moves === 'windows' || seams;
  const hosts: HostName[] = aimed
    ? ['pane', 'schedule', 'scheduleStore', 'cli']
    : combos
      ? ['pane', 'schedule', 'scheduleStore']
      : ['pane', 'schedule'];
  const stops = aimed ? aimedStopArb : stopArb;
  const base: fc.Arbitrary<Cmd>[] = [
    fc.tuple(side, fc.nat(40)).map(([s, p]) => new Edit(s, p)),
    side.map((s) => new Add(s)),
    side.map((s) => new Add(s)),
    runArb(hosts, combos, stops, seams),
    runArb(hosts, combos, stops, seams),
  ];
  const more: fc.Arbitrary<Cmd>[] = combos
    ? [
        fc.nat(40).map((p) => new AddExtras(p)),
        fc.nat(40).map((p) => new ClearPhone(p)),
        fc.nat(40).map((p) => new Clash(p)),
      ]
    : [];
  const windows: fc.Arbitrary<Cmd>[] = aimed
    ? [
        runArb(hosts, combos, stops, seams),
        fc.tuple(side, fc.nat(40)).map(([s, p]) => new EditEmail(s, p)),
        fc.tuple(side, fc.nat(40)).map(([s, p]) => new Delete(s, p)),
      ]
    : [];
  // `seams`: two more runs beside its five commands, so runs still meet each other between them.
  const seamsMoves = seams
    ? [runArb(hosts, combos, stops, seams), runArb(hosts, combos, stops, seams), ...seamsCommands(seamParts)]
    : [];
  // `scope` (crash-scope.ts): all of `seams`, and its own; more commands, so two more runs too.
  const scopeMoves = scopeLike(moves)
    ? [runArb(hosts, combos, stops, seams), runArb(hosts, combos, stops, seams), ...scopeCommands(scopeParts)]
    : [];
  const policyMoves = moves === 'policy' ? policyCommands() : [];
  return fc.commands([...base, ...more, ...windows, ...seamsMoves, ...scopeMoves, ...policyMoves], {
    maxCommands:
      moves === 'policy' ? 28 : moves === 'scope' ? 24 : seams ? 20 : aimed ? 16 : combos ? 14 : 12,
    size: 'medium',
  });
}

/** The end: one clean delta run settles everything; a full run then writes only owed stamps, a second nothing. */
async function settles(model: Model, real: Real, settler: HostName): Promise<void> {
  const { seat } = real;
  // A contact the filter leaves out comes back in first: the end's counts hold every contact. The
  // user keeps every copy BC deleted that is still undecided (crash-scope.ts).
  await scopeIn(model, real);
  await keepGone(model, real);
  const settle = await seat.run(settler, 'delta', null, null).done;
  expect({ status: settle?.record.status, errors: settle?.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  tally.keptCopies += await deleteKeptCopies(model, real);
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
  // BC's cleared phones are gone from both sides; the Outlook-only phones stay, and only in Outlook.
  const bcOf = new Map(bc.map((b) => [normalizeEmail(b.email), b]));
  for (const o of outlook) {
    const email = emailOf(o);
    const x = model.extras.get(email);
    const bcPhone = bcOf.get(email)?.phoneNumber;
    expect({
      email,
      extraKept: x ? holdsExtras(o, x) : true,
      bcPhone: model.phoneCleared.has(email) ? bcPhone : 'kept',
      outlookPhones: o.businessPhones.filter((p) => p !== x?.phone),
    }).toEqual({
      email,
      extraKept: true,
      bcPhone: model.phoneCleared.has(email) ? '' : 'kept',
      outlookPhones: bcPhone ? [bcPhone] : [],
    });
  }
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
    counts: { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 0, updated: 0, deleted: 0 } },
  });
  tally.owedStamps += owed;
  outlook = await seat.outlookAll();
  // Links: one per BC contact, to the one Outlook contact carrying its id.
  const links = await seat.store.listLinks({ userId: seat.userId, folderId: (await seat.folder()).id });
  const byBcId = new Map(outlook.map((o) => [o.bcId, o.id]));
  expect(links.map((l) => [l.bcId, l.outlookId]).sort()).toEqual(
    bc.map((b) => [b.id, byBcId.get(b.id)]).sort(),
  );
  expect((await seat.records()).filter((r) => r.status === 'running').map((r) => r.id)).toEqual([]);
}

let seats = 0;

/** One case: four BC and two Outlook contacts, a first full run, `cmds`, then the end's checks. */
async function oneCase(
  world: UncertainWorld,
  moves: Moves,
  cmds: Iterable<fc.AsyncCommand<Model, Real>>,
  settler: HostName,
): Promise<void> {
  tally.cases++;
  lastHost = null;
  const seat = await CrashSeat.open(world, ++seats);
  // Deletes (windows) in folders of a few contacts: one is more than the default share the
  // run stops for (design §2, its own tests); the model's deletes go through.
  if (moves === 'windows' || moves === 'seams' || scopeLike(moves))
    await seat.store.putSettings(seat.userId, { ...DEFAULT_SETTINGS, massDeleteShare: 1 });
  const tag = `c${seat.n}`;
  const model = newModel();
  model.holdOutEdits = scopeLike(moves);
  const bcStart = Array.from({ length: 4 }, (_, i) =>
    bcDraft(i, { email: `bc${i}.${tag}@fabrikam.com`, jobTitle: `start ${i}` }),
  );
  expect((await seat.bcDirect.create(bcStart)).every((r) => r.ok)).toBe(true);
  const olStart = Array.from({ length: 2 }, (_, i) =>
    outlookPerson(i, {
      jobTitle: `ol ${i}`,
      emailAddresses: [{ address: `ol${i}.${tag}@fabrikam.com`, name: '' }],
    }),
  );
  expect((await seat.mailboxDirect.create((await seat.folder()).id, olStart)).every((r) => r.ok)).toBe(true);
  for (const d of bcStart) model.titles.set(normalizeEmail(d.email), d.jobTitle);
  for (const d of olStart) model.titles.set(emailOf(d), d.jobTitle ?? '');
  const first = await seat.run('schedule', 'full', null, null).done;
  expect({ status: first?.record.status, errors: first?.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  await fc.asyncModelRun(() => ({ model, real: { seat, tag } satisfies Real }), cmds);
  await settles(model, { seat, tag }, settler);
}

/** The model's property over `numRuns` cases from `seed` (the checks after each run, then the end's). */
export async function modelHolds(
  world: UncertainWorld,
  numRuns: number,
  seed: number,
  options: {
    readonly path?: string | undefined;
    readonly combos?: boolean;
    readonly windows?: boolean;
    readonly seams?: boolean;
    readonly scope?: boolean;
    readonly policy?: boolean;
  } = {},
): Promise<void> {
  const moves: Moves = options.policy
    ? 'policy'
    : options.scope
      ? 'scope'
      : options.seams
        ? 'seams'
        : options.windows
          ? 'windows'
          : options.combos
            ? 'combos'
            : 'base';
  await fc.assert(
    fc.asyncProperty(
      commandsArb(moves),
      fc.constantFrom<HostName>(
        ...(moves === 'windows' || moves === 'seams' || scopeLike(moves)
          ? (['pane', 'schedule', 'cli'] as const)
          : (['pane', 'schedule'] as const)),
      ),
      (cmds, settler) => oneCase(world, moves, cmds, settler),
    ),
    { numRuns, seed, endOnFailure: true, ...(options.path ? { path: options.path } : {}) },
  );
}

/**
 * A named case without the random model: `steps` as given (no shrinking), then the end's checks
 * (crash-hosts.model.test.ts's named scope cases).
 *
 * @internal
 */
export async function modelSteps(
  world: UncertainWorld,
  steps: readonly Cmd[],
  settler: HostName,
  moves: 'scope' = 'scope',
): Promise<void> {
  await oneCase(world, moves, steps, settler);
}

/**
 * The model's own steps for named cases: a run of `host` without faults (stopped by `stop`), a
 * clash (crash-model-run.ts Clash), the user's decisions (crash-scope.ts DecideDeletions).
 *
 * @internal
 */
export const namedSteps = {
  run: (host: HostName, mode: SyncMode, stop: Stop | null = null): Cmd => new Run(host, mode, 0, 0, stop),
  clash: (pick: number): Cmd => new Clash(pick),
  /** The user's decisions of the listed deletions (`sides`: Outlook's for true), then runs. */
  decide: (sides: readonly boolean[], host: HostName): Cmd => scopeSteps.decide(scopeParts, sides, host),
};
