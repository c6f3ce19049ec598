import { expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncMode } from '../../src/core/records.js';
import type { HostName, Stop } from './crash-hosts.js';
import { checkStep } from './crash-model-check.js';
import { AddExtras } from './crash-model-edits.js';
import { cleanRun, pickOf } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import type { ConflictEntry } from '../../src/core/ports.js';
import { RemovedFromCompany } from './crash-removed.js';

/*
 * The crash-hosts model's `seams` moves (crash-model-arbs.ts: all of `windows`, and these): the
 * user's choices between the parts — the settings and the other host — beside the runs:
 * - a folder rename in the settings between runs (not only while a run stalls), so the move is
 *   made by whichever host runs next, and edits land in the folder under its old name first;
 * - a filter that leaves one linked contact out of scope (its Outlook copy removed, or kept beside
 *   a deletedInBc conflict when it holds Outlook-only values: rule deletions.keepOutlookOnly), and
 *   takes it in again (rule delta.filterChange: the next run reads both sides whole);
 * - a Preview (dry run) on any engine host between the other's runs, or stalled across a run of
 *   the other host: it writes nothing — BC, Outlook, the folder's name, links, conflicts, cursor
 *   (on the CLI's host too: its own process, a Preview stalled there crossing the pane's run);
 * - the pane's engine on the user's other company (refused, writing nothing), the runs after it
 *   on the state's company going on; any host's run after the user was removed from the company
 *   (crash-removed.ts: refused, writing nothing);
 * - a conflict decided in the pane for Outlook's values while a scheduled run stalls (refused
 *   while its lease is held, written once it lapsed); a third of the `seams` runs' own choices
 *   while they stall are that one too.
 */

export const seamsTally = {
  /** Previews by how each ended (and whether it stalled across the other host's run). */
  previews: {} as Record<string, number>,
  renames: 0,
  /** Scope-outs by what the contact's Outlook copy held (Outlook-only values or not). */
  scopeOuts: {} as Record<string, number>,
  scopeIns: 0,
  /** Pane runs on the user's other company, refused (companyChanged). */
  refusedCompany: 0,
  /** Runs after the user was removed from the company, by host and codes (crash-removed.ts). */
  removed: {} as Record<string, number>,
  /** Conflicts the user decided for Outlook's values while a run stalled (keepOutlook). */
  keptOutlook: 0,
};

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

const FOLDERS = ['Business Central', 'BC Contacts'] as const;

/** The user names the other of the model's two folders in the settings. */
export async function toggleFolder(real: Real): Promise<void> {
  const now = (await real.seat.store.getSettings(real.seat.userId))?.folderName ?? FOLDERS[0];
  await real.seat.rename(now === FOLDERS[0] ? FOLDERS[1] : FOLDERS[0]);
}

class Rename implements Cmd {
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    await toggleFolder(real);
    seamsTally.renames++;
  }
  toString = () => 'rename the folder in the settings';
}

export async function putFilter(real: Real, filter: Record<string, string>): Promise<void> {
  const settings = (await real.seat.store.getSettings(real.seat.userId)) ?? DEFAULT_SETTINGS;
  await real.seat.store.putSettings(real.seat.userId, { ...settings, filter });
}

/**
 * The user's filter leaves one linked contact out (`<>` its BC e-mail), preferring one whose
 * Outlook copy holds Outlook-only values; never one with Outlook changes not yet in BC (that is a
 * conflict of its own, not modelled). A contact left out before comes back in. `typeExtra`: the
 * user first types a second business phone into a copy (AddExtras), so the filter change meets
 * Outlook-only values more often than the random order brings them.
 */
class ScopeOut implements Cmd {
  constructor(
    readonly pick: number,
    readonly typeExtra: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    if (this.typeExtra) await new AddExtras(this.pick).run(model, real);
    const folderId = (await real.seat.folder()).id;
    const [bc, links] = await Promise.all([
      real.seat.bcAll(),
      real.seat.store.listLinks({ userId: real.seat.userId, folderId }),
    ]);
    const linked = new Set(links.map((l) => l.bcId));
    const free = bc.filter((b) => {
      const email = normalizeEmail(b.email);
      return (
        linked.has(b.id) &&
        model.titles.has(email) &&
        model.dirty.get(email) !== 'outlook' &&
        !model.clashed.has(email) &&
        model.scopedOut !== email
      );
    });
    const withExtras = free.filter((b) => model.extras.has(normalizeEmail(b.email)));
    const b = pickOf(withExtras.length > 0 ? withExtras : free, this.pick, (c) => normalizeEmail(c.email));
    if (!b) return;
    await putFilter(real, { email: `<>${b.email}` });
    model.scopedOut = normalizeEmail(b.email);
    count(seamsTally.scopeOuts, model.extras.has(model.scopedOut) ? 'with extras' : 'plain');
  }
  toString = () => `filter leaves out #${this.pick}${this.typeExtra ? ' (an extra phone typed first)' : ''}`;
}

