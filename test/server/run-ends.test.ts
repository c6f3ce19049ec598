import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { EXIT, runExit } from '../../src/cli/run-exit.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { PortFailure } from '../../src/core/ports.js';
import { NO_MEMBERSHIP_SERVICE_CODE } from '../../src/core/port-errors.js';
import type { BcContact } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunError, RunStatus, SyncMode } from '../../src/core/records.js';
import { endError } from '../../src/core/run-errors.js';
import { describeRunError } from '../../src/messages/english.js';
import { person } from '../support/world.js';
import { ANN, call, outlookIn, syncHarness } from './sync-harness.js';
import { threeHosts } from './three-hosts.js';
import type { Host } from './three-hosts.js';
import type { SyncHarness } from './sync-harness.js';

// Issue 9: every way a run can end, in every host, says why as a code in its record — held
// (the mass-delete guard) and cancelled included — and each host's edge words that code the same
// way: the run record and the sync API's JSON (its `message`), the CLI's exit code and line, and
// the pane (test/taskpane/StatusHeader run-ends table). Hosts: the pane's own engine (core over
// the sync API, as pane-engine wires it), the scheduler's run (RunManager.runNow, trigger
// `schedule`), and the CLI's route (`POST /internal/runs`, what `bc-contact-sync sync` calls).

const ADMIN = 'a'.repeat(32);
const SIZE = 10;

type End = 'done' | 'held' | 'failed' | 'cancelled' | 'leaseLost' | 'accessRevoked';

/** What happens while a run reads BC (its full read waits here): the test acts, then lets it go. */
interface Step {
  /** Set when the run is inside its full read of BC. */
  entered: Promise<void>;
  release(): void;
}

function holdFullRead(h: SyncHarness): Step {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  const released = new Promise<void>((r) => (release = r));
  const original = h.bc.listAll.bind(h.bc);
  h.bc.listAll = async (): Promise<BcContact[]> => {
    h.bc.listAll = original;
    enter();
    await released;
    return original();
  };
  return { entered, release };
}

interface Arranged {
  readonly mode: SyncMode;
  /** Runs while the run is inside its read (cancel, take the lease); null: nothing to do. */
  readonly during: ((h: SyncHarness, stop: () => void) => Promise<void>) | null;
  readonly status: RunStatus;
  /** The code and parameters of the error that ends the record (null: none). */
  readonly ending: Pick<RunError, 'code' | 'params'> | null;
  readonly exit: number;
}

const ends: Record<End, (h: SyncHarness) => Arranged> = {
  done: (h) => {
    h.bc.edit(firstId(h), { jobTitle: 'Buyer' });
    return { mode: 'delta', during: null, status: 'succeeded', ending: null, exit: EXIT.succeeded };
  },
  held: (h) => {
    // 5 of the 10 synced contacts leave BC: 50 % of the folder, over the 20 % limit.
    for (const id of ids(h).slice(0, 5)) h.bc.remove(id);
    return {
      mode: 'delta',
      during: null,
      status: 'held',
      ending: { code: 'held', params: { kind: 'massDelete', deletes: 5, folderSize: SIZE, share: 0.2 } },
      exit: EXIT.held,
    };
  },
  failed: (h) => {
    h.bc.readChanges = async () => {
      throw new PortFailure('unavailable', 'Service Unavailable', { status: 503 });
    };
    return {
      mode: 'delta',
      during: null,
      status: 'failed',
      ending: {
        code: 'readFailed',
        params: { error: 'unavailable', status: 503, port: 'bc', operation: 'readChanges' },
      },
      exit: EXIT.failed,
    };
  },
  cancelled: (h) => {
    h.bc.edit(firstId(h), { jobTitle: 'Buyer' });
    return {
      mode: 'full',
      during: async (_h, stop) => stop(),
      status: 'cancelled',
      ending: { code: 'cancelled' },
      exit: EXIT.failed,
    };
  },
  // F85: the user's company membership is revoked mid-run (the store port's check before a group
  // of writes answers as the BC API does): its own code, naming the company, on every host.
  accessRevoked: (h) => {
    h.bc.edit(firstId(h), { jobTitle: 'Buyer' });
    Object.assign(h.bc, {
      checkAccess: async () => {
        throw new PortFailure('invalid', 'revoked', { status: 403, serviceCode: NO_MEMBERSHIP_SERVICE_CODE });
      },
    });
    return {
      mode: 'delta',
      during: null,
      status: 'failed',
      ending: {
        code: 'accessRevoked',
        params: { company: h.bc.companyId ?? '', port: 'bc', operation: 'checkAccess' },
      },
      exit: EXIT.failed,
    };
  },
  leaseLost: (h) => {
    h.bc.edit(firstId(h), { jobTitle: 'Buyer' });
    return {
      mode: 'full',
      // The run's lease runs out while it reads and another process takes it.
      during: async (hh) => {
        hh.clock.advance(LEASE_TTL_MS + 1);
        const key = leaseKeyOf(ANN, DEFAULT_SETTINGS.folderName);
        expect(await hh.store.acquireLease(key, 'run-elsewhere', hh.clock.now(), LEASE_TTL_MS)).toEqual({
          ok: true,
        });
      },
      status: 'failed',
      ending: { code: 'leaseLost' },
      exit: EXIT.failed,
    };
  },
};

