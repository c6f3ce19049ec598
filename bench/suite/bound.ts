/**
 * The lower bound of a scenario: the shortest time any client could take for the Graph calls the
 * scenario cannot do without, at the emulator's latency, concurrency and quota.
 *
 * - `sequential` calls depend on each other (a folder lookup, list or delta pages that each need
 *   the previous page's link): each starts when the previous ends.
 * - `reportedLists` calls then run on `concurrency` slots, each taking one latency: the contacts a
 *   delta reports changed, read whole (a Graph delta page carries no extended properties — the BC
 *   id, the fax — and takes no `$expand`), which the writes depend on. What a delta reports is what
 *   changed last, so one list request of the folder's newest (`$orderby=lastModifiedDateTime desc`,
 *   `$expand` as a read by id) reads up to a list page (1,000) of them: one call per 1,000, not one
 *   per contact (62091d4; the bound counted reads by id, 3 round trips for 10, till then).
 * - `parallel` calls (the writes) then run on `concurrency` slots, each taking one latency.
 * - Every call, of either kind, is admitted by the sliding quota: call k may not start before
 *   call k − quota started plus the window.
 * BC calls are left out (the facade is on loopback, no added latency), so the bound is a minimum.
 * The emulator models the latency as a call's service time, its own work (token, parsing, handler,
 * writing the answer) included, and starts a $batch item on a slot at the previous item's deadline
 * (src/emulator/README.md): the same arithmetic as `onSlots` below.
 */
import type { Limits } from './options.js';

export interface RequiredCalls {
  readonly sequential: number;
  /** List requests reading a delta's reported contacts whole, which the writes wait for (0 when absent). */
  readonly reportedLists?: number;
  readonly parallel: number;
}

export const BOUND_FORMULA =
  'bound = sequential reads one after another + reads of the changed contacts a delta reports (Graph delta pages carry no extended properties), one list request of the newest in the folder per 1,000 of them, on 4 slots + writes on 4 slots, every Graph call taking the latency and admitted by the sliding quota (call k starts no earlier than call k−quota + window)';

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
  /** `count` calls on `concurrency` slots that are all free at `from`; when the last one ends. */
  const onSlots = (from: number, count: number): number => {
    const slots: number[] = Array.from({ length: concurrency }, () => from);
    let last = from;
    for (let i = 0; i < count; i++) {
      // The slot that frees first takes the next call.
      let best = 0;
      for (let s = 1; s < slots.length; s++) if ((slots[s] as number) < (slots[best] as number)) best = s;
      const finish = admit(slots[best] as number) + latency;
      slots[best] = finish;
      last = Math.max(last, finish);
    }
    return last;
  };
  return onSlots(onSlots(end, calls.reportedLists ?? 0), calls.parallel);
}
