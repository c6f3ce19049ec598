import { describe, expect, test } from '@jest/globals';
import { toBcContact } from '../../src/bc/bc-wire.js';
import { withSyncFields } from '../../src/core/bc-refusals.js';
import { asNewPerson } from '../../src/core/matching.js';
import { emptySyncFields } from '../../src/core/model.js';

// Issue 12 (planner 100,000 × 100,000): the BC contacts the planner makes besides those read from BC
// (a contact with a changed pair's values; the Person an import would become) carry the adapter's
// keys in the adapter's order. V8 gives objects built alike one hidden class, so the filter and
// matching, which read all of them, are compiled once for one shape; a key out of order made a
// second shape and threw the compiled code away in every first plan.

const read = toBcContact({ id: 'b1', displayName: 'Ann', email: 'ann@x.example', type: 'Person' });

describe('BC contacts the planner makes have the keys of those read from BC, in order', () => {
  test('withSyncFields', () => {
    expect(Object.keys(withSyncFields(read, { ...emptySyncFields(), city: 'Oslo' }))).toEqual(
      Object.keys(read),
    );
  });

  test('asNewPerson: the keys in order, and a new Person with the values', () => {
    const person = asNewPerson({ ...emptySyncFields(), displayName: 'Bo', email: 'bo@x.example' });
    expect(Object.keys(person)).toEqual(Object.keys(read));
    expect(person).toMatchObject({
      displayName: 'Bo',
      email: 'bo@x.example',
      type: 'Person',
      privacyBlocked: false,
    });
  });
});
