import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { countWrites } from '../../src/core/plan.js';
import { skipJson } from '../../src/messages/english.js';
import { linkedPerson } from '../support/world.js';

// Issue 8 §2: a contact's update to BC is validated as a whole before anything is written; if any
// part cannot be represented, nothing of that contact is written to BC and it is skipped with the
// reason (design §2 "Values with no BC home").

async function syncedDockRoad() {
  const { w, a, o } = await linkedPerson({
    addressLine1: 'Unit 5',
    addressLine2: 'Dock Road',
    jobTitle: 'Buyer',
  });
  return { w, a, o };
}

describe('a change is applied to BC whole or not at all (issue 8 §2)', () => {
  test('a three-line Outlook street is never half written: Address and Address 2 stay, the contact is skipped with the reason', async () => {
    const { w, a, o } = await syncedDockRoad();
    const street = 'Floor 2\r\nHarbour House\r\nQuay Side';
    w.mailbox.userEdit(o.id, { businessAddress: { ...o.businessAddress, street }, jobTitle: 'Head Buyer' });
    const { plan } = await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({
      addressLine1: 'Unit 5',
      addressLine2: 'Dock Road',
      jobTitle: 'Buyer',
    });
    expect(plan!.skipped.map((s) => s.record.reason)).toEqual([
      { kind: 'streetLines', field: 'addressLine2', lines: 3, max: 2 },
    ]);
    expect(w.mailbox.peek(o.id)?.businessAddress.street).toBe(street);
    expect(w.mailbox.peek(o.id)?.jobTitle).toBe('Head Buyer');
    // The user sees one Street field in Outlook: the words say the street has too many lines.
    const words = skipJson({ reason: plan!.skipped[0]!.record.reason });
    expect(words.text).toContain('the street in Outlook has 3 lines');
    expect(words.hint).toContain('Shorten the street in Outlook to 2 lines');
    // Fixed in Outlook: the next run writes the whole contact.
    w.mailbox.userEdit(o.id, { businessAddress: { ...o.businessAddress, street: 'Floor 2\nHarbour House' } });
    const fixed = await w.sync('full');
    expect(fixed.plan!.skipped).toEqual([]);
    expect(w.bc.peek(a.id)).toMatchObject({
      addressLine1: 'Floor 2',
      addressLine2: 'Harbour House',
      jobTitle: 'Head Buyer',
    });
  });

  test('BC’s own change still reaches Outlook while Outlook’s unrepresentable one is held back', async () => {
    const { w, a, o } = await syncedDockRoad();
    w.mailbox.userEdit(o.id, { businessAddress: { ...o.businessAddress, street: 'A\rB\rC' } });
    w.bc.edit(a.id, { city: 'Leeds' });
    await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({
      addressLine1: 'Unit 5',
      addressLine2: 'Dock Road',
      city: 'Leeds',
    });
    expect(w.mailbox.peek(o.id)?.businessAddress).toMatchObject({ street: 'A\rB\rC', city: 'Leeds' });
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });
});

// ---- property: random street shapes ----

const LENGTHS = [0, 1, 2, 49, 50, 51, 99, 100, 101] as const;
const line = fc
  .tuple(fc.constantFrom(...LENGTHS), fc.constantFrom('a', 'Z', 'é', '5', ' '))
  .map(([n, ch]) => ch.repeat(n));
const separator = fc.constantFrom('\r', '\n', '\r\n');
const street = fc
  .array(fc.tuple(line, separator), { minLength: 0, maxLength: 5 })
  .map((parts) => parts.map(([l, s], n) => (n === parts.length - 1 ? l : l + s)).join(''));

describe('street shapes property (issue 8 §2)', () => {
  test('any Outlook street (0–5 lines, CR/LF/CRLF, lengths around the limits) reaches BC whole or not at all', async () => {
    await fc.assert(
      fc.asyncProperty(street, fc.boolean(), async (s, alsoJobTitle) => {
        const { w, a, o } = await syncedDockRoad();
        w.mailbox.userEdit(o.id, {
          businessAddress: { ...o.businessAddress, street: s },
          ...(alsoJobTitle ? { jobTitle: 'Head Buyer' } : {}),
        });
        const { plan } = await w.sync('full');
        // Oracle, independent of the mapping: lines as a person reads them.
        const lines = s.split(/\r\n|\r|\n/);
        const fits = lines.length <= 2 && lines[0]!.length <= 100 && (lines[1] ?? '').length <= 50;
        const bc = w.bc.peek(a.id)!;
        if (fits) {
          expect([bc.addressLine1, bc.addressLine2]).toEqual([lines[0], lines[1] ?? '']);
          expect(bc.jobTitle).toBe(alsoJobTitle ? 'Head Buyer' : 'Buyer');
          expect(plan!.skipped).toEqual([]);
        } else {
          expect([bc.addressLine1, bc.addressLine2, bc.jobTitle]).toEqual(['Unit 5', 'Dock Road', 'Buyer']);
          const reasons = plan!.skipped.map((x) => x.record.reason);
          expect(reasons).toHaveLength(1);
          expect(reasons[0]).toMatchObject({ field: expect.stringMatching(/^addressLine[12]$/) });
        }
        expect(w.mailbox.peek(o.id)?.businessAddress.street).toBe(s);
        expect(countWrites((await w.sync('full')).plan!)).toBe(0);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 150), seed: Number(process.env.PROP_SEED ?? 8002) },
    );
  });
});
