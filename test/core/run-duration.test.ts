import { describe, expect, test } from '@jest/globals';
import { typedInOutlook } from '../support/world.js';

// newuser F6: a monotonic clock's fractions reached the record (durationMs 467.98303999996 in the
// CLI's JSON and the sync API). A record's duration is whole milliseconds, at its end and in the
// checkpoints before it.
describe("a run record's duration", () => {
  test.each(['full', 'delta'] as const)(
    '%s: whole milliseconds in every saved record, the end included',
    async (mode) => {
      const { w } = await typedInOutlook(3);
      let ticks = 0;
      // Each reading of the monotonic clock moves it 0.37 ms: every duration is fractional unless rounded.
      w.clock.monotonicMs = () => 1_000.5 + 0.37 * ++ticks;
      const saved: number[] = [];
      const save = w.store.saveRun.bind(w.store);
      w.store.saveRun = async (run, ...rest) => {
        saved.push(run.durationMs);
        return save(run, ...rest);
      };
      const outcome = await w.sync(mode);
      expect(outcome.record.status).toBe('succeeded');
      expect(ticks).toBeGreaterThan(1);
      expect(saved.length).toBeGreaterThan(0);
      for (const ms of [...saved, outcome.record.durationMs]) expect(Number.isInteger(ms)).toBe(true);
    },
  );
});
