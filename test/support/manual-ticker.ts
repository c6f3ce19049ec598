import type { Ticker } from '../../src/core/lease.js';

/** A ticker the test fires by hand: `fire` runs every beat registered and not stopped. */
export function manualTicker() {
  const beats = new Set<() => Promise<void>>();
  const ticker: Ticker = (_ms, beat) => {
    beats.add(beat);
    return () => beats.delete(beat);
  };
  return { ticker, fire: async () => Promise.all([...beats].map((b) => b())) };
}

/**
 * A ticker beaten by hand, one process's: `beat` runs every callback registered and not stopped,
 * one after another (as one process's ticker does); `live` counts them.
 */
export function handTicker(): { ticker: Ticker; beat: () => Promise<void>; live: () => number } {
  const beats = new Set<() => Promise<void>>();
  return {
    ticker: (_everyMs, fn) => {
      beats.add(fn);
      return () => beats.delete(fn);
    },
    beat: async () => {
      for (const fn of [...beats]) await fn();
    },
    live: () => beats.size,
  };
}
