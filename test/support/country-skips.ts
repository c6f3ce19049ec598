import { expect } from '@jest/globals';
import type { Plan } from '../../src/core/plan.js';

/** The plan skipped a contact for a country BC's table lacks, naming `value` as the user typed it. */
export function expectUnknownCountrySkip(plan: Plan | null, value: string): void {
  expect(plan!.skipped.map((s) => s.record.reason)).toContainEqual({
    kind: 'unknownCountry',
    field: 'country',
    value,
  });
}
