import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { PortFailure } from '../../src/core/ports.js';
import type { RunEnd } from '../../src/core/ports.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { pollUntil } from '../support/poll.js';
import { person } from '../support/world.js';
import { ANN, Gate, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Leaks, item 2 (review RV8 rest): every way a run ends × every way the save of its end goes. The
// end (its record, cursor and the release of its folder lease in one store call, endRun) may fail
// before it landed (the database gone for a moment) or after (its answer lost). Whatever the row,
// once the run settled no answer says `running` (what the host answered, GET, the stored record),
// and the folder's lease is free at once: another run of the folder is not kept out until the
// lease runs out (LEASE_TTL_MS) or the reaper.

type Ending = 'done' | 'cancelled' | 'interrupted' | 'failed';
type Save = 'ok' | 'before' | 'after';

/** A store whose run ends fail as the row says: every one before landing, or the first after it. */
class EndSaves extends MemorySyncStateStore {
  save: Save = 'ok';
  ends = 0;
  override async endRun(end: RunEnd): Promise<void> {
    this.ends++;
    if (this.save === 'before') throw new Error('connection terminated unexpectedly');
    if (this.save === 'after' && this.ends === 1) {
      await super.endRun(end);
      throw new Error('connection terminated unexpectedly');
    }
    return super.endRun(end);
  }
}

/** Arranges the ending; `during` runs while the run is held in its full read of BC. */
const ENDINGS: Record<Ending, (h: SyncHarness) => ((runId: string) => Promise<void>) | null> = {
  done: () => null,
  failed: (h) => {
    h.bc.listAll = async () => {
      throw new PortFailure('unavailable', 'Service Unavailable', { status: 503 });
    };
    return null;
  },
  cancelled: (h) => async (runId) => {
    h.manager.cancel(ANN, runId);
  },
  interrupted: (h) => async () => {
    // The process shuts down (SIGTERM): close() waits for the run's end, so it is not awaited here.
    void h.manager.close();
  },
};

const rows: [Ending, Save][] = (['done', 'cancelled', 'interrupted', 'failed'] as const).flatMap((e) =>
  (['ok', 'before', 'after'] as const).map((s): [Ending, Save] => [e, s]),
);

describe("a run's end: every ending × its end's save ok, failing before or after it landed", () => {
  let store: EndSaves;
  let h: SyncHarness;
  beforeEach(async () => {
    store = new EndSaves();
    h = await syncHarness({ store });
    for (let n = 1; n <= 3; n++) h.bc.seed(person(n));
  });
  afterEach(() => h.close());

  /** Runs one row to its settling; what each place answers then, and whether the folder is free. */
  async function settle(ending: Ending, save: Save) {
    const during = ENDINGS[ending](h);
    const gate = during ? new Gate() : null;
    h.bc.gate = gate;
    store.save = save;
    const runId = `run-${ending}-${save}`;
    // runNow settles once the manager is done with the run (its own save of an end the run could
    // not store included).
    const settled = h.manager.runNow(ANN, { mode: 'full', trigger: 'api', runId });
    if (gate && during) {
      await pollUntil('the run inside its read', () => (gate.entered ? true : undefined));
      await during(runId);
      gate.open();
    }
    const answered = (await settled).record;
    store.save = 'ok';
    const stored = await store.getRun(ANN, runId);
    const known = await h.manager.known(ANN, runId);
    const key = leaseKeyOf(ANN, DEFAULT_SETTINGS.folderName);
    const free = (await store.acquireLease(key, 'next-run', h.clock.now(), LEASE_TTL_MS)).ok;
    const status = (r: RunRecord | null | undefined) => r?.status ?? null;
    return {
      answered: status(answered),
      stored: status(stored),
      known: status(known?.record),
      active: known?.active ?? null,
      free,
      code: stored?.errors.at(-1)?.code ?? null,
    };
  }

  /**
   * What every place says once the row settled, and the code the stored record ends with: the
   * ending itself when its end landed (a lost answer included), else what the run manager stored
   * for it (a run that had synced: failed, `unexpected`; a stop: as it was asked, its code last).
   */
  const expected: Record<Ending, Record<Save, [RunRecord['status'], string | null]>> = {
    done: { ok: ['succeeded', null], before: ['failed', 'unexpected'], after: ['succeeded', null] },
    failed: {
      ok: ['failed', 'readFailed'],
      before: ['failed', 'unexpected'],
      after: ['failed', 'readFailed'],
    },
    cancelled: {
      ok: ['cancelled', 'cancelled'],
      before: ['cancelled', 'cancelled'],
      after: ['cancelled', 'cancelled'],
    },
    interrupted: {
      ok: ['interrupted', 'interrupted'],
      before: ['interrupted', 'interrupted'],
      after: ['interrupted', 'interrupted'],
    },
  };

  test.each(rows)('%s, its end saved %s', async (ending, save) => {
    const got = await settle(ending, save);
    const [status, code] = expected[ending][save];
    expect(got).toEqual({ answered: status, stored: status, known: status, active: false, free: true, code });
  });
});
