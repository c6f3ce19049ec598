import fc from 'fast-check';
import type { Stop } from './crash-hosts.js';

/*
 * Where the crash-hosts model stops a run (crash-hosts.ts Stop): at a call number, or — `windows`
 * and after — at the `at`-th call of a kind (AIMS), wherever it falls in the run.
 */

export const stopArb: fc.Arbitrary<Stop | null> = fc.option(
  fc.record({
    at: fc.integer({ min: 1, max: 40 }),
    how: fc.constantFrom<'die' | 'stall'>('die', 'stall'),
    after: fc.boolean(),
  }),
  { freq: 2 },
);

/** The kinds of call a `windows` stop aims at: the texts of their descriptions (crash-hosts.ts Stop.on). */
export const AIMS: Readonly<Record<string, readonly string[]>> = {
  bcCreate: [
    'POST http://facade.internal/api/v2.0/$batch',
    'POST http://facade.internal/api/v2.0/companies(',
    'bc create',
  ],
  lookUp: ['%24filter=email', 'bc findByEmails'],
  bcWrite: [
    'POST http://facade.internal/api/v2.0/$batch',
    'PATCH http://facade.internal/',
    'bc create',
    'bc update',
  ],
  graphWrite: ['POST http://graph.test/v1.0/$batch', 'PATCH http://graph.test/', 'DELETE http://graph.test/'],
  pending: ['store addPendingCreates'],
  links: ['store upsertLinks', 'store putLinks'],
  lease: ['store acquireLease', 'store renewLease'],
};

/** A stop aimed at the `at`-th call of a kind (AIMS), or at a call number; a cancel among them. */
export const aimedStopArb: fc.Arbitrary<Stop | null> = fc.option(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        // The create's windows (its look-up under the turn, its record, the create) more often:
        // a run makes a BC create only when an Outlook contact is new, so most aims there miss.
        on: fc
          .constantFrom(...Object.keys(AIMS), 'bcCreate', 'bcCreate', 'lookUp', 'pending')
          .map((k) => AIMS[k]!),
        at: fc.integer({ min: 1, max: 2 }),
        how: fc.constantFrom<Stop['how']>('die', 'stall', 'stall', 'cancel', 'cancelAway'),
        after: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at: fc.integer({ min: 1, max: 40 }),
        how: fc.constantFrom<Stop['how']>('die', 'stall', 'cancel', 'cancelAway'),
        after: fc.boolean(),
      }),
    },
  ),
  { freq: 3 },
);
