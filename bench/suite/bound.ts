/**
 * The lower bound of a scenario: the shortest time any client could take for the Graph calls the
 * scenario cannot do without, at the emulator's latency, concurrency and quota.
 *
 * - `sequential` calls depend on each other (a folder lookup, list or delta pages that each need
 *   the previous page's link): each starts when the previous ends.
 * - `parallel` calls (the writes) then run on `concurrency` slots, each taking one latency.
 * - Every call, of either kind, is admitted by the sliding quota: call k may not start before
 *   call k − quota started plus the window.
 * BC calls are left out (the facade is on loopback, no added latency), so the bound is a minimum.
 */
import type { Limits } from './options.js';

export interface RequiredCalls {
  readonly sequential: number;
  readonly parallel: number;
}

export const BOUND_FORMULA =
  'bound = sequential reads one after another + writes on 4 slots, every Graph call taking the latency and admitted by the sliding quota (call k starts no earlier than call k−quota + window)';

export function lowerBoundMs(calls: RequiredCalls, limits: Limits): number {
  const { latencyMs: latency, concurrency, quota, windowMs } = limits;
  const starts: number[] = [];
  const admit = (earliest: number): number => {
    const k = starts.length;
    const windowFree = k >= quota ? (starts[k - quota] as number) + windowMs : 0;
    const start = Math.max(earliest, windowFree);
    starts.push(start);
    return start;
  };
  let end = 0;
  for (let i = 0; i < calls.sequential; i++) end = admit(end) + latency;
  const slots: number[] = Array.from({ length: concurrency }, () => end);
  let last = end;
  for (let i = 0; i < calls.parallel; i++) {
    // The slot that frees first takes the next call.
    let best = 0;
    for (let s = 1; s < slots.length; s++) if ((slots[s] as number) < (slots[best] as number)) best = s;
    const finish = admit(slots[best] as number) + latency;
    slots[best] = finish;
    last = Math.max(last, finish);
  }
  return last;
}
