import { expect } from '@jest/globals';
import type { SyncMode } from '../../src/core/records.js';
import type { HostName } from './crash-hosts.js';
import type { Cmd, Model, Real } from './crash-model.js';

/**
 * The crash-hosts model's seam of company access (crash-seams.ts): an administrator removes the
 * user from the company their sync state belongs to, a run of `host` follows, and the
 * administrator grants it again. Whatever host (the pane or the scheduler over the BC API, the
 * CLI's process), the refused run ends without `succeeded` and changes
 * nothing the user sees or the next run reads (`snapshot`: both sides, the folder's name, links,
 * conflicts, cursor, settings) — a refusal found after the run read one side must not have written
 * the other. The runs after go on as before (the model's checks after every step).
 */
export class RemovedFromCompany implements Cmd {
  constructor(
    readonly host: HostName,
    readonly mode: SyncMode,
    readonly snapshot: (real: Real) => Promise<unknown>,
    /** The refused runs by host and the codes they ended with (crash-seams.ts seamsTally). */
    readonly tally: Record<string, number>,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const { seat } = real;
    const before = await this.snapshot(real);
    expect(await seat.member(false)).toBe(true);
    let outcome;
    try {
      outcome = await seat.run(this.host, this.mode, null, null).done;
    } finally {
      // Granted again before the snapshot: the test reads BC as the user, through the same checks.
      await seat.member(true);
    }
    expect(outcome?.record.status).not.toBe('succeeded');
    expect(await this.snapshot(real)).toEqual(before);
    const key = `${this.host} ${outcome?.record.errors.map((e) => e.code).join(',') ?? 'threw'}`;
    this.tally[key] = (this.tally[key] ?? 0) + 1;
  }
  toString = () => `${this.host} ${this.mode} after the user was removed from the company`;
}
