import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { caseArb, runUncertainCase } from '../support/uncertain-case.js';
import { UncertainWorld } from '../support/uncertain-world.js';
import type { Seat } from '../support/uncertain-world.js';

// Issue 9 §5 property: random uncertain outcomes (applied or not; answer 502/503/504, missing from
// the $batch answer, lost with the connection or timed out; refused or lost before) on every write
// kind of both sides — BC create and update, Graph create, update and delete (the BcContacts port
// has no delete: BC deletions are the user's, and reach Outlook as Graph deletes) — while both
// sides change between runs. After every run: no duplicate on either side. After the runs with
// faults and one without: every change made on either side is on both sides (none lost), and a
// further run has nothing to write.

let world: UncertainWorld;
beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => world.close());

/** Uncertain fates dealt over all cases, per side and write method: every kind must have met some. */
const met = new Map<string, number>();

describe('uncertain outcomes on every write kind of both sides (property)', () => {
  test('zero duplicates after every run, zero lost writes once a run without faults follows', async () => {
    const tally = (side: string, seat: Seat) => {
      for (const w of (side === 'BC' ? seat.bcLog : seat.graphLog).writes)
        if (w.fate !== 'ok') met.set(`${side} ${w.method}`, (met.get(`${side} ${w.method}`) ?? 0) + 1);
    };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const seat = await world.seat();
        await runUncertainCase(seat, c);
        tally('BC', seat);
        tally('Graph', seat);
      }),
      {
        numRuns: Number(process.env.PROP_RUNS ?? 12),
        seed: Number(process.env.PROP_SEED ?? 9005),
        // Graph deletes are rare in random cases (BC deletes 0-2, faults dealt in the order writes
        // arrive): 1 in doubt in 12 runs alone, none in a full suite at load 6. These cases put
        // them in doubt at the highest rate, as well as the random ones.
        examples: [7, 11].map((seed) => [
          {
            seed,
            rate: 0.6,
            bcOnly: 8,
            outlookOnly: 2,
            bcEdits: 1,
            outlookEdits: 1,
            bcNew: 1,
            outlookNew: 1,
            bcDeletes: 2,
            outlookDeletes: 1,
            faultyRuns: 3,
          },
        ]),
      },
    );
    // The cases did put every write kind of both sides in doubt (BC has no delete, see above).
    for (const kind of ['BC POST', 'BC PATCH', 'Graph POST', 'Graph PATCH', 'Graph DELETE'])
      expect({ kind, met: (met.get(kind) ?? 0) > 0 }).toEqual({ kind, met: true });
    if (process.env.PROP_REPORT)
      process.stdout.write(`uncertain writes dealt: ${JSON.stringify(Object.fromEntries(met))}\n`);
  }, 600_000);
});