function ids(h: SyncHarness): string[] {
  return outlookIn(h, ANN)
    .map((c) => c.bcId)
    .filter((id) => id !== '')
    .sort();
}
const firstId = (h: SyncHarness): string => ids(h)[0]!;

const hosts = threeHosts(ADMIN);

const table: [End, Host][] = (
  ['done', 'held', 'failed', 'cancelled', 'leaseLost', 'accessRevoked'] as const
).flatMap((e) => (['pane', 'schedule', 'cli'] as const).map((host): [End, Host] => [e, host]));

describe('every way a run ends, in every host, says why as a code (issue 9)', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await syncHarness({ adminToken: ADMIN });
    for (let n = 1; n <= SIZE; n++) h.bc.seed(person(n));
    const first = await h.manager.runNow(ANN, { mode: 'full', trigger: 'api' });
    expect(first.record.status).toBe('succeeded');
    expect(outlookIn(h, ANN)).toHaveLength(SIZE);
  });
  afterEach(async () => h.close());

  test.each(table)('%s in the %s host', async (end, host) => {
    const arranged = ends[end](h);
    const step = arranged.during ? holdFullRead(h) : null;
    let stop: () => void = () => undefined;
    const running = hosts[host](h, arranged.mode, (s) => (stop = s));
    if (step && arranged.during) {
      // A run that ended before its read (a bug) fails here instead of waiting for ever.
      await Promise.race([
        step.entered,
        running.then(() => Promise.reject(new Error('the run ended before its read of BC'))),
      ]);
      await arranged.during(h, () => stop());
      step.release();
    }
    const { record, runId } = await running;

    // The record the host answered, and the one stored, end alike, with the code last.
    const stored = await h.store.getRun(ANN, runId);
    const ending = arranged.ending;
    for (const r of [record, stored!]) {
      expect({ status: r.status, ending: pick(endError(r)) }).toEqual({
        status: arranged.status,
        ending: ending && { ...ending, side: 'run', id: runId },
      });
      if (ending) expect(r.errors.at(-1)?.code).toBe(ending.code);
      else expect(r.errors).toEqual([]);
    }
    if (end === 'held')
      expect(stored!.held).toEqual({ kind: 'massDelete', deletes: 5, folderSize: 10, share: 0.2 });

    // The sync API's JSON carries the code and its default English words.
    const api = await call(h, ANN, 'GET', `/sync/v1/runs/${runId}`);
    expect(api.status).toBe(200);
    const apiErrors = api.body.errors as (RunError & { message: string })[];
    const words = ending ? describeRunError({ side: 'run', id: runId, ...ending }) : null;
    expect(apiErrors.at(-1)?.message ?? null).toBe(words);

    // The CLI's exit code and line say the same words.
    const exit = runExit(stored);
    expect(exit.code).toBe(arranged.exit);
    if (words) expect(exit.line).toContain(words);
    else expect(exit.line).toBeNull();
  });

  test('the named example: a scheduled run the mass-delete guard holds says why, as a code', async () => {
    for (const id of ids(h).slice(0, 5)) h.bc.remove(id);
    const { record } = await h.manager.runNow(ANN, { mode: 'delta', trigger: 'schedule' });
    expect(record.status).toBe('held');
    expect(record.errors).toEqual([
      {
        side: 'run',
        id: record.id,
        code: 'held',
        params: { kind: 'massDelete', deletes: 5, folderSize: 10, share: 0.2 },
      },
    ]);
    expect(runExit(record)).toEqual({
      code: EXIT.held,
      line: 'the run ended held: This run would delete 5 of the 10 contacts synced to the Outlook folder (50%); the limit is 20%. Nothing has been written yet. To delete them, run again with --confirm-mass-delete; to keep them, check the filter or raise the limit.',
    });
  });
});

function pick(e: RunError | null): Pick<RunError, 'side' | 'id' | 'code' | 'params'> | null {
  if (!e) return null;
  return { side: e.side, id: e.id, code: e.code, ...(e.params ? { params: e.params } : {}) };
}