/** The filter takes every contact in again (no condition). */
export async function scopeIn(model: Model, real: Real): Promise<void> {
  if (model.scopedOut === null) return;
  await putFilter(real, {});
  model.scopedOut = null;
  seamsTally.scopeIns++;
}

class ScopeIn implements Cmd {
  check = () => true;
  run = (model: Model, real: Real) => scopeIn(model, real);
  toString = () => 'filter takes all in';
}

/** What a dry run must leave as it was: both sides, the folder's name, and the sync's stored state. */
async function snapshot(real: Real): Promise<unknown> {
  const folder = await real.seat.folder();
  const scope = { userId: real.seat.userId, folderId: folder.id };
  const [bc, outlook, named, links, conflicts, cursor, settings] = await Promise.all([
    real.seat.bcAll(),
    real.seat.outlookAll(),
    real.seat.mailboxDirect.folderById(folder.id),
    real.seat.store.listLinks(scope),
    real.seat.store.listConflicts(scope),
    real.seat.store.getCursor(scope),
    real.seat.store.getSettings(real.seat.userId),
  ]);
  return {
    bc: bc.map((b) => [b.id, b.etag]).sort(),
    outlook: outlook.map((o) => [o.id, o.changeKey]).sort(),
    folder: named?.displayName,
    links,
    conflicts,
    cursor,
    settings,
  };
}

type EngineHost = Exclude<HostName, 'cli'>;
const otherOf = (h: HostName): EngineHost => (h === 'pane' ? 'schedule' : 'pane');

/**
 * A Preview: a dry run of `host` (the CLI's too: `sync --dry-run` run in its own process). Alone
 * it leaves everything as it was. With `stall`, it stalls there past its lease, the other host runs for real (no faults), and the Preview goes on: from
 * then on it writes nothing either (a lost lease ends it, or it ends as a dry run does).
 */
class Preview implements Cmd {
  constructor(
    readonly host: HostName,
    readonly mode: SyncMode,
    readonly stall: Stop | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const before = await snapshot(real);
    const run = real.seat.run(this.host, this.mode, null, this.stall, { dryRun: true });
    const first = await Promise.race([
      run.done.then(() => 'done' as const),
      run.reached.then(() => 'stalled' as const),
    ]);
    if (first === 'done') {
      const outcome = await run.done;
      expect({ status: outcome?.record.status, errors: outcome?.record.errors }).toEqual({
        status: 'succeeded',
        errors: [],
      });
      expect(await snapshot(real)).toEqual(before);
      count(seamsTally.previews, `${this.host} ${this.mode} succeeded`);
      return;
    }
    // Up to its stall it wrote nothing either.
    expect(await snapshot(real)).toEqual(before);
    const second = await real.seat.run(otherOf(this.host), this.mode, null, null).done;
    if (second?.record.status === 'succeeded' && second.record.errors.length === 0) cleanRun(model);
    const between = await snapshot(real);
    run.resume();
    const outcome = await run.done;
    expect(await snapshot(real)).toEqual(between);
    count(seamsTally.previews, `${this.host} ${this.mode} stalled ${outcome?.record.status ?? 'threw'}`);
    await checkStep(model, real);
  }
  toString = () =>
    `preview ${this.host} ${this.mode}${this.stall ? ` (stalls at call ${this.stall.at})` : ''}`;
}

/**
 * The pane's engine given the user's other company (it takes the first it lists; F86): refused
 * before it reads anything (`companyChanged`), writing nothing; the runs after, on the state's own
 * company, go on as before (its record carries the state's company and folder over, review R2).
 */
class OtherCompany implements Cmd {
  constructor(readonly mode: SyncMode) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const companyId = await real.seat.otherCompany();
    const before = await snapshot(real);
    const outcome = await real.seat.run('pane', this.mode, null, null, { companyId }).done;
    expect({
      status: outcome?.record.status,
      codes: outcome?.record.errors.map((e) => e.code),
      companyId: outcome?.record.companyId,
      counts: outcome?.record.counts,
    }).toEqual({
      status: 'failed',
      codes: ['companyChanged'],
      companyId: real.seat.companyId,
      counts: { bc: NONE, outlook: NONE },
    });
    expect(await snapshot(real)).toEqual(before);
    seamsTally.refusedCompany++;
  }
  toString = () => `pane ${this.mode} on the other company`;
}

const NONE = { created: 0, updated: 0, deleted: 0 };

