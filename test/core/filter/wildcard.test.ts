import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { compileWildcard, matchesWildcard } from '../../../src/core/filter/wildcard.js';
import type { StepMeter } from '../../../src/core/filter/wildcard.js';
import { matchesExpression } from '../../../src/core/filter/evaluate.js';
import type { PatternSegment } from '../../../src/core/filter/types.js';
import { expressionOf } from '../../support/filter-expression.js';

/** BC wildcard text (`*`, `?`, plain characters) as segments, independently of the BC parser. */
function segmentsOf(pattern: string): PatternSegment[] {
  return Array.from(pattern).map((c) =>
    c === '*' ? { kind: 'anyRun' } : c === '?' ? { kind: 'anyChar' } : { kind: 'text', text: c },
  );
}

/** The reference: a regular expression (backtracking, so only for short inputs). */
function oracle(pattern: string, subject: string): boolean {
  const source = Array.from(pattern)
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(subject);
}

function run(pattern: string, subject: string): { matched: boolean; steps: number } {
  const meter: StepMeter = { steps: 0 };
  const compiled = compileWildcard(segmentsOf(pattern), meter);
  const matched = matchesWildcard(compiled, subject, meter);
  return { matched, steps: meter.steps };
}

/** The documented bound: 2·(n + m) + n·q, q = longest chunk between stars that holds a `?`. */
function bound(pattern: string, subject: string): number {
  const n = Array.from(subject).length;
  const m = Array.from(pattern).length;
  const q = Math.max(
    0,
    ...pattern.split('*').map((chunk) => (chunk.includes('?') ? Array.from(chunk).length : 0)),
  );
  return 2 * (n + m) + n * q;
}

const alphabet = fc.constantFrom('a', 'b', 'c', '😀', '\n');
const patternText = fc
  .array(fc.oneof(alphabet, fc.constant('*'), fc.constant('?')), { maxLength: 12 })
  .map((cs) => cs.join(''));
const subjectText = fc.array(alphabet, { maxLength: 24 }).map((cs) => cs.join(''));

describe('BC wildcards in linear time (issue 10 §3)', () => {
  test('the issue example: *?*?*?*?*?*?*?*! against 60 a’s is answered in a few hundred steps', () => {
    const { matched, steps } = run('*?*?*?*?*?*?*?*!', 'a'.repeat(60));
    expect(matched).toBe(false);
    expect(steps).toBeLessThanOrEqual(bound('*?*?*?*?*?*?*?*!', 'a'.repeat(60)));
    expect(steps).toBeLessThan(400);
  });

  test('the issue example through the BC filter evaluation the sync, the facade and the pane use', () => {
    const expr = expressionOf('*?*?*?*?*?*?*?*!');
    expect(matchesExpression(expr, 'a'.repeat(100_000))).toBe(false);
    expect(matchesExpression(expr, `${'a'.repeat(100_000)}!`)).toBe(true);
  });

  test('agrees with a regular expression on every pattern and subject', () => {
    fc.assert(
      fc.property(patternText, subjectText, (pattern, subject) => {
        expect(run(pattern, subject).matched).toBe(oracle(pattern, subject));
      }),
      { numRuns: 3000 },
    );
  });

  test('never takes more than 2·(n + m) + n·q character comparisons', () => {
    fc.assert(
      fc.property(patternText, subjectText, (pattern, subject) => {
        expect(run(pattern, subject).steps).toBeLessThanOrEqual(bound(pattern, subject));
      }),
      { numRuns: 3000 },
    );
  });

  test('cost grows linearly with the subject: k times the subject costs at most k times the steps (plus the pattern)', () => {
    fc.assert(
      fc.property(
        patternText,
        subjectText.filter((s) => s.length > 0),
        fc.integer({ min: 2, max: 40 }),
        (pattern, unit, k) => {
          const m = Array.from(pattern).length;
          const many = run(pattern, unit.repeat(4 * k));
          // Per-subject-character cost is bounded by the pattern alone (2 + q), so k copies cost at
          // most k·(bound for one copy); a quadratic matcher breaks this as k grows.
          expect(many.steps).toBeLessThanOrEqual(k * bound(pattern, unit.repeat(4)) + 2 * m);
          expect(many.steps).toBeLessThanOrEqual(bound(pattern, unit.repeat(4 * k)));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('adversarial families: doubling the subject at most doubles the steps', () => {
    const families: Array<[string, (n: number) => string]> = [
      ['*?*?*?*?*?*?*?*!', (n) => 'a'.repeat(n)],
      ['*aaaaaaab*', (n) => 'a'.repeat(n)],
      ['*aab*aab*aab*c', (n) => 'aa'.repeat(n)],
      ['*a?a?a?b*', (n) => 'ab'.repeat(n)],
      ['a*a*a*a*a*a*a*a*a*a*b', (n) => 'a'.repeat(n)],
    ];
    for (const [pattern, subject] of families) {
      const steps = [1000, 2000, 4000, 8000].map((n) => run(pattern, subject(n)).steps);
      for (let i = 1; i < steps.length; i++) {
        // Quadratic would be 4×; 1% slack for the affine constant (pattern set-up, the last partial match).
        expect(steps[i]!).toBeLessThanOrEqual(2.02 * steps[i - 1]! + 4 * pattern.length);
      }
    }
  });

  test('doubling the pattern at most doubles the steps (fixed subject)', () => {
    const subject = 'a'.repeat(2000);
    const steps = [8, 16, 32, 64].map((stars) => run(`${'*a'.repeat(stars)}*!`, subject).steps);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeLessThanOrEqual(2 * steps[i - 1]! + 8);
  });
});
