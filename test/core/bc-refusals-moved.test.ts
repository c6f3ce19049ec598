import { describe, expect, test } from '@jest/globals';
import { BC_FIELD_LENGTHS } from '../../src/core/bc-field-rules.js';
import { bcRefusals } from '../../src/core/bc-refusals.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { SYNC_FIELDS, syncFieldsFrom } from '../../src/core/model.js';
import { pairContext } from '../../src/core/pair.js';

// bcRefusals checks only the values a merge moves (a value BC holds already is not written). Which
// ones moved is asked by each field's SYNC_FIELDS position (issue 12 §2): one row per field holds
// the position to the field's own value.

const compiled = compileFilter({});
if (!compiled.ok) throw new Error('filter');
const ctx = pairContext({ policy: 'bcWins', filter: compiled.filter });
const tooLong = (f: (typeof SYNC_FIELDS)[number]) => 'x'.repeat(BC_FIELD_LENGTHS[f] + 1);
const valid = () => syncFieldsFrom((f) => (f === 'email' || f === 'email2' ? `${f}@example.com` : 'ok'));

describe('bcRefusals: only moved values are checked', () => {
  test.each([...SYNC_FIELDS])('%s too long and moved is refused; held already, it is not', (field) => {
    const current = valid();
    const target = { ...valid(), [field]: tooLong(field) };
    const moved = bcRefusals(target, current, null, null, ctx);
    expect(moved.fields).toEqual([field]);
    expect(moved.reasons[0]).toMatchObject({ field });
    // BC holds the long value already: nothing of it is written, so nothing is refused.
    expect(bcRefusals(target, { ...target }, null, null, ctx).fields).toEqual([]);
    // Another field moving does not bring the held one into the check.
    const other = field === 'city' ? 'state' : 'city';
    const held = bcRefusals({ ...target, [other]: 'moved' }, { ...target }, null, null, ctx);
    expect(held.fields).toEqual([]);
  });
});
