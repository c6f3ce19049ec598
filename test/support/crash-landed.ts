import { expect } from '@jest/globals';
import fc from 'fast-check';
import { LONGEST_LEASE_MS } from '../../src/core/lease.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import type { Stop } from './crash-hosts.js';
import { cleanRun, emailOf, holdsExtras } from './crash-model.js';
import { checkStep } from './crash-model-check.js';
import type { Cmd, Model, Real } from './crash-model.js';
import type { ScopeParts } from './crash-scope.js';
import { scopeSteps } from './crash-scope.js';
import { codeCommands } from './crash-codes.js';

/*
 * The crash-hosts model's `landed` moves (crash-model-run.ts: all of `policy`, and these; brief
 * soak: what last session landed and the model never did):
 * - the pane closed mid-run (`pagehide`, 3692ecbf): its process dies at a call — a Graph or BC
 *   write, a store call —, before or after it, and its leases are let go at once (keepalive
 *   releases): its record is not left `running`, no lease of it is held past what any holder is
 *   granted, and the runs after go on;
 * - "Keep Outlook" on a contact the filter left out while its copy held an Outlook edit (F2,
 *   064ab4a3): Outlook's changes are written to that BC contact (one contact holds the address),
 *   and the next run removes the copy (its changes are in BC), unless it holds Outlook-only values;
 * - a Country/Region row renamed by an administrator with its etag, refused with another row's
 *   (d84a4940: an etag names its row), between runs that must write nothing for it;
 * - Code values and e-mail case (crash-codes.ts).
 */

export const landedTally = {
  /** Panes closed mid-run, by the call they closed at and whether the run came to it. */
  closed: {} as Record<string, number>,
  /** Left-out contacts kept for Outlook, by what the next run did with the copy. */
  keptLeftOut: {} as Record<string, number>,
  /** Country/Region rows renamed (with the row's own etag; another row's refused). */
  countryRows: 0,
};

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** The kinds of call a pane closes at (crash-stops.ts Stop.on texts). */
const CLOSE_AT: Readonly<Record<string, readonly string[]>> = {
  graphWrite: ['POST http://graph.test/v1.0/$batch', 'PATCH http://graph.test/', 'DELETE http://graph.test/'],
  bcWrite: ['POST http://facade.internal/api/v2.0/$batch', 'PATCH http://facade.internal/'],
  store: ['store '],
  lease: ['store acquireLease', 'store renewLease'],
  links: ['store upsertLinks', 'store putLinks'],
};

/**
 * The pane is closed mid-run: its run dies at the `at`-th call of a kind, and its `pagehide` lets
 * go of its leases first. At once (the clock not moved): its record says it is over, and no lease
 * it took is held longer than LONGEST_LEASE_MS. A run that ended before the call is an ordinary pane run.
 */
class PaneClosed implements Cmd {
  constructor(
    readonly mode: SyncMode,
    readonly kind: string,
    readonly at: number,
    readonly after: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { seat } = real;
    const stop: Stop = { at: this.at, how: 'close', after: this.after, on: CLOSE_AT[this.kind]! };
    const run = seat.run('pane', this.mode, null, stop);
    const outcome = await run.done;
    if (!run.stopReached()) {
      count(landedTally.closed, `${this.kind} not reached ${outcome?.record.status ?? 'threw'}`);
      if (outcome?.record.status === 'succeeded' && outcome.record.errors.length === 0) {
        cleanRun(model);
        model.late = false;
      }
      await checkStep(model, real);
      return;
    }
    const record = (await seat.records()).find((r) => r.id === run.runId);
    const now = Date.parse(seat.now());
    const held = ((await seat.leases()) as { owner: string; expires_at: string | Date }[])
      .filter((l) => l.owner === run.runId)
      .map((l) => new Date(l.expires_at).getTime() - now)
      .filter((left) => left > 0);
    // A lease is let go at once, save one whose take was in flight as the page went (the release
    // came first: findings, report-soak.md); none is held past what any holder is granted.
    expect({
      status: record?.status === 'running' ? 'running' : 'over',
      heldLonger: held.filter((left) => left > LONGEST_LEASE_MS),
    }).toEqual({ status: 'over', heldLonger: [] });
    if (held.length > 0) count(landedTally.closed, `${this.kind} lease taken after the release`);
    count(landedTally.closed, `${this.kind}${this.after ? ' after' : ''} ${record?.status ?? 'no record'}`);
    await checkStep(model, real);
  }
  toString = () => `pane ${this.mode} closed at ${this.kind} call ${this.at}${this.after ? ' after it' : ''}`;
}

