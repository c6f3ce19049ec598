import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ShutdownSteps } from '../../src/platform/shutdown.js';

// Issue 13 §5: shutdown undoes the start in reverse order and awaits each step.

describe('ShutdownSteps', () => {
  test('any steps, any of them slow or failing: each runs once, last added first, one at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ slow: fc.boolean(), fails: fc.boolean() }), { maxLength: 8 }),
        async (specs) => {
          const steps = new ShutdownSteps();
          const ran: number[] = [];
          let active = 0;
          let overlapped = false;
          specs.forEach((spec, i) =>
            steps.add(`step ${i}`, async () => {
              overlapped ||= active > 0;
              active++;
              if (spec.slow) await new Promise<void>((r) => setImmediate(r));
              ran.push(i);
              active--;
              if (spec.fails) throw new Error(`step ${i} failed`);
            }),
          );
          const firstFailure = specs
            .map((s, i) => (s.fails ? i : -1))
            .filter((i) => i >= 0)
            .pop();
          const outcome = await steps.run().then(
            () => null,
            (e: Error) => e.message,
          );
          expect(ran).toEqual(specs.map((_s, i) => i).reverse());
          expect(overlapped).toBe(false);
          expect(outcome).toBe(firstFailure === undefined ? null : `step ${firstFailure} failed`);
          await steps.run();
          expect(ran).toHaveLength(specs.length);
        },
      ),
    );
  });
});
