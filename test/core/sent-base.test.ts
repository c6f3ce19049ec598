import { describe, expect, test } from '@jest/globals';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { PendingBcGroup } from '../../src/core/pending-creates.js';
import { SentFields, sentBase, sentDigest, sentFieldDigests, sentValues } from '../../src/core/sent-base.js';
import { SYNC_BODY_LIMITS } from '../../src/server/sync/schema-kit.js';
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

// The per-field digests: a field edited on both sides leaves the others' base as sent.
describe('SentFields', () => {
  const sent = bcToSyncFields(person(1, { jobTitle: 'sent title', phoneNumber: '+45 1' }));
  const perField = SentFields.of(sentFieldDigests(sent))!;

  test('every field edited on both sides beside every field edited on one side: the rest as sent', () => {
    const rows: string[] = [];
    for (const both of SYNC_FIELDS)
      for (const one of SYNC_FIELDS) {
        if (one === both) continue;
        for (const side of ['bc', 'outlook'] as const) {
          const bc = { ...sent, [both]: `bc ${both}`, ...(side === 'bc' ? { [one]: `bc ${one}` } : {}) };
          const outlook = {
            ...sent,
            [both]: `ol ${both}`,
            ...(side === 'outlook' ? { [one]: `ol ${one}` } : {}),
          };
          const want = { ...sent, [both]: '' };
          if (JSON.stringify(sentBase(bc, outlook, sentDigest(sent), {}, perField)) !== JSON.stringify(want))
            rows.push(`${both}/${side} ${one}`);
        }
      }
    expect(rows).toEqual([]);
  });

  test('a value the same to the user is as sent: an address in another case, text in another normal form', () => {
    const f = { ...sent, email: 'Ann@Fabrikam.com', city: 'Malmo\u0308' };
    const digests = SentFields.of(sentFieldDigests(f))!;
    expect(digests.holds('email', ' ann@fabrikam.COM')).toBe(true);
    expect(digests.holds('city', 'Malm\u00f6')).toBe(true);
    expect(digests.holds('city', 'Malmo')).toBe(false);
    expect(digests.differing({ ...f, email: 'ANN@fabrikam.com', jobTitle: 'x' })).toEqual(['jobTitle']);
  });

  test('an entry without them, or of another field list: none', () => {
    expect([undefined, null, 1, '', sentFieldDigests(sent).slice(5)].map((d) => SentFields.of(d))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  test("a BC create entry with its longest parts stays within the state routes' id length", async () => {
    const keys: string[] = [];
    const store = { addPendingCreates: async (_s: unknown, k: readonly string[]) => void keys.push(...k) };
    const long = { ...sent, email: `${'a'.repeat(67)}@fabrikam.com` };
    expect(long.email).toHaveLength(80);
    // A Graph contact id is about 150 characters; 200 leaves room.
    await new PendingBcGroup(store, { userId: 'u', folderId: 'f' }, [
      { outlookId: 'A'.repeat(200), fields: long },
    ]).recorded;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.length).toBeLessThanOrEqual(SYNC_BODY_LIMITS.id);
  });
});