/**
 * The user edits a contact's copy in Outlook (or both sides: a clash), the filter leaves it out, a
 * clean run lists the copy beside a deletedInBc conflict, and the user keeps Outlook's side: the
 * one BC contact of that address holds the copy's title (a title the policy settled for BC in a
 * record listed before: Outlook's losing one), and the next run removes the copy — or keeps it,
 * listed again, when it holds Outlook-only values.
 */
class KeepLeftOut implements Cmd {
  constructor(
    readonly parts: ScopeParts,
    readonly pick: number,
    readonly how: 'title' | 'clash',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { seat } = real;
    const before = model.scopedOut;
    await scopeSteps.leaveOut(this.pick, this.how).run(model, real);
    const email = model.scopedOut;
    if (email === null || email === before) return;
    if (!(await this.parts.run('schedule', model, real)).clean) return;
    const scope = { userId: seat.userId, folderId: (await seat.folder()).id };
    const [bc, outlook, listed] = await Promise.all([
      seat.bcAll(),
      seat.outlookAll(),
      seat.store.listConflicts(scope),
    ]);
    const b = bc.find((x) => normalizeEmail(x.email) === email);
    const c = listed.find((x) => x.bcId === b?.id && x.record.kind === 'deletedInBc');
    const copy = outlook.find((o) => o.id === c?.outlookId);
    if (!b || !c || !copy) {
      count(landedTally.keptLeftOut, 'not listed');
      return;
    }
    const fields = c.record.kind === 'deletedInBc' ? c.record.fields : [];
    const settled = fields.find((f) => f.field === 'jobTitle' && f.winner === 'bc' && f.bc === copy.jobTitle);
    const title = settled ? settled.outlook : (copy.jobTitle ?? '');
    const ends = await seat.resolveAll((x) => x.bcId !== b.id || x.record.kind !== 'deletedInBc', 'outlook');
    expect(ends).toEqual(['recreatedInBc']);
    model.titles.set(email, title);
    model.dirty.delete(email);
    model.clashed.delete(email);
    const holding = (await seat.bcAll()).filter((x) => normalizeEmail(x.email) === email);
    expect(holding.map((x) => [x.id, x.jobTitle])).toEqual([[b.id, title]]);
    const next = await this.parts.run('pane', model, real);
    const x = model.extras.get(email);
    const extras = x !== undefined && holdsExtras(copy, x);
    const after = (await seat.outlookAll()).filter((o) => emailOf(o) === email);
    if (next.clean) expect({ email, copies: after.length }).toEqual({ email, copies: extras ? 1 : 0 });
    count(landedTally.keptLeftOut, `${this.how} ${extras ? 'extras kept' : 'copy removed'} ${next.status}`);
    await checkStep(model, real);
  }
  toString = () => `${this.how} on #${this.pick}, the filter leaves it out, a run, keep Outlook's side`;
}

/**
 * An administrator renames a Country/Region row (the `pick`-th): with another row's etag refused
 * (409), with its own taken. The contacts' codes stay; the runs after write nothing for it.
 */
class RenameCountryRow implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const list = await real.seat.bcCall('GET', '/countriesRegions');
    const rows = (list.body.value as { id: string; code: string; displayName: string }[] | undefined) ?? [];
    const etagOf = (r: object) => String((r as Record<string, unknown>)['@odata.etag']);
    const sorted = [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));
    if (sorted.length < 2) return;
    const row = sorted[this.pick % sorted.length]!;
    const other = sorted[(this.pick + 1) % sorted.length]!;
    const path = `/countriesRegions(${row.id})`;
    const displayName = `${row.displayName.replace(/ \(\d+\)$/, '')} (${this.pick})`;
    const wrong = await real.seat.bcCall('PATCH', path, { displayName }, { 'if-match': etagOf(other) });
    const right = await real.seat.bcCall('PATCH', path, { displayName }, { 'if-match': etagOf(row) });
    expect({ row: row.code, wrong: wrong.status, right: right.status }).toEqual({
      row: row.code,
      wrong: 409,
      right: 200,
    });
    landedTally.countryRows++;
  }
  toString = () => `an administrator renames country row #${this.pick}`;
}

/** The `landed` moves' commands (beside `policy`'s own). */
export function landedCommands(parts: ScopeParts): fc.Arbitrary<Cmd>[] {
  const closed = fc
    .tuple(
      fc.constantFrom<SyncMode>('delta', 'delta', 'full'),
      fc.constantFrom(...Object.keys(CLOSE_AT)),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
    )
    .map(([m, k, at, after]) => new PaneClosed(m, k, at, after));
  return [
    closed,
    closed,
    fc
      .tuple(fc.nat(40), fc.constantFrom<'title' | 'clash'>('title', 'title', 'clash'))
      .map(([p, how]) => new KeepLeftOut(parts, p, how)),
    fc.nat(40).map((p) => new RenameCountryRow(p)),
    ...codeCommands(),
  ];
}
