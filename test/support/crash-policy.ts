import { expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { HostName } from './crash-hosts.js';
import { checkStep } from './crash-model-check.js';
import { cleanRun, forget, pickOf } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';

/*
 * The crash-hosts model's `policy` moves (crash-model-arbs.ts: all of `scope`, and these; brief
 * soak: what the model never combined):
 * - the user changes the conflict policy in the settings between runs (bcWins ⇄ outlookWins), so
 *   clashes settle for either side, a settled conflict Outlook won meets the user's choice of
 *   BC's side (a revert: crash-run-cmd.ts revertedOutlookWin), a BC delete, a filter change;
 * - BC deleting several linked contacts at once near the mass-delete guard (design §2
 *   "Deletions": a run that would delete more than a set share of the folder, default 20%, stops
 *   before writing and asks for confirmation): the run of any host is held and writes nothing to
 *   either side, then the user confirms on the pane or the CLI and the deletes go through; the
 *   edits pending beside them (the held run read them) reach the other side after all.
 */

export const policyTally = {
  /** Policy changes by the policy set. */
  policies: {} as Record<string, number>,
  /** Guarded deletes by how the first run ended (held or not) and the confirming run's status. */
  guard: {} as Record<string, number>,
};

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

async function setSettings(real: Real, patch: Partial<typeof DEFAULT_SETTINGS>): Promise<void> {
  const settings = (await real.seat.store.getSettings(real.seat.userId)) ?? DEFAULT_SETTINGS;
  await real.seat.store.putSettings(real.seat.userId, { ...settings, ...patch });
}

/**
 * The user sets the conflict policy. Only while no clash waits for a clean run: which policy
 * settled it is then the one set when it was made (a run with faults may or may not have settled
 * it before the change), so the model knows its winner (crash-model.ts clashEnd).
 */
class SetPolicy implements Cmd {
  constructor(readonly policy: Model['policy']) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    if (model.clashed.size > 0 || model.policy === this.policy) return;
    await setSettings(real, { conflictPolicy: this.policy });
    model.policy = this.policy;
    count(policyTally.policies, this.policy);
  }
  toString = () => `set the policy ${this.policy}`;
}

/** What a run leaves of both sides: each contact's id and version (a held run writes nothing). */
async function sides(real: Real): Promise<{ bc: string[]; outlook: string[] }> {
  const [bc, outlook] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll()]);
  return {
    bc: bc.map((b) => `${b.id} ${b.etag}`).sort(),
    outlook: outlook.map((o) => `${o.id} ${o.changeKey}`).sort(),
  };
}

/**
 * BC's user deletes `picks.length` linked contacts (none edited since the last clean run, none
 * holding Outlook-only values or a listed conflict: their copies simply go), the mass-delete guard
 * at its default share (the other moves run with 1: crash-model-run.ts oneCase). A delta run of
 * `host` (no faults) deleting more than 20% of the folder's links is held, writing nothing to
 * either side; fewer may pass (other deletes may be pending beside them). A held run is confirmed
 * on `confirmer` (a delta run with confirmMassDelete), which removes the copies.
 */
class GuardedDeletes implements Cmd {
  constructor(
    readonly picks: readonly number[],
    readonly host: HostName,
    readonly confirmer: 'pane' | 'cli',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { seat } = real;
    const folder = await seat.folder();
    const scope = { userId: seat.userId, folderId: folder.id };
    const [bc, links, listed] = await Promise.all([
      seat.bcAll(),
      seat.store.listLinks(scope),
      seat.store.listConflicts(scope),
    ]);
    const linked = new Set(links.map((l) => l.bcId));
    const withConflict = new Set(listed.map((c) => c.bcId));
    let free = bc.filter((b) => {
      const email = normalizeEmail(b.email);
      return (
        linked.has(b.id) &&
        !withConflict.has(b.id) &&
        model.titles.has(email) &&
        !model.dirty.has(email) &&
        !model.clashed.has(email) &&
        !model.extras.has(email) &&
        !model.gone.has(email) &&
        model.scopedOut !== email
      );
    });
    // BC keeps one contact in scope at least (BC returning nothing is the other guard).
    const inScope = bc.length - (model.scopedOut === null ? 0 : 1);
    const chosen: typeof bc = [];
    for (const pick of this.picks) {
      if (inScope - chosen.length < 2) break;
      const b = pickOf(free, pick, (x) => normalizeEmail(x.email));
      if (!b) break;
      chosen.push(b);
      free = free.filter((x) => x !== b);
    }
    if (chosen.length === 0) return;
    for (const b of chosen) expect(await seat.bcDelete(b.id, b.etag)).toBe(true);
    for (const b of chosen) forget(model, normalizeEmail(b.email));
    await setSettings(real, { massDeleteShare: DEFAULT_SETTINGS.massDeleteShare });
    const before = await sides(real);
    const first = await seat.run(this.host, 'delta', null, null).done;
    const status = first?.record.status ?? 'threw';
    const mustHold = chosen.length > DEFAULT_SETTINGS.massDeleteShare * links.length;
    expect({ deletes: chosen.length, links: links.length, held: status === 'held' || !mustHold }).toEqual({
      deletes: chosen.length,
      links: links.length,
      held: true,
    });
    let last = first;
    if (status === 'held') {
      expect(await sides(real)).toEqual(before);
      last = await seat.run(this.confirmer, 'delta', null, null, { confirmMassDelete: true }).done;
      expect({ confirmed: last?.record.status, errors: last?.record.errors }).toEqual({
        confirmed: 'succeeded',
        errors: [],
      });
    }
    const end = last?.record.status ?? 'threw';
    if (end === 'succeeded' && last?.record.errors.length === 0) {
      cleanRun(model);
      model.late = false;
    }
    count(policyTally.guard, `${status === 'held' ? 'held' : `ran ${status}`} ${this.host}, then ${end}`);
    await setSettings(real, { massDeleteShare: 1 });
    await checkStep(model, real);
  }
  toString = () =>
    `bc deletes ${this.picks.length} linked (${this.picks.join(' ')}), the guard at its default; ${this.host} runs, ${this.confirmer} confirms`;
}

/** The `policy` moves' commands (beside `scope`'s own). */
export function policyCommands(): fc.Arbitrary<Cmd>[] {
  const setPolicy = fc.constantFrom<Model['policy']>('bcWins', 'outlookWins').map((p) => new SetPolicy(p));
  const guarded = fc
    .tuple(
      fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }),
      fc.constantFrom<HostName>('pane', 'schedule', 'scheduleStore', 'cli'),
      fc.constantFrom<'pane' | 'cli'>('pane', 'cli'),
    )
    .map(([picks, host, confirmer]) => new GuardedDeletes(picks, host, confirmer));
  return [setPolicy, setPolicy, setPolicy, guarded, guarded];
}
