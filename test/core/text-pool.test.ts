import { describe, expect, test } from '@jest/globals';
import { toBcContact } from '../../src/bc/bc-wire.js';
import { storedBase } from '../../src/core/stored-values.js';
import { TextPool } from '../../src/core/text-pool.js';
import { fromGraphContact } from '../../src/graph/contact-mapping.js';

// A text pool (issue 12) holds equal texts of one read as one string: what each parser reads
// through one is exactly what it reads without one, whatever repeats (a pool that answered with
// another text than the one read would write it to the other side).

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe('TextPool', () => {
  test('answers each text with an equal one: the first met, short or long', () => {
    const pool = new TextPool();
    for (const t of ['', 'Oslo', 'Company 12 A/S', 'Company 12 A/S', 'Company 13 A/S', 'x'.repeat(300)])
      expect(pool.of(t)).toBe(t);
  });

  test('contacts and bases read through one pool read as without one', () => {
    const pool = new TextPool();
    for (let i = 0; i < 50; i++) {
      const company = `Company ${i % 3} A/S`;
      const bc = json({
        id: `b${i}`,
        displayName: `Person ${i}`,
        companyName: company,
        addressLine1: `${i % 2} Harbour Road`,
        website: 'www.company.example.com',
        jobTitle: i % 2 ? 'Sales Manager' : 'Office Manager',
        city: 'Copenhagen',
      });
      expect(toBcContact(bc, pool)).toEqual(toBcContact(bc));
      expect(storedBase(bc, pool)).toEqual(storedBase(bc));
      const ol = json({
        id: `o${i}`,
        displayName: `Person ${i}`,
        companyName: company,
        businessHomePage: 'www.company.example.com',
        businessAddress: { street: `${i % 2} Harbour Road`, city: 'Copenhagen', postalCode: '2100' },
      });
      expect(fromGraphContact(ol, pool)).toEqual(fromGraphContact(ol));
    }
  });
});
