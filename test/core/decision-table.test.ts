import { describe, expect, test } from '@jest/globals';
import { DECISION_TABLE, decidePair } from '../../src/core/pair-table.js';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { pairContext } from '../../src/core/pair.js';
import type { Pair } from '../../src/core/pair.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { emptySyncFields } from '../../src/core/model.js';
import type { BcContact } from '../../src/core/model.js';
import { SYNC_RULES } from '../../src/core/rules.js';
import { linkB1O1, outlookCopyOf, presentPair } from '../support/linked-pair.js';

// The facts a pair can have, listed here independently of the table: every feasible combination
// must meet exactly one row, and every row must be met by some combination.
const LINKED = {
  bc: ['same', 'changed', 'deleted', 'outOfScope'],
  outlook: ['same', 'holdsOwn', 'changed', 'deleted'],
};
const UNLINKED: [string, string][] = [
  ['inScope', 'none'],
  ['filteredOut', 'none'],
  ['outOfScope', 'none'],
  ['inScope', 'matchedByBcId'],
  ['inScope', 'matchedByEmail'],
  ['none', 'importable'],
  ['none', 'refused'],
  ['none', 'ourCopy'],
];

const combos: { linked: boolean; bc: string; outlook: string }[] = [
  ...LINKED.bc.flatMap((bc) => LINKED.outlook.map((outlook) => ({ linked: true, bc, outlook }))),
  ...UNLINKED.map(([bc, outlook]) => ({ linked: false, bc, outlook })),
];

function rowsFor(c: { linked: boolean; bc: string; outlook: string }) {
  return DECISION_TABLE.filter(
    (r) =>
      r.linked === c.linked &&
      (r.bc as readonly string[]).includes(c.bc) &&
      (r.outlook as readonly string[]).includes(c.outlook),
  );
}

describe('the planner decision table', () => {
  test.each(combos)('linked=$linked BC=$bc Outlook=$outlook meets exactly one row', (c) => {
    expect(rowsFor(c)).toHaveLength(1);
  });

  test('every row is met by a feasible combination and names a rule of design §2', () => {
    for (const row of DECISION_TABLE) {
      expect(combos.some((c) => rowsFor(c)[0] === row)).toBe(true);
      expect(SYNC_RULES[row.rule]).toBeDefined();
    }
  });

  test('decidePair reports the rule of the row that decided (a linked pair changed on both sides)', () => {
    const filter = compileFilter({});
    if (!filter.ok) throw new Error('filter');
    const ctx = pairContext({ policy: 'bcWins', filter: filter.filter });
    const bc: BcContact = {
      ...emptySyncFields(),
      displayName: 'Ann',
      email: 'ann@x.com',
      jobTitle: 'BC',
      id: 'b1',
      number: '1',
      type: 'Person',
      companyNumber: '',
      territoryCode: '',
      salespersonCode: '',
      privacyBlocked: false,
      lastModifiedDateTime: '',
      etag: 'e2',
    };
    const base = { ...bcToSyncFields(bc), jobTitle: '' };
    const ol = outlookCopyOf({ ...base, jobTitle: 'OL' }, 'k2');
    const pair = presentPair(linkB1O1(base), bc, ol);
    const d = decidePair(pair, ctx);
    expect(d.rule).toBe('changes.bothSides');
    expect(d.conflict?.record.fields.map((f) => [f.field, f.winner])).toEqual([['jobTitle', 'bc']]);
    const gone: Pair = { ...pair, bc: { kind: 'deleted' }, outlook: { kind: 'deleted' } };
    expect(decidePair(gone, ctx)).toMatchObject({ rule: 'deletions.bothGone', items: [{ kind: 'unlink' }] });
  });
});