/**
 * The user keeps Outlook's values of every field conflict (the pane's resolve, side outlook) whose
 * contact has no edit since the last clean run: both sides then hold what the conflict kept as
 * Outlook's (the policy's loser), and the model follows. Left open: deletedInBc ones (the model
 * does not follow a copy made a new BC person) and those of contacts edited since (their values
 * are not the record's). How each choice ended, by kind.
 */
export async function keepOutlook(model: Model, real: Real): Promise<string[]> {
  const emailOf = new Map((await real.seat.bcAll()).map((b) => [b.id, normalizeEmail(b.email)]));
  const leave = (c: ConflictEntry) => {
    const email = emailOf.get(c.bcId);
    return (
      c.record.kind !== 'fields' ||
      email === undefined ||
      model.dirty.has(email) ||
      model.scopedOut === email ||
      !model.titles.has(email)
    );
  };
  return real.seat.resolveAll(leave, 'outlook', (c, r) => {
    if (r.kind !== 'merged') return;
    const email = emailOf.get(c.bcId)!;
    const kept = c.record.fields.find((f) => f.field === 'jobTitle')?.outlook;
    expect({ email, bc: r.bc.jobTitle, outlook: r.outlook.jobTitle }).toEqual({
      email,
      bc: kept ?? r.bc.jobTitle,
      outlook: kept ?? r.bc.jobTitle,
    });
    model.titles.set(email, r.bc.jobTitle);
    model.clashed.delete(email);
    seamsTally.keptOutlook++;
  });
}

/** What the seams' composite commands are made of (crash-model-arbs.ts: crash-run-cmd.ts Run, crash-clash.ts Clash). */
export interface SeamParts {
  /** A delta run of `host` without faults, stopping at `stop`, the user choosing `during` while it stalls. */
  run(
    host: HostName,
    stop: Stop,
    during: { readonly what: 'resolveOutlook'; readonly when: 'held' | 'lapsed' },
  ): Cmd;
  clash(pick: number): Cmd;
}

/**
 * A conflict decided in the pane while the scheduler runs: a clash (both sides edit a title), a
 * clean pane run that settles it for BC (the policy) and lists it, then a scheduled run that
 * stalls; while its lease is held the pane's choice (Outlook's values) is refused, once it lapsed
 * (the pane's run went first) it is written to both sides; the stalled run goes on (its lease
 * lost). The title the user kept must end on both sides.
 */
class ResolveWhileScheduled implements Cmd {
  constructor(
    readonly parts: SeamParts,
    readonly pick: number,
    readonly host: HostName,
    readonly stop: Stop,
    readonly when: 'held' | 'lapsed',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await this.parts.clash(this.pick).run(model, real);
    const settle = await real.seat.run('pane', 'delta', null, null).done;
    if (settle?.record.status === 'succeeded' && settle.record.errors.length === 0) cleanRun(model);
    await checkStep(model, real);
    await this.parts.run(this.host, this.stop, { what: 'resolveOutlook', when: this.when }).run(model, real);
  }
  toString = () =>
    `clash #${this.pick}, settled; ${this.host} stalls at call ${this.stop.at}, keep Outlook's while ${this.when}`;
}

/** The seams' commands (beside `windows`' own). */
export function seamsCommands(parts: SeamParts): fc.Arbitrary<Cmd>[] {
  return [
    fc
      .tuple(
        fc.nat(40),
        fc.constantFrom<HostName>('schedule', 'scheduleStore', 'cli'),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        fc.constantFrom<'held' | 'lapsed'>('held', 'lapsed'),
      )
      .map(
        ([p, h, at, after, when]) =>
          new ResolveWhileScheduled(parts, p, h, { at, how: 'stall', after }, when),
      ),
    fc.constant(new Rename()),
    fc.tuple(fc.nat(40), fc.boolean()).map(([p, x]) => new ScopeOut(p, x)),
    fc.constant(new ScopeIn()),
    fc.constantFrom<SyncMode>('delta', 'full').map((m) => new OtherCompany(m)),
    fc
      .tuple(
        // Not `scheduleStore`: the model builds its store adapter on the state's company, where the
        // product's environment lists the user's companies first (run-company.ts) and refuses there.
        fc.constantFrom<HostName>('pane', 'schedule', 'cli'),
        fc.constantFrom<SyncMode>('delta', 'full'),
      )
      .map(([h, m]) => new RemovedFromCompany(h, m, snapshot, seamsTally.removed)),
    fc
      .tuple(
        fc.constantFrom<HostName>('pane', 'schedule', 'scheduleStore', 'cli'),
        fc.constantFrom<SyncMode>('delta', 'full'),
        fc.option(
          fc.record({
            at: fc.integer({ min: 1, max: 30 }),
            how: fc.constant<Stop['how']>('stall'),
            after: fc.boolean(),
          }),
          { freq: 2 },
        ),
      )
      .map(([h, m, s]) => new Preview(h, m, s)),
  ];
}
