import { describe, expect, test } from '@jest/globals';
import type { CheckResult } from '../../src/cli/doctor/check-result.js';
import { formatDoctor } from '../../src/cli/doctor/report.js';

// Attack A5: doctor printed what BC answered raw on standard output: a company named
// "CRONUS\u001b[2J\u001b]0;owned\u0007" cleared the terminal and retitled it, an error code held an
// ANSI colour, and every company's name was listed however many. The kind: every line doctor
// prints is bounded and shows control and direction characters as escapes, whatever a check's
// detail or fix quotes.

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const HOSTILE: ReadonlyArray<[string, string]> = [
  ['the example: a company name that clears the screen', '1 company (CRONUS\u001b[2J\u001b]0;owned\u0007)'],
  ['an error code with a colour', 'BC answered 500 Bad\u001b[31mRED'],
  ['an override', 'issuer \u202Eevil'],
  ['a line separator', 'a\u2028b'],
  [
    'a thousand companies',
    `1000 companies (${Array.from({ length: 1000 }, (_, i) => `Company ${i}`).join(', ')})`,
  ],
];

describe('doctor prints every line bounded, nothing hidden', () => {
  test.each(HOSTILE)('%s', (_name, detail) => {
    const results: CheckResult[] = [
      { id: 'bc-companies', status: 'passed', detail },
      {
        id: 'issuer',
        status: 'failed',
        detail,
        fix: { code: 'config-invalid', params: { errors: `${detail}\nsecond` } },
      },
    ];
    const out = formatDoctor(results);
    for (const line of out.split('\n')) {
      expect(HIDDEN.test(line)).toBe(false);
      expect(line.length).toBeLessThan(500);
    }
  });

  test('plain details and a fix over several lines read as before', () => {
    const out = formatDoctor([
      { id: 'bc-companies', status: 'passed', detail: '2 companies (CRONUS USA, Inc., CRONUS UK Ltd.)' },
      {
        id: 'config',
        status: 'failed',
        detail: 'd',
        fix: { code: 'config-invalid', params: { errors: 'A\nB' } },
      },
    ]);
    expect(out).toContain('2 companies (CRONUS USA, Inc., CRONUS UK Ltd.)');
    expect(out.split('\n').length).toBeGreaterThanOrEqual(5);
  });
});
