import { describe, expect, test } from '@jest/globals';
import type { BcContact } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import {
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_HEARTBEAT_MS,
  LEASE_TTL_MS,
  announcedKeepMs,
} from '../../src/core/lease.js';
import { RunInProgressError, runSync } from '../../src/core/run.js';
import type { RunDeps } from '../../src/core/run.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { World, USER, person } from '../support/world.js';
import { manualTicker } from '../support/manual-ticker.js';

// Issue 9 §4: a run whose holder died leaves nothing stuck. A live run renews its lease on a
// heartbeat; a silent holder's lease expires after LEASE_TTL_MS, the next run takes over, and
// the dead run's record becomes `interrupted`.

/** BC whose full read waits until `release` is called: a run that is "still working". */
class HeldBc extends MemoryBcContacts {
  entered!: Promise<void>;
  release!: () => void;
  private enter!: () => void;
  hold(): void {
    this.entered = new Promise((r) => (this.enter = r));
    const gate = new Promise<void>((r) => (this.release = r));
    const listAll = super.listAll.bind(this);
    this.listAll = async (): Promise<BcContact[]> => {
      this.listAll = listAll; // only the first read is held
      this.enter();
      await gate;
      return listAll();
    };
  }
}

/** The first call of `method` never answers (a process that died while making it). */
/** The next call of `method` never answers; resolves once it was made. */
function neverAnswersFirst(port: object, method: string): Promise<void> {
  const target = port as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]!;
  return new Promise((entered) => {
    target[method] = () => {
      target[method] = original;
      entered();
      return new Promise<never>(() => undefined);
    };
  });
}

function setUp() {
  const w = new World();
  const bc = new HeldBc(w.clock);
  for (let n = 1; n <= 3; n++) bc.seed(person(n));
  const deps = (extra: Partial<RunDeps> = {}): RunDeps => ({
    bc,
    mailbox: w.mailbox,
    store: w.store,
    clock: w.clock,
    logger: silentLogger,
    ...extra,
  });
  const run = (runId: string, extra: Partial<RunDeps> = {}) =>
    runSync(deps(extra), { runId, userId: USER, mode: 'full', dryRun: false, trigger: 'pane' });
  return { w, bc, run };
}

/** A run that beats when `fire` is called, held in its BC read (started and still working). */
async function heldBeatingRun(runId: string) {
  const { w, bc, run } = setUp();
  const { ticker, fire } = manualTicker();
  bc.hold();
  const running = run(runId, { ticker });
  await bc.entered;
  return { w, bc, run, fire, running };
}

