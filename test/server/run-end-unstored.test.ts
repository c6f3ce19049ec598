import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { RunEnd } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { interruptedRecord } from '../../src/core/run.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { person } from '../support/world.js';
import { ANN, call, ended, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Review RV8: a run whose end could not be stored (store.endRun threw: the database gone for a
// moment) rejected, and the run manager ended its entry with its last `running` record, so the
// `end` event, GET /sync/v1/runs/{id} and the history answered `running` (active false) at its
// process for good. Now the entry ends with an ended record (the error as a code), stored once if
// the store is back, and an end stored later (the reaper's `interrupted`) is what GET answers.

/** A store whose run ends fail: `endRun` throws `failEnds` times; `down`: every ended record's save fails too. */
class FlakyEnds extends MemorySyncStateStore {
  failEnds = 0;
  down = false;
  override async endRun(end: RunEnd): Promise<void> {
    if (this.failEnds > 0) {
      this.failEnds--;
      throw new Error('connection terminated unexpectedly');
    }
    return super.endRun(end);
  }
  override async saveRun(run: RunRecord): Promise<void> {
    if (this.down && run.status !== 'running') throw new Error('connection terminated unexpectedly');
    return super.saveRun(run);
  }
}

interface Row {
  /** endRun's failures (Infinity: every one while the run lives). */
  readonly failEnds: number;
  /** Whether the store stays down past the run's end (the manager's one save fails too). */
  readonly down: boolean;
  /** What the stored record says once the run settled. */
  readonly stored: RunRecord['status'];
}

const rows: Record<string, Row> = {
  'endRun throws once (the control: the run’s own failed end is stored)': {
    failEnds: 1,
    down: false,
    stored: 'failed',
  },
  'endRun throws every time, the store back after the run': {
    failEnds: Infinity,
    down: false,
    stored: 'failed',
  },
  'the store down past the run': { failEnds: Infinity, down: true, stored: 'running' },
};

describe('a run whose end could not be stored never says running once its promise settled', () => {
  let store: FlakyEnds;
  let h: SyncHarness;
  beforeEach(async () => {
    store = new FlakyEnds();
    h = await syncHarness({ store });
    for (let n = 1; n <= 3; n++) h.bc.seed(person(n));
  });
  afterEach(() => h.close());

  async function settledRun(row: Row) {
    store.failEnds = row.failEnds;
    store.down = row.down;
    const r = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
    expect(r.status).toBe(202);
    const runId = r.body.run.id as string;
    const end = await ended(h, ANN, runId);
    await h.manager.known(ANN, runId);
    // The manager's one save of the end is part of the run's settling (close() awaits it too).
    await flushed();
    store.failEnds = 0;
    return { runId, end };
  }
  const flushed = () => new Promise((resolve) => setImmediate(resolve));
  const answers = async (runId: string) => {
    const one = await call(h, ANN, 'GET', `/sync/v1/runs/${runId}`);
    const history = await call(h, ANN, 'GET', '/sync/v1/runs');
    const listed = (history.body.runs as { id: string; status: string }[]).find((x) => x.id === runId);
    return { get: [one.body.status, one.body.active], history: listed?.status };
  };

  test.each(Object.entries(rows))(
    '%s: end event, GET and history say failed (unexpected)',
    async (_n, row) => {
      const { runId, end } = await settledRun(row);
      expect({ status: end.status, code: end.errors.at(-1)?.code }).toEqual({
        status: 'failed',
        code: 'unexpected',
      });
      expect(await answers(runId)).toEqual({ get: ['failed', false], history: 'failed' });
      store.down = false;
      expect((await store.getRun(ANN, runId))?.status).toBe(row.stored);
    },
  );

  test('the example: the store down past the run, then the reaper marks it: every answer says interrupted', async () => {
    const { runId } = await settledRun(rows['the store down past the run']!);
    store.down = false;
    const stored = (await store.getRun(ANN, runId))!;
    expect(stored.status).toBe('running');
    // As store/interrupted-runs.ts marks a `running` record no lease is its own.
    await store.saveRun(interruptedRecord(stored, h.clock.now()));
    expect(await answers(runId)).toEqual({ get: ['interrupted', false], history: 'interrupted' });
  });
});
