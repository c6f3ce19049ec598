import { describe, expect, test } from '@jest/globals';
import { zeroCounts } from '../../src/core/records.js';
import { announcing, sending, uncertainTotal } from '../../src/core/uncertain-writes.js';
import type { UncertainLedger } from '../../src/core/uncertain-writes.js';

/*
 * A store write a call must not go out before (`ready`: the BC updates' pending entries,
 * sent-ahead.ts; the Outlook calls' `saved`) that fails sends nothing and counts nothing, as a
 * failed announce: counted, the run's end kept the folder's lease for the write settle (65 s) with
 * no write out (a841f5d5; conflict-lifecycle's stop at addPendingCreates was the example).
 */
type Place = (
  ledger: UncertainLedger,
  call: () => Promise<number[]>,
  ready: Promise<void>,
) => Promise<number[]>;

const PLACES: readonly (readonly [string, Place])[] = [
  ['sending', (l, call, ready) => sending(l, 'bc', 'updated', [1, 2], call, 0, ready)],
  ['sending, all counted ahead', (l, call, ready) => sending(l, 'outlook', 'updated', [1], call, 1, ready)],
  [
    'announcing().send, waited',
    (l, call, ready) => announcing(l, 'bc', 'updated', 2).send(2, call, true, ready),
  ],
  [
    'announcing().send, not waited',
    (l, call, ready) => announcing(l, 'bc', 'created', 2).send(1, call, false, ready),
  ],
];

describe('a write call whose store write before it failed', () => {
  test.each(PLACES)('%s: sends nothing and leaves nothing uncertain', async (_name, place) => {
    const ledger: UncertainLedger = { uncertain: zeroCounts(), announce: async () => undefined };
    // Counted ahead (UpdatesAhead) as the all-ahead row's caller does.
    ledger.uncertain.outlook.updated += _name.includes('ahead') ? 1 : 0;
    let sent = 0;
    const call = async () => {
      sent++;
      return [1];
    };
    const failed = Promise.reject(new Error('store write failed'));
    failed.catch(() => undefined);
    await expect(place(ledger, call, failed)).rejects.toThrow('store write failed');
    expect({ sent, uncertain: uncertainTotal(ledger.uncertain) }).toEqual({ sent: 0, uncertain: 0 });
  });

  test.each(PLACES)(
    '%s: a call that went out and threw stays counted (the control)',
    async (_name, place) => {
      const ledger: UncertainLedger = { uncertain: zeroCounts(), announce: async () => undefined };
      ledger.uncertain.outlook.updated += _name.includes('ahead') ? 1 : 0;
      const call = () => Promise.reject(new Error('aborted'));
      await expect(place(ledger, call, Promise.resolve())).rejects.toThrow('aborted');
      expect(uncertainTotal(ledger.uncertain)).toBeGreaterThan(0);
    },
  );
});
