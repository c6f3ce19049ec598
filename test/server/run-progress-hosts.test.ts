import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { progressLines } from '../../src/cli/progress-lines.js';
import type { ProgressEvent } from '../../src/core/executor.js';
import type { RunPhaseProgress } from '../../src/core/records.js';
import { person } from '../support/world.js';
import { ANN, outlookIn, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { HOSTS, threeHosts } from './three-hosts.js';
import type { Host } from './three-hosts.js';

// Tester F55, as one table over the three hosts: the same run's progress and end read the same
// in the pane (its engine's events, what its Sync panel shows), in the schedule's record and on
// the CLI's progress line (from the record the server answers) — and an ended run's progress is
// complete (it said "outlook 1400/1500" after writing all 1,500).

const ADMIN = 'b'.repeat(32);
const SIZE = 12;
const EDITS = 5;

let h: SyncHarness;
beforeEach(async () => {
  h = await syncHarness({ adminToken: ADMIN });
  for (let n = 1; n <= SIZE; n++) h.bc.seed(person(n));
  expect((await h.manager.runNow(ANN, { mode: 'full', trigger: 'api' })).record.status).toBe('succeeded');
});
afterEach(async () => h.close());

const hosts = threeHosts(ADMIN);

interface Seen {
  readonly status: string;
  readonly progress: readonly RunPhaseProgress[];
  readonly line: string | undefined;
  readonly counts: unknown;
}

describe('a run reads the same on every host: its progress and its end (F55)', () => {
  test('the named example: one delta of 5 BC edits in the pane, the schedule and the CLI', async () => {
    const seen = {} as Record<Host, Seen>;
    for (const host of HOSTS) {
      const ids = outlookIn(h, ANN)
        .map((c) => c.bcId)
        .sort()
        .slice(0, EDITS);
      for (const id of ids) h.bc.edit(id, { jobTitle: `Title ${host}` });
      const events: ProgressEvent[] = [];
      const { runId } = await hosts[host](
        h,
        'delta',
        () => undefined,
        (e) => events.push(e),
      );
      const stored = (await h.store.getRun(ANN, runId))!;
      const progress = stored.progress ?? [];
      // The CLI's line, from the record the server answers.
      const lines: string[] = [];
      progressLines(
        (l) => lines.push(l),
        () => 0,
      )(Object.fromEntries(progress.map((p) => [p.phase, p])));
      seen[host] = { status: stored.status, progress, line: lines.at(-1), counts: stored.counts };
      if (host === 'pane') {
        // What the pane showed last of each phase is what the shared record keeps.
        const last = new Map<string, RunPhaseProgress>();
        for (const e of events) last.set(e.phase, { phase: e.phase, done: e.done, total: e.total });
        expect([...last.values()]).toEqual(progress);
      }
    }
    expect(seen.pane.status).toBe('succeeded');
    expect(seen.schedule).toEqual(seen.pane);
    expect(seen.cli).toEqual(seen.pane);
    // An ended run's every phase is complete, and the Outlook writes are the edits.
    for (const p of seen.pane.progress) expect([p.phase, p.done]).toEqual([p.phase, p.total]);
    expect(seen.pane.progress.find((p) => p.phase === 'outlook')).toMatchObject({ total: EDITS });
  });
});
