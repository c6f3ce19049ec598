import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { RunEnd } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { aroundFencedSaves } from '../support/noting-saves.js';
import { person } from '../support/world.js';
import { ANN, call, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Leaks, item 2c (review RV8 rest): the pane's POST /sync/v1/runs answers once the run's first
// record save answered (V9). A first save that fails, before it landed or after (its answer
// lost), ends the run before any write (runLeased awaits it); what the user sees then: the POST's
// answer, and GET of the run and the history, at this process and at another sharing the store.
// The POST answers once the run settled (202, the run ended failed with a code) and, its end
// stored, every process lists it so; with the store down for its end too, this process does.

type FirstSave = 'before' | 'after';

/** Run ends failing while `downForEnds` (every one, before it landed; saves of ended records too). */
class DownEnds extends MemorySyncStateStore {
  downForEnds = false;
  override async endRun(end: RunEnd): Promise<void> {
    if (this.downForEnds) throw new Error('connection terminated unexpectedly');
    return super.endRun(end);
  }
  override async saveRun(run: RunRecord): Promise<void> {
    if (this.downForEnds && run.status !== 'running') throw new Error('connection terminated unexpectedly');
    return super.saveRun(run);
  }
}

const rows: [FirstSave, boolean][] = [
  ['before', false],
  ['after', false],
  ['before', true],
  ['after', true],
];

describe("a run whose first record save fails: the POST's answer and every listing agree", () => {
  let mem: DownEnds;
  let a: SyncHarness;
  let b: SyncHarness;
  let firstSave: FirstSave | null = null;
  beforeEach(async () => {
    mem = new DownEnds();
    firstSave = null;
    const failing = aroundFencedSaves(mem, async (record, _commit, send) => {
      const mode = firstSave;
      firstSave = null;
      if (mode === null) return send();
      if (mode === 'after') await send();
      throw new Error('connection terminated unexpectedly');
    });
    a = await syncHarness({ store: failing });
    b = await syncHarness({ store: mem, issuer: a.issuer });
    for (let n = 1; n <= 3; n++) a.bc.seed(person(n));
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  test.each(rows)('first save failing %s it landed, the store down for the end: %s', async (mode, down) => {
    firstSave = mode;
    mem.downForEnds = down;
    const posted = await call(a, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
    const runId = (posted.body.run?.id as string | undefined) ?? null;
    // The run's end is settled at A (its manager's own save of it included) once it is known ended.
    const view = runId ? await a.manager.known(ANN, runId) : null;
    mem.downForEnds = false;
    const at = async (h: SyncHarness) => {
      if (runId === null) return null;
      const one = await call(h, ANN, 'GET', `/sync/v1/runs/${runId}`);
      const list = await call(h, ANN, 'GET', '/sync/v1/runs');
      const listed = (list.body.runs as { id: string; status: string }[]).find((r) => r.id === runId);
      return { get: one.status === 200 ? one.body.status : one.status, listed: listed?.status ?? null };
    };
    const seen = { a: await at(a), b: await at(b) };
    // Answered once the run settled (its first save never answered): 202, the run ended.
    expect(posted.status).toBe(202);
    expect(view?.active).toBe(false);
    const stored = await mem.getRun(ANN, runId!);
    if (!down) {
      // Its end stored: failed, with a code, wherever it is asked.
      expect([stored?.status, stored?.errors.at(-1)?.code]).toEqual(['failed', 'unexpected']);
      expect(seen).toEqual({
        a: { get: 'failed', listed: 'failed' },
        b: { get: 'failed', listed: 'failed' },
      });
      return;
    }
    // The store down for its end (RV8, run-end-unstored): this process answers the end it made
    // (failed, its code); another answers what the store holds (a checkpoint's running record,
    // or none), until the reaper marks it interrupted (store/interrupted-runs.ts).
    expect(view?.record.status).toBe('failed');
    expect(view?.record.errors.at(-1)?.code).toBe('unexpected');
    expect(seen.a).toEqual({ get: 'failed', listed: 'failed' });
    expect(seen.b).toEqual(
      stored ? { get: stored.status, listed: stored.status } : { get: 404, listed: null },
    );
  });
});
