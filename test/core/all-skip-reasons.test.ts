import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { OutlookContactDraft } from '../../src/core/model.js';
import type { SkipReason, SkipRecord } from '../../src/core/skip-records.js';
import { describeSkipReason, skipJson } from '../../src/messages/english.js';
import { skipView } from '../../src/core/views.js';
import { NO_NAME, World, linkedPerson, outlookPerson, typedInOutlook } from '../support/world.js';

// Issue 8 open item: a contact skipped for several reasons lists every one of them (the user fixes
// them in one go), not only the first; the list is grouped by the first.

const reasonsOf = (r: SkipRecord): SkipReason[] => [r.reason, ...(r.more ?? [])];

async function skippedRecords(w: World): Promise<SkipRecord[]> {
  return (await w.store.listSkipped(await w.scope())).map((s) => s.record);
}

describe('every skip reason of a contact is listed', () => {
  test('a new Outlook contact with no name, a too-long job title and a bad second e-mail lists all three', async () => {
    const { w } = await typedInOutlook(1, {
      ...NO_NAME,
      jobTitle: 'Senior Vice President of Everything Else',
      emailAddresses: [
        { address: 'one@fabrikam.com', name: '' },
        { address: 'not an address', name: '' },
      ],
    });
    await w.sync('full');
    const [record] = await skippedRecords(w);
    expect(reasonsOf(record!)).toEqual([
      { kind: 'missingName' },
      { kind: 'tooLong', field: 'jobTitle', length: 40, max: 30 },
      { kind: 'invalidEmail', field: 'email2' },
    ]);
    // The sync API's default words say all three.
    const json = skipJson(skipView({ key: 'k', record: record! }));
    for (const r of reasonsOf(record!)) expect(json.text).toContain(describeSkipReason(r));
  });

  test('a synced contact whose Outlook edit BC cannot take in two fields lists both', async () => {
    const { w, o } = await linkedPerson();
    w.mailbox.userEdit(o.id, { jobTitle: 'x'.repeat(31), mobilePhone: '+44 '.padEnd(31, '7') });
    await w.sync('full');
    const [record] = await skippedRecords(w);
    expect(reasonsOf(record!)).toEqual([
      { kind: 'tooLong', field: 'jobTitle', length: 31, max: 30 },
      { kind: 'tooLong', field: 'mobilePhoneNumber', length: 31, max: 30 },
    ]);
  });
});

// ---- property: any combination of defects, each listed once ----

type Defect = 'ok' | 'tooLong' | 'lineBreak';
const FIELDS = ['jobTitle', 'companyName', 'mobilePhone', 'city'] as const;
const BC_NAME = {
  jobTitle: 'jobTitle',
  companyName: 'companyName',
  mobilePhone: 'mobilePhoneNumber',
  city: 'city',
} as const;
const MAX = { jobTitle: 30, companyName: 100, mobilePhone: 30, city: 30 } as const;

function valueFor(field: (typeof FIELDS)[number], d: Defect): string {
  // A phone number has no letter (BC refuses one: phoneLetters), so its values are digits.
  const phone = field === 'mobilePhone';
  if (d === 'tooLong') return (phone ? '7' : 'x').repeat(MAX[field] + 1);
  if (d === 'lineBreak') return phone ? '1\n2' : 'first\nsecond';
  return phone ? '+44 7700 900123' : 'fine';
}

describe('every skip reason is listed: property', () => {
  test('a new Outlook contact with any mix of values BC cannot take lists exactly those, once each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...FIELDS.map(() => fc.constantFrom<Defect>('ok', 'ok', 'tooLong', 'lineBreak'))),
        fc.boolean(),
        async (defects, noName) => {
          const w = new World();
          const folder = await w.mailbox.ensureFolder('Business Central');
          const draft: OutlookContactDraft = outlookPerson(1, noName ? NO_NAME : {});
          const values = Object.fromEntries(FIELDS.map((f, i) => [f, valueFor(f, defects[i]!)]));
          w.mailbox.userCreate(folder.id, {
            ...draft,
            jobTitle: values.jobTitle!,
            companyName: values.companyName!,
            mobilePhone: values.mobilePhone!,
            businessAddress: { ...draft.businessAddress, city: values.city! },
          });
          await w.sync('full');
          const expected: SkipReason[] = [
            ...(noName ? [{ kind: 'missingName' as const }] : []),
            ...FIELDS.flatMap((f, i): SkipReason[] =>
              defects[i] === 'tooLong'
                ? [{ kind: 'tooLong', field: BC_NAME[f], length: MAX[f] + 1, max: MAX[f] }]
                : defects[i] === 'lineBreak'
                  ? [{ kind: 'lineBreak', field: BC_NAME[f] }]
                  : [],
            ),
          ];
          const records = await skippedRecords(w);
          const listed = records.flatMap(reasonsOf);
          const key = (r: SkipReason) => JSON.stringify(r);
          expect(listed.map(key).sort()).toEqual(expected.map(key).sort());
          expect(await w.bc.listAll()).toHaveLength(expected.length === 0 ? 1 : 0);
        },
      ),
      { numRuns: 40, seed: 8005 },
    );
  });
});
