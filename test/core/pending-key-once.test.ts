/**
 * Issue 12 (first full sync, the path to its first write): an Outlook create's pending-create key
 * (pendingOutlookCreateKey: digests of every field, ~0.035 ms) is worked out once, for its announce
 * and its settling alike, not once for each. What that must keep: the key a create settles (clears)
 * is the very key it announced, whichever way it ended; a lost one stays pending.
 */
import { describe, expect, jest, test } from '@jest/globals';
import type { MailboxFault } from '../../src/fakes/memory-mailbox.js';
import type { SyncScope } from '../../src/core/state-store-port.js';
import { World, person } from '../support/world.js';

const PEOPLE = 12;

/** JSON.stringify calls that make a pending-create key ({"bcId":…,"sent":…,"fields":…}). */
function countingKeys(): { made: () => number; restore: () => void } {
  const stringify = JSON.stringify;
  let made = 0;
  const spy = jest.spyOn(JSON, 'stringify').mockImplementation((value: unknown, ...rest: unknown[]) => {
    if (value !== null && typeof value === 'object' && Object.keys(value).join() === 'bcId,sent,fields')
      made++;
    return (stringify as (v: unknown, ...r: unknown[]) => string)(value, ...rest);
  });
  return { made: () => made, restore: () => spy.mockRestore() };
}

const cases: [string, MailboxFault | null, number][] = [
  ['every create answered', null, 0],
  [
    'one create refused (settled as failed)',
    (op, i) => (op === 'create' && i === 3 ? { kind: 'invalid', message: 'no' } : null),
    0,
  ],
  ['one create lost (stays pending)', (op, i) => (op === 'create' && i === 5 ? 'lostResponse' : null), 1],
];

describe("an Outlook create's pending key is worked out once (issue 12)", () => {
  test.each(cases)('%s', async (_name, fault, leftPending) => {
    const w = new World();
    for (let i = 1; i <= PEOPLE; i++) w.bc.seed(person(i));
    w.mailbox.fault = fault;
    const announced: string[] = [];
    let scope: SyncScope | null = null;
    const add = w.store.addPendingCreates.bind(w.store);
    w.store.addPendingCreates = (s, keys) => {
      scope = s;
      announced.push(...keys);
      return add(s, keys);
    };
    const keys = countingKeys();
    try {
      await w.sync('full');
    } finally {
      keys.restore();
    }
    expect(announced).toHaveLength(PEOPLE);
    // Before: twice per create that settled (its announce, then its settling).
    expect(keys.made()).toBe(PEOPLE);
    // What is left pending is exactly what was announced and not settled: the keys matched.
    const left = await w.store.listPendingCreates(scope as unknown as SyncScope);
    expect(left).toHaveLength(leftPending);
    for (const key of left) expect(announced).toContain(key);
  });
});
