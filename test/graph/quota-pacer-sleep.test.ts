import { describe, expect, test } from '@jest/globals';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';

/**
 * Brief leases (small item): the pacer's wait for room in the window slept, then read the clock
 * again to decide whether the room had come. Under a sleep whose clock does not move with it (a
 * virtual sleep: a test's, or a simulated host's) it asked for the same wait again and again — a
 * spin — and a timer that fired a millisecond early against the clock cost a second sleep. The wait
 * now ends on the sleep's own resolution. A virtual clock counts its reads (and stops a spin).
 */

const WINDOW_MS = 1_000;
const QUOTA = 20;
/** Reads past which the clock throws: a spin ends as a failure, not a hung test. */
const READS_MAX = 1_000;

/** How far the clock moves while a sleep of `ms` runs. */
const sleeps: [string, (ms: number) => number][] = [
  ['a virtual sleep that moves no clock', () => 0],
  ['a timer that fires 1 ms early against the clock', (ms) => ms - 1],
  ['a timer and a clock that agree', (ms) => ms],
];

describe('the quota pacer’s wait ends when its sleep does', () => {
  test.each(sleeps)('%s: one sleep of the window’s rest, a handful of clock reads', async (_name, moved) => {
    let t = 0;
    let reads = 0;
    const clock = () => {
      if (++reads > READS_MAX) throw new Error(`the clock was read ${reads} times: a spin`);
      return t;
    };
    const pacer = new QuotaPacer(clock, { quota: QUOTA, windowMs: WINDOW_MS });
    // A full window's calls, answered at 0: the next call's room comes at WINDOW_MS.
    pacer.settle(await pacer.admit(QUOTA, async () => undefined));
    t = 400;
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      t += moved(ms);
    };
    reads = 0;
    const calls = await pacer.admit(1, sleep);
    expect(calls).toHaveLength(1);
    expect(slept).toEqual([WINDOW_MS - 400]);
    expect(reads).toBeLessThanOrEqual(10);
  });
});
