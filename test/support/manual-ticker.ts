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
