import { describe, expect, test } from '@jest/globals';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { sentBase, sentDigest, sentValues } from '../../src/core/sent-base.js';
import { SYNC_FIELDS } from '../../src/core/sync-field-names.js';
import { person } from '../support/world.js';

// sent-base.ts: the values a lost create sent, found again from both sides as they are now.
describe('sentValues / sentBase', () => {
  const sent = bcToSyncFields(person(1, { jobTitle: 'sent title', phoneNumber: '+45 1' }));
  const digest = sentDigest(sent);

  test('every field edited in BC beside every field edited in Outlook (or none): the values sent', () => {
    const rows: string[] = [];
    for (const f of ['', ...SYNC_FIELDS] as const)
      for (const g of ['', ...SYNC_FIELDS] as const) {
        if (f !== '' && f === g) continue;
        const bc = f === '' ? sent : { ...sent, [f]: `bc ${f}` };
        const outlook = g === '' ? sent : { ...sent, [g]: `ol ${g}` };
        if (JSON.stringify(sentValues(bc, outlook, digest, 12)) !== JSON.stringify(sent))
          rows.push(`${f}/${g}`);
      }
    expect(rows).toEqual([]);
  });

  test('a field edited on both sides: not found; the base is a first match’s with what is known', () => {
    const bc = { ...sent, jobTitle: 'bc title', city: 'Aarhus' };
    const outlook = { ...sent, jobTitle: 'ol title', email: 'moved@fabrikam.com' };
    expect(sentValues(bc, outlook, digest, 12)).toBeNull();
    expect(sentBase(bc, outlook, digest, { email: bc.email })).toEqual({
      ...sent,
      jobTitle: '',
      city: '',
      email: sent.email,
    });
  });

  test('more fields differing than asked for: not searched', () => {
    const bc = { ...sent, jobTitle: 'a', city: 'b', state: 'c' };
    expect(sentValues(bc, sent, digest, 2)).toBeNull();
    expect(sentValues(bc, sent, digest, 3)).toEqual(sent);
  });
});
