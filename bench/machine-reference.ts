/**
 * A fixed CPU workload that runs no product code, for reading a benchmark's CPU figures across
 * sessions (issue 12). On this shared 2-core machine the same code's CPU time moves with the
 * moment: the planner's first plan measured 773 ms in one session and 1,224 ms in the next with no
 * planner change between them (its plans equal, bench/core-plan-profile.ts hash mode), and the
 * bench's gc() sweep, which runs no planner code either, went from 33 to 70 ms with it. CPU time
 * counts what a core did for the process, and a core shared with other work (hyperthreads, caches,
 * a host's other guests) does less per millisecond. A figure read as a multiple of this workload's
 * time, measured in the same process at the same minute, is meant to cancel a machine that runs
 * slower for a while; it is a reading aid beside the raw figure, never a replacement for it (the
 * target is in CPU ms). It does not cancel a run's own noise: at load 21–30, 6 first plans spread
 * 1,079–1,567 ms and their ratios 10.8–18.1 × (the reference is timed a moment apart from the plan).
 *
 * The work is of the planner's kinds: objects of one shape with id strings, a hash map of them,
 * look-ups in a scattered order, string compares and short-lived garbage.
 */

/** Objects the workload walks: a GUID-like id and a number each, as a contact's id and a field. */
const ITEMS = 50_000;

interface Item {
  readonly id: string;
  readonly n: number;
}

/** One pass of the workload; its result is used so no part of it is left out by the compiler. */
function workOnce(): number {
  const items: Item[] = [];
  for (let i = 0; i < ITEMS; i++)
    items.push({
      id: `5d1f${(i * 7919).toString(16).padStart(8, '0')}-a4c2-${i.toString(16).padStart(12, '0')}`,
      n: i,
    });
  const byId = new Map<string, Item>();
  for (const item of items) byId.set(item.id, item);
  let sum = 0;
  // A fixed scattered order (a linear congruential walk), as a plan's look-ups are over a heap.
  let k = 12345;
  for (let i = 0; i < ITEMS; i++) {
    k = (Math.imul(k, 1103515245) + 12345) >>> 0;
    const item = items[k % ITEMS]!;
    const found = byId.get(item.id);
    if (found !== undefined && found.id === item.id) sum += found.n & 7;
  }
  return sum;
}

/**
 * The workload's CPU time in ms: the least of `repeat` passes (the first compiles it), each pass's
 * CPU as process.cpuUsage counts it (every thread of the process, as the benchmarks count theirs).
 */
export function machineReferenceMs(repeat = 5): number {
  let best = Infinity;
  let check = 0;
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    check += workOnce();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  if (check < 0) throw new Error('unreachable: the sum of non-negative numbers');
  return best;
}