describe('lease heartbeat and interrupted runs', () => {
  test('the timings: a 30 s lease renewed every 10 s', () => {
    expect({ LEASE_TTL_MS, LEASE_HEARTBEAT_MS }).toEqual({
      LEASE_TTL_MS: 30_000,
      LEASE_HEARTBEAT_MS: 10_000,
    });
  });

  test('a run that keeps beating keeps its lease past the TTL; a second run is refused', async () => {
    const { w, bc, run, fire, running: first } = await heldBeatingRun('run-alive');
    for (let t = 0; t < 4; t++) {
      w.clock.advance(LEASE_HEARTBEAT_MS);
      await fire();
    }
    await expect(run('run-second')).rejects.toBeInstanceOf(RunInProgressError);
    bc.release();
    expect((await first).record.status).toBe('succeeded');
  });

  test('a silent holder loses the lease after the TTL; the next run takes over and marks it interrupted', async () => {
    const { w, bc, run } = setUp();
    // There before the run: a run that makes its folder reads nothing of it (MailFolder.startLink).
    await w.mailbox.ensureFolder('Business Central');
    bc.hold();
    // The sides and the links are read at once (issue 12 §2): the process died in all three reads.
    const stuck = [neverAnswersFirst(w.mailbox, 'readChanges'), neverAnswersFirst(w.store, 'listLinks')];
    void run('run-dead'); // its process "died": it never beats and never ends
    // A full run's BC read starts before the folder step: dead once it is in all three reads.
    await Promise.all([bc.entered, ...stuck]);
    expect((await w.store.getRun(USER, 'run-dead'))?.status).toBe('running');
    w.clock.advance(LEASE_TTL_MS - 1);
    await expect(run('run-too-early')).rejects.toBeInstanceOf(RunInProgressError);
    w.clock.advance(2);
    const next = await run('run-next');
    expect(next.record.status).toBe('succeeded');
    const dead = await w.store.getRun(USER, 'run-dead');
    expect(dead).toMatchObject({
      status: 'interrupted',
      finishedAt: expect.any(String),
      errors: [{ side: 'run', id: 'run-dead', code: 'interrupted', params: { by: 'processStopped' } }],
      // F11: it died reading, and its record says so.
      progress: [{ phase: 'reading', done: 0, total: 2 }],
    });
  });

  test('F11: every heartbeat saves how far the run got; a late beat never undoes the end', async () => {
    const { w, bc, fire, running: beating } = await heldBeatingRun('run-beating');
    // Saved with the first record: the run is reading.
    expect((await w.store.getRun(USER, 'run-beating'))?.progress).toEqual([
      { phase: 'reading', done: 0, total: 2 },
    ]);
    bc.release();
    const ended = await beating;
    expect(ended.record.status).toBe('succeeded');
    // A beat that fires after the end (its timer raced the stop) leaves the ended record as it is.
    const final = await w.store.getRun(USER, 'run-beating');
    await fire();
    expect(await w.store.getRun(USER, 'run-beating')).toEqual(final);
  });

  test('F11: a beat saves the progress of its moment (BC read, Outlook read held)', async () => {
    const { w, bc, run } = setUp();
    // There before the run: a run that makes its folder reads nothing of it (MailFolder.startLink).
    await w.mailbox.ensureFolder('Business Central');
    const { ticker, fire } = manualTicker();
    // BC and Outlook are read at once (issue 12 §2): hold Outlook's read until BC's is done, so
    // the reading phase is half done.
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let entered = (): void => undefined;
    const inRead = new Promise<void>((r) => (entered = r));
    const readChanges = w.mailbox.readChanges.bind(w.mailbox);
    w.mailbox.readChanges = async (...args) => {
      entered();
      await gate;
      return readChanges(...args);
    };
    let bcRead = (): void => undefined;
    const bcDone = new Promise<void>((r) => (bcRead = r));
    const listAll = bc.listAll.bind(bc);
    bc.listAll = async () => {
      const all = await listAll();
      bcRead();
      return all;
    };
    const beating = run('run-mid', { ticker });
    await inRead;
    expect((await w.store.getRun(USER, 'run-mid'))?.progress).toEqual([
      { phase: 'reading', done: 0, total: 2 },
    ]);
    await bcDone;
    // The run hears of BC's answer through its wrapped ports: one turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    w.clock.advance(LEASE_HEARTBEAT_MS);
    await fire();
    expect(await w.store.getRun(USER, 'run-mid')).toMatchObject({
      status: 'running',
      progress: [{ phase: 'reading', done: 1, total: 2 }],
    });
    release();
    expect((await beating).record.status).toBe('succeeded');
  });

  test('F56: a beat saves the writes and the time so far; the takeover keeps them in the interrupted record', async () => {
    const { w, run } = setUp();
    const { ticker, fire } = manualTicker();
    // The three Outlook copies are made; the run then stops before it stores its outcome and its
    // end (killed): their links go with the end (end-links.ts), after the skipped list. The folder
    // is there before the run: into a folder it makes, a full sync stores no skipped list.
    await w.mailbox.ensureFolder('Business Central');
    let entered = (): void => undefined;
    const inOutcome = new Promise<void>((r) => (entered = r));
    const putSkipped = w.store.putSkipped.bind(w.store);
    w.store.putSkipped = () => {
      w.store.putSkipped = putSkipped;
      entered();
      return new Promise<void>(() => undefined);
    };
    void run('run-killed', { ticker });
    await inOutcome;
    w.clock.advance(LEASE_HEARTBEAT_MS);
    await fire();
    const saved = await w.store.getRun(USER, 'run-killed');
    expect({ status: saved?.status, outlook: saved?.counts.outlook, ms: saved?.durationMs }).toEqual({
      status: 'running',
      outlook: { created: 3, updated: 0, deleted: 0 },
      ms: LEASE_HEARTBEAT_MS,
    });
    // Its holder is gone: after the lease's time the next run takes over and marks it interrupted.
    // Not before the creates' announcing save (at 0) + its keep (the write settle and the 5 s a
    // write may go after the save): the holder died, so the store cannot know their answers came
    // (store/announced-keep.ts); 10 s + 60 s = 70 s.
    w.clock.advance(announcedKeepMs(DEFAULT_WRITE_SETTLE_MS) - LEASE_HEARTBEAT_MS);
    await run('run-next').catch(() => undefined);
    expect(await w.store.getRun(USER, 'run-killed')).toMatchObject({
      status: 'interrupted',
      counts: { outlook: { created: 3 } },
      durationMs: LEASE_HEARTBEAT_MS,
    });
  });
});
