import { describe, expect, test } from '@jest/globals';
import { findContactsByEmails, insertContact } from '../../src/store/bc-repository.js';
import { companyPath, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

/*
 * Reviewer: `email eq 'İlker@…'` missed a stored 'İlker@…': the value was lower-cased by JavaScript
 * ('i̇', two code points) and the column by PostgreSQL's lower() ('i'). A final capital sigma is the
 * other letter the two fold apart (JavaScript 'ς', lower() 'σ'). Every place that compares an
 * e-mail case-insensitively in the database (the facade's eq/ne and its three string functions, the
 * store's look-up by e-mail) now folds both sides there, by the engine's own folding (email_fold,
 * migration 022; test/server/email-fold-sides.test.ts).
 */

let f: Facade;
let contacts: string;

const STORED = ['İlker@Yilmaz.example', 'ΣΟΦΙΑΣ@ellas.example', 'Ann@Lee.example'];

withFacade(async (facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
  for (const [i, email] of STORED.entries()) {
    f.clock.advance(60_000);
    const r = await insertContact(f.db, f.clock, f.company.id, { displayName: `Person ${i}`, email });
    if (!r.ok) throw new Error(r.error.message);
  }
});

async function emailsOf(filter: string): Promise<string[]> {
  const res = await f.app.inject({
    method: 'GET',
    url: `${contacts}?$filter=${encodeURIComponent(filter)}`,
    headers: { authorization: f.auth },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { value: { email: string }[] }).value.map((c) => c.email).sort();
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

describe('an e-mail compares case-insensitively by one folding, wherever the database compares it', () => {
  const places: [string, (email: string) => string][] = [
    ['eq', (e) => `email eq ${lit(e)}`],
    ['contains', (e) => `contains(email, ${lit(e.slice(0, e.indexOf('@')))})`],
    ['startswith', (e) => `startswith(email, ${lit(e.slice(0, 4))})`],
    ['endswith', (e) => `endswith(email, ${lit(e.slice(e.indexOf('@') - 2))})`],
  ];
  for (const [place, filterOf] of places)
    test.each(STORED)(`${place}: the address as stored finds %s`, async (email) => {
      expect(await emailsOf(filterOf(email))).toEqual([email]);
    });

  test.each(STORED)('ne: the address as stored leaves %s out', async (email) => {
    expect(await emailsOf(`email ne ${lit(email)}`)).toEqual(STORED.filter((e) => e !== email).sort());
  });

  test.each(STORED)('the store look-up by e-mail finds %s as typed', async (email) => {
    const found = await findContactsByEmails(f.db, f.company.id, [email]);
    expect(found.map((c) => c.email)).toEqual([email]);
  });

  test('the example: email eq İlker@Yilmaz.example finds İlker', async () => {
    expect(await emailsOf(`email eq 'İlker@Yilmaz.example'`)).toEqual(['İlker@Yilmaz.example']);
  });
});
