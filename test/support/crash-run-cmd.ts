import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { createPrng } from '../../src/emulator/ids.js';
import type { Fates, HostName, Stop } from './crash-hosts.js';
import { checkStep } from './crash-model-check.js';
import { cleanRun } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import { keepOutlook, toggleFolder } from './crash-seams.js';
import { AIMS } from './crash-stop-arbs.js';
import type { ConflictEntry } from '../../src/core/ports.js';
import type { ResolveResult } from '../../src/core/resolve-types.js';
import { seededFates, UNCERTAIN_FATES } from './uncertain-fetch.js';
import type { WriteFate } from './uncertain-fetch.js';

/*
 * The crash-hosts model's run command (Run): a run of one host with faults and a stop, the other
 * host's run while it stalls and the user's choices then; and the tally of what the runs met.
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

/** A new case: no run came before its first. */
export function newCase(): void {
  tally.cases++;
  lastHost = null;
}

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

export const other = (h: HostName): HostName => (h === 'pane' ? 'schedule' : 'pane');

/** What the user does while a run is stalled: before the other host's run (its lease still held) or after. */
export interface During {
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

export class Run implements Cmd {
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
