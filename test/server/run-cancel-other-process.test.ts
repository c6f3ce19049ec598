import { beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import type { RunEvent } from '../../src/server/sync/run-manager.js';
import { call, Gate, outlookIn, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { useTwoProcesses } from './two-processes.js';

// Review R3: several facade processes serve one store behind a proxy (docs/deploy.md §6). A cancel
// that reached a process not running the run answered 409 RunNotActive (otherProcess): the pane
// showed an error and the run went on. Now that process marks the run in the store (202) and the
// process running it cancels it at its next poll of the mark, as a local cancel does.

const two = useTwoProcesses(3);
const { store, marks, tickA, gates } = two;
/** The process that runs the runs. */
let a: SyncHarness;
/** Another process on the same store and marks. */
let b: SyncHarness;
beforeAll(() => {
  ({ a, b } = two);
});

/** Starts a run at A held at its BC read, with every event A's manager tells about it. */
async function heldRunAtA(user: string) {
  const gate = new Gate();
  gates.push(gate);
  a.bc.gate = gate;
  a.clock.advance(60_000);
  const r = await call(a, user, 'POST', '/sync/v1/runs', { mode: 'full', trigger: 'pane' });
  expect(r.status).toBe(202);
  const runId = r.body.run.id as string;
  const events: RunEvent['type'][] = [];
  const end = new Promise<RunRecord>((resolve) => {
    a.manager.subscribe(user, runId, (e) => {
      events.push(e.type);
      if (e.type === 'end') resolve(e.record);
    });
  });
  return { gate, runId, end, events };
}

/** What a run's end shows, without what differs between any two runs (ids, times). */
function outcomeOf(r: RunRecord) {
  const errors = r.errors.map((e) => (e.id === r.id ? { ...e, id: '(the run)' } : e));
  return { status: r.status, counts: r.counts, errors, conflicts: r.conflicts, skipped: r.skipped };
}

describe('POST /runs/{id}/cancel at a process that does not run the run', () => {
  test('cancel at B ends the run started at A as cancelled at A’s next poll, as a cancel at A does', async () => {
    const user = userOf('cancel-elsewhere@contoso.com');
    // The reference: a cancel at the process running the run.
    const local = await heldRunAtA(user);
    expect((await call(a, user, 'POST', `/sync/v1/runs/${local.runId}/cancel`)).status).toBe(202);
    local.gate.open();
    const localEnd = await local.end;
    expect(localEnd.status).toBe('cancelled');

    const run = await heldRunAtA(user);
    const c = await call(b, user, 'POST', `/sync/v1/runs/${run.runId}/cancel`);
    expect(c.status).toBe(202);
    expect(c.body.run).toMatchObject({
      id: run.runId,
      status: 'running',
      active: true,
      cancelRequested: true,
    });
    // Not before A polls: the bound is one poll (CANCEL_MARK_POLL_MS) of A's ticker.
    expect(a.manager.get(user, run.runId)?.cancelRequested).toBe(false);
    await tickA.beat();
    expect(a.manager.get(user, run.runId)?.cancelRequested).toBe(true);
    run.gate.open();
    const remoteEnd = await run.end;
    expect(outcomeOf(remoteEnd)).toEqual(outcomeOf(localEnd));
    expect(run.events).toEqual(local.events);
    expect(outlookIn(a, user)).toHaveLength(0);
    expect((await store.getRun(user, run.runId))?.status).toBe('cancelled');
    // The run's watch of its mark (and its lease beat) ended with it.
    expect(tickA.live()).toBe(0);
  });

  // What a cancel answers that has nothing to stop, at the process running the run and at another:
  // the same status and code at both (an ended run: 409 ended, not B's old otherProcess).
  test('an ended run, another user’s run, an unknown id: the same answers at A and at B', async () => {
    const owner = userOf('cancel-owner@contoso.com');
    const other = userOf('cancel-other@contoso.com');
    const run = await heldRunAtA(owner);
    const cases: [string, string, string, number, string, string | undefined][] = [];
    for (const [at, h] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const r = await call(h, other, 'POST', `/sync/v1/runs/${run.runId}/cancel`);
      cases.push(['another user’s running run', at, run.runId, r.status, r.body.error.code, undefined]);
      const u = await call(h, owner, 'POST', `/sync/v1/runs/nope/cancel`);
      cases.push(['unknown id', at, 'nope', u.status, u.body.error.code, undefined]);
    }
    // Another user's cancel marked nothing: the run goes on past A's poll and ends as it would.
    await tickA.beat();
    expect(a.manager.get(owner, run.runId)?.cancelRequested).toBe(false);
    expect(await marks.requested(owner, run.runId)).toBe(false);
    run.gate.open();
    expect((await run.end).status).toBe('succeeded');
    for (const [at, h] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const e = await call(h, owner, 'POST', `/sync/v1/runs/${run.runId}/cancel`);
      cases.push(['ended run', at, run.runId, e.status, e.body.error.code, e.body.error.reason?.cause]);
    }
    const want: Record<string, [number, string, string | undefined]> = {
      'another user’s running run': [404, 'RunNotFound', undefined],
      'unknown id': [404, 'RunNotFound', undefined],
      'ended run': [409, 'RunNotActive', 'ended'],
    };
    expect(cases).toHaveLength(6);
    for (const [name, at, runId, status, code, cause] of cases)
      expect({ name, at, runId, status, code, cause }).toEqual({
        name,
        at,
        runId,
        status: want[name]![0],
        code: want[name]![1],
        cause: want[name]![2],
      });
  });
});
