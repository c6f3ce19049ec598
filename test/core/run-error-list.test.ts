import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import type { RunError, RunRecord } from '../../src/core/records.js';
import { RUN_ERRORS_KEPT, moreErrors, withRunErrors } from '../../src/core/run-error-list.js';
import { STATE_REQUEST_LIMITS as L } from '../../src/core/state-limits.js';
import { interruptedRecord } from '../../src/core/run-interrupted.js';

const utf8 = (x: unknown) => new TextEncoder().encode(JSON.stringify(x)).length;
type Listed = Pick<RunRecord, 'errors' | 'errorsOmitted'>;
const listed = (errors: RunError[]): Listed => ({ errors });

/** An item error of `size` characters of params, or a run-level one. */
const errorArb: fc.Arbitrary<RunError> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({
      side: fc.constantFrom('bc' as const, 'outlook' as const),
      id: fc.string({ maxLength: 8 }),
      code: fc.constant('writeFailed' as const),
      params: fc.record({ text: fc.string({ unit: 'binary', maxLength: 40 }) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      side: fc.constant('run' as const),
      id: fc.string({ maxLength: 8 }),
      code: fc.constant('cancelled' as const),
    }),
  },
);

describe('withRunErrors: a record lists what one state request takes', () => {
  test('the cap sits inside one state request with room for the rest of the record', () => {
    expect(RUN_ERRORS_KEPT.count).toBeLessThanOrEqual(L.entries);
    expect(RUN_ERRORS_KEPT.bytes * 2).toBeLessThanOrEqual(L.entryBytes);
  });

  test('property: run-level errors all kept, item errors a prefix within the caps, the rest counted', () => {
    fc.assert(
      fc.property(
        fc.array(errorArb, { maxLength: 300 }),
        fc.array(errorArb, { maxLength: 300 }),
        fc.integer({ min: 1, max: 3 }),
        (first, more, copies) => {
          // Copies make lists past the count cap without generating thousands of values.
          const grow = (xs: RunError[]) => Array.from({ length: copies * 6 }, () => xs).flat();
          const before = grow(first);
          const added = grow(more);
          const all = [...before, ...added];
          const out = withRunErrors(withRunErrors(listed(before)), added);
          const runLevel = all.filter((e) => e.side === 'run');
          const items = all.filter((e) => e.side !== 'run');
          const keptItems = out.errors.filter((e) => e.side !== 'run');
          expect(out.errors.filter((e) => e.side === 'run')).toEqual(runLevel);
          expect(keptItems).toEqual(items.slice(0, keptItems.length));
          expect(keptItems.length).toBeLessThanOrEqual(RUN_ERRORS_KEPT.count);
          expect(utf8(keptItems)).toBeLessThanOrEqual(RUN_ERRORS_KEPT.bytes);
          expect(keptItems.length + (out.errorsOmitted ?? 0)).toBe(items.length);
          if (all.length <= RUN_ERRORS_KEPT.count && utf8(all) * 3 <= RUN_ERRORS_KEPT.bytes)
            expect(out.errorsOmitted).toBeUndefined();
          // Idempotent: capping a capped record changes nothing.
          expect(withRunErrors(out)).toEqual(out);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('errors of 4,000 characters each: the byte budget, not the count, decides', () => {
    const big: RunError = { side: 'bc', id: 'x', code: 'writeFailed', params: { text: 'é'.repeat(4000) } };
    const out = withRunErrors(listed(Array.from({ length: 900 }, () => big)));
    expect(out.errors.length).toBeLessThan(900);
    expect(utf8(out.errors)).toBeLessThanOrEqual(RUN_ERRORS_KEPT.bytes);
    expect(out.errors.length + (out.errorsOmitted ?? 0)).toBe(900);
  });

  test('a record marked interrupted keeps the cap and its end', () => {
    const item: RunError = { side: 'outlook', id: 'c', code: 'writeFailed' };
    const running = withRunErrors({
      id: 'r',
      userId: 'u',
      folderName: 'F',
      mode: 'full' as const,
      dryRun: false,
      trigger: 'cli' as const,
      status: 'running' as const,
      startedAt: '2026-12-02T00:00:00.000Z',
      finishedAt: null,
      durationMs: 0,
      counts: { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 0, updated: 0, deleted: 0 } },
      skipped: 0,
      conflicts: 0,
      held: null,
      graph: null,
      errors: Array.from({ length: RUN_ERRORS_KEPT.count + 5 }, () => item),
    });
    const ended = interruptedRecord(running, '2026-12-02T00:01:00.000Z');
    expect(ended.errors.at(-1)?.code).toBe('interrupted');
    // The run-level end counts against the cap: one more item error goes to the count.
    expect(ended.errors.length).toBe(RUN_ERRORS_KEPT.count);
    expect(ended.errorsOmitted).toBe(6);
  });

  test('moreErrors: the rest of the list plus what the record only counts', () => {
    expect(moreErrors(12, 10, {})).toBe(2);
    expect(moreErrors(3, 10, { errorsOmitted: 7 })).toBe(7);
    expect(moreErrors(1000, 10, { errorsOmitted: 9050 })).toBe(10040);
  });
});
