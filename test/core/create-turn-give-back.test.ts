import { describe, expect, test } from '@jest/globals';
import { takeCreateTurn, takeLinePlace } from '../../src/core/create-turn.js';
import { createTurnFor } from '../../src/core/create-turn-hold.js';
import {
  CREATE_TURN_LINE,
  CREATE_TURN_MS,
  CREATE_TURN_RETRY_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import { TurnAhead } from '../../src/core/turn-ahead.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { FailingLeases, failRows, lineKeys, refusedKeys } from '../support/failing-leases.js';
import type { FailMode } from '../support/failing-leases.js';

// Leaks, item 1 (core side; the route side is test/server/lease-give-back). The kind: every core
// path that takes the company's create turn or a place in its line gives back what it took when a
// store call throws part-way, before it did anything or after it landed (its answer lost). The
// caller, given the error, does not know which places it holds, and whoever waits behind one
// waits until it runs out (a place LEASE_TTL_MS, the turn CREATE_TURN_MS): "This sender" answered
// busy, a colleague's run deferring its creates. The paths (grep takeCreateTurn, takeLinePlace,
// createTurnFor, TurnAhead in src/core): a run's group (takeCreateTurn, then withCreateTurn), the
// turn a delta takes ahead, "This sender"/a resolve (createTurnFor), and the lease route's walk
// (takeLinePlace). Each row makes the Nth lease call of one path throw; after it, another owner
// takes every key of the line at once.

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000ee';
const LINE = lineKeys(COMPANY);
const OWNER = 'creator';

interface Path {
  /** Runs once; throws or answers as the path does. */
  readonly run: (store: FailingLeases, clock: ManualClock) => Promise<unknown>;
  /** Set up before each row (another creator ahead, the caller's own place). */
  readonly before?: (store: FailingLeases, clock: ManualClock) => Promise<void>;
  /**
   * Let go after each row by whoever holds it by right (the rival; the caller, what the path
   * answered it holds: the turn taken, its place kept); `got` is the path's answer, undefined when
   * it threw.
   */
  readonly after?: (store: FailingLeases, got: unknown) => Promise<void>;
  /**
   * The keys a row may leave held for want of a store (a lone release that failed before it
   * landed: nothing can let it go while the store is down; it runs out).
   */
  readonly lost?: (n: number, mode: FailMode, clean: number) => string[];
  /** The error the path must throw when its Nth call fails (null: any). */
  readonly error?: (n: number) => string | null;
}

const RIVAL = 'rival';
const pause = (clock: ManualClock) => async (ms: number) => {
  clock.advance(ms);
};

const PATHS: Record<string, Path> = {
  "takeCreateTurn on a free line (a run's group, no wait)": {
    run: (store, clock) => takeCreateTurn({ store, clock }, COMPANY, OWNER, 0),
    after: async (store, got) => {
      if (got === true) await store.releaseLease(createTurnKey(COMPANY), OWNER);
    },
  },
  'takeCreateTurn waiting behind a holder of the turn, renewing its place, then giving up': {
    before: async (store, clock) => {
      await store.acquireLease(createTurnKey(COMPANY), RIVAL, clock.now(), CREATE_TURN_MS);
    },
    // Long enough for one renewal of its place (a third of LEASE_TTL_MS), short of the rival's end.
    run: (store, clock) =>
      takeCreateTurn({ store, clock, pause: pause(clock) }, COMPANY, OWNER, CREATE_TURN_MS / 2),
    after: (store) => store.releaseLease(createTurnKey(COMPANY), RIVAL),
  },
  '"This sender" (createTurnFor: take, work that checks the turn, let go)': {
    run: (store, clock) =>
      createTurnFor(
        { store, clock },
        COMPANY,
        OWNER,
        0,
        () => new Error('busy'),
      )(async (held) => {
        await held();
      }),
    // Its last call lets the turn go: failing before it landed, the turn runs out (CREATE_TURN_MS).
    lost: (n, mode, clean) => (n === clean && mode === 'before' ? [createTurnKey(COMPANY)] : []),
  },
  '"This sender" whose work throws (its BC create refused): the work\'s error, the turn let go': {
    run: (store, clock) =>
      createTurnFor(
        { store, clock },
        COMPANY,
        OWNER,
        0,
        () => new Error('busy'),
      )(async () => {
        throw new Error('create refused');
      }),
    lost: (n, mode, clean) => (n === clean && mode === 'before' ? [createTurnKey(COMPANY)] : []),
    // Once the turn is held (its last take, call 2 x CREATE_TURN_LINE + 1), the work's error is thrown.
    error: (n) => (n > 2 * CREATE_TURN_LINE + 1 ? 'create refused' : null),
  },
  'the turn a delta takes ahead (TurnAhead.start, then let go unclaimed)': {
    run: async (store, clock) => {
      const ahead = new TurnAhead({ store, clock, bc: { companyId: COMPANY, findByEmails: async () => [] } });
      await ahead.start(OWNER, ['a@contoso.com'], 1);
      await ahead.release();
    },
    lost: (n, mode, clean) => (n === clean && mode === 'before' ? [createTurnKey(COMPANY)] : []),
  },
  "the lease route's walk from the line's end to the turn (takeLinePlace)": {
    run: (store, clock) => takeLinePlace({ store, clock }, COMPANY, OWNER, 0, CREATE_TURN_MS),
    after: async (store, got) => {
      if ((got as { ok?: boolean } | undefined)?.ok) await store.releaseLease(createTurnKey(COMPANY), OWNER);
    },
  },
  "the lease route's step from the place behind the turn (takeLinePlace, the caller keeps place 1)": {
    before: async (store, clock) => {
      await takeLinePlace({ store, clock }, COMPANY, OWNER, 1, CREATE_TURN_MS);
    },
    run: (store, clock) => takeLinePlace({ store, clock }, COMPANY, OWNER, 0, CREATE_TURN_MS),
    // The caller lets go of what it holds: the turn once answered, its place 1 when the step threw.
    after: async (store, got) => {
      const slot = got === undefined ? 1 : 0;
      if (got === undefined || (got as { ok?: boolean }).ok)
        await store.releaseLease(createTurnKey(COMPANY, slot), OWNER);
    },
  },
};

/** One row: the path with its Nth lease call failing; the keys left held after its holders let go. */
async function row(path: Path, n: number, mode: FailMode) {
  const store = new FailingLeases();
  const clock = new ManualClock();
  await path.before?.(store, clock);
  store.arm(n, mode);
  const got = await path.run(store, clock).then(
    (value) => ({ answer: 'answered', value }),
    (e: unknown) => ({
      answer: 'threw',
      value: undefined,
      error: e instanceof Error ? e.message : String(e),
    }),
  );
  const answer = got.answer;
  const error = 'error' in got ? got.error : null;
  store.armed = false;
  await path.after?.(store, got.value);
  return {
    thrown: store.thrown,
    calls: store.calls,
    answer,
    error,
    refused: await refusedKeys(store, clock, LINE),
  };
}

describe('every core path that takes the create turn gives its places back when a lease call throws part-way', () => {
  test.each(Object.entries(PATHS))('%s', async (_name, path) => {
    const clean = await row(path, 0, 'before');
    // The control: a clean pass answers (or throws the work's error) and leaves the line free.
    expect([clean.answer, clean.refused]).toEqual([path.error ? 'threw' : 'answered', []]);
    expect(clean.calls).toBeGreaterThanOrEqual(2);
    const leaks: string[] = [];
    for (const [n, mode] of failRows(clean.calls)) {
      const got = await row(path, n, mode);
      const lost = path.lost?.(n, mode, clean.calls) ?? [];
      expect([n, mode, got.thrown]).toEqual([n, mode, true]);
      const left = got.refused.filter((k) => !lost.includes(k));
      const error = path.error?.(n) ?? null;
      if (error !== null && got.error !== error) leaks.push(`call ${n} ${mode}: threw ${got.error}`);
      if (left.length > 0) leaks.push(`call ${n} ${mode}: ${left.map((k) => LINE.indexOf(k)).join(' ')}`);
    }
    expect(leaks).toEqual([]);
  });

  test('the calls counted: a walk of a free line is CREATE_TURN_LINE + 1 takes and CREATE_TURN_LINE lets-go', async () => {
    const clean = await row(PATHS["takeCreateTurn on a free line (a run's group, no wait)"]!, 0, 'before');
    expect(clean.calls).toBe(2 * CREATE_TURN_LINE + 1);
    const waiting = await row(
      PATHS['takeCreateTurn waiting behind a holder of the turn, renewing its place, then giving up']!,
      0,
      'before',
    );
    // The walk to place 1, a refused ask of the turn every CREATE_TURN_RETRY_MS, a renewal, the let-go.
    expect(waiting.calls).toBeGreaterThan((CREATE_TURN_MS / 2 / CREATE_TURN_RETRY_MS) | 0);
  });

  test('example: the take of the turn itself fails after it landed: the turn and the place behind it are let go', async () => {
    // Calls 1..10 walk to place 1 (each take then the let-go behind it); call 11 takes the turn.
    const got = await row(PATHS["takeCreateTurn on a free line (a run's group, no wait)"]!, 11, 'after');
    expect(got).toMatchObject({ thrown: true, answer: 'threw', refused: [] });
  });
});
