import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { World } from './world.js';
/**
 * Round trips on a run's critical path (issue 12 §2): every asynchronous call of the ports given
 * is sent at once and answered only when the round it was sent in ends. A round ends when the run
 * can make no more progress without an answer; calls sent in the same round share it. The number
 * of rounds is what a run waits for at any latency: the same on a loaded machine as on a quiet one.
 */
export interface RoundTrips {
  /** `port` whose calls wait for the end of their round (a `fenced` view of a store likewise). */
  gated<T extends object>(port: T, name: string): T;
  /** Runs `work` to its end, round by round: the rounds it took and the calls sent in each. */
  measure<R>(work: () => Promise<R>): Promise<{ result: R; rounds: string[][] }>;
}

/** Lets every callback already queued run (microtasks and the immediates they queue). */
async function quiet(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * `slow`: ports whose calls take that many rounds (default 1 each), for a path that depends on one
 * side answering later than another (Graph a round trip of tens of ms away, BC's API and the store
 * on loopback): what the run does meanwhile goes in the rounds a slow call is out.
 */
export function roundTrips(slow: Readonly<Record<string, number>> = {}): RoundTrips {
  /** Calls out: the rounds left before their answer, and the answer (once the port answered). */
  interface Waiting {
    left: number;
    answer: (() => void) | null;
  }
  let waiting: Waiting[] = [];
  /** The calls sent in each round so far (the last: the round going on). */
  const sent: string[][] = [[]];
  const gated = <T extends object>(port: T, name: string): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (prop === 'fenced' && typeof out === 'object' && out !== null) return gated(out, name);
          if (!(out instanceof Promise)) return out;
          sent.at(-1)!.push(`${name}.${String(prop)}`);
          // Counted from the round it was sent in, however soon the port itself answered.
          const entry: Waiting = { left: slow[name] ?? 1, answer: null };
          waiting.push(entry);
          return out.then(
            (v: unknown) => new Promise((resolve) => (entry.answer = () => resolve(v))),
            (e: unknown) => new Promise((_resolve, reject) => (entry.answer = () => reject(e))),
          );
        };
      },
    });
  const measure = async <R>(work: () => Promise<R>): Promise<{ result: R; rounds: string[][] }> => {
    let done = false;
    const running = work().finally(() => (done = true));
    running.catch(() => undefined);
    for (;;) {
      await quiet();
      if (done) break;
      // Nothing out that a port answered: the run waits for something else (or a port that hangs).
      if (waiting.every((w) => w.answer === null))
        throw new Error('the run waits for something that is not a port call');
      for (const w of waiting) w.left--;
      // A call the port has not answered yet is answered at the end of a later round.
      const due = waiting.filter((w) => w.left <= 0 && w.answer !== null);
      waiting = waiting.filter((w) => !due.includes(w));
      sent.push([]);
      for (const w of due) w.answer?.();
    }
    if (sent.at(-1)?.length === 0) sent.pop();
    return { result: await running, rounds: sent };
  };
  return { gated, measure };
}

/** A pane-triggered run of `mode` for ann in `w`, with BC, Outlook and the store gated by `rt`. */
function gatedRun(rt: RoundTrips, w: World, mode: SyncMode, runId: string) {
  const deps = {
    bc: rt.gated(w.bc, 'bc'),
    mailbox: rt.gated(w.mailbox, 'outlook'),
    store: rt.gated(w.store, 'store'),
    clock: w.clock,
    logger: silentLogger,
  };
  return runSync(deps, { runId, userId: 'ann@contoso.com', mode, dryRun: false, trigger: 'pane' });
}

/**
 * One pane-triggered run of `mode` for ann in `w`, a minute after the last, with BC, Outlook and
 * the store gated: its result and the calls of each round.
 */
export async function measuredRun(
  w: World,
  mode: SyncMode,
  runId: string,
  slow: Readonly<Record<string, number>> = {},
) {
  const rt = roundTrips(slow);
  w.clock.advance(60_000);
  return rt.measure(() => gatedRun(rt, w, mode, runId));
}

/**
 * Like `measuredRun`, for a run expected to fail, at `w`'s clock as it is (a lease held now is
 * still held): `result` is what it threw, or null if it ended; and the calls of each round.
 */
export async function measuredFailure(w: World, mode: SyncMode, runId: string) {
  const rt = roundTrips();
  return rt.measure(() =>
    gatedRun(rt, w, mode, runId).then(
      () => null,
      (e: unknown) => e,
    ),
  );
}
