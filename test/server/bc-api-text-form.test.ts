import { describe, expect, test } from '@jest/globals';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

// Issue 8 §5: the facade stores text in NFC and compares filter literals in NFC, whatever form a
// client sends.

let f: Facade;
let contacts: string;

withFacade((facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
});

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  facadeCall<Record<string, unknown> & { value?: Record<string, unknown>[] }>(f, method, url, payload);
/** Creates `contact` (expects 201): the created contact as the facade answered it. */
const create = async (contact: Record<string, unknown>) => {
  const created = await call('POST', contacts, contact);
  expect(created.status).toBe(201);
  return created.body;
};

describe('one text form in the facade (issue 8 §5)', () => {
  test('a name sent decomposed (NFD) is stored as NFC and found by a filter typed in either form', async () => {
    const nfd = 'Chloé Dupré'.normalize('NFD');
    const created = await create({ displayName: nfd, city: 'Orléans'.normalize('NFD') });
    expect(created.displayName).toBe('Chloé Dupré'.normalize('NFC'));
    expect(created.city).toBe('Orléans'.normalize('NFC'));
    for (const literal of ['Chloé Dupré'.normalize('NFC'), nfd]) {
      const q = encodeURIComponent(`displayName eq '${literal}'`);
      const found = await call('GET', `${contacts}?$filter=${q}`);
      expect(found.body.value?.map((c) => c.id)).toEqual([created.id]);
      const starts = encodeURIComponent(`startswith(displayName,'${literal.slice(0, 6)}')`);
      expect((await call('GET', `${contacts}?$filter=${starts}`)).body.value).toHaveLength(1);
    }
  });

  test('F94: a city sent with a no-break space and a surname with a soft hyphen are stored in the text form; the filter city eq "New York" finds her, typed either way', async () => {
    const created = await create({
      displayName: 'Ann Had\u00ADdad',
      surname: 'Had\u00ADdad',
      city: 'New\u00A0York',
    });
    expect([created.surname, created.city]).toEqual(['Haddad', 'New York']);
    for (const literal of ['New York', 'New\u00A0York', 'New\u202FYork']) {
      const q = encodeURIComponent(`city eq '${literal}'`);
      expect((await call('GET', `${contacts}?$filter=${q}`)).body.value?.map((c) => c.id)).toEqual([
        created.id,
      ]);
    }
  });

  test('e-mail addresses compare case-insensitively in every $filter operator and function, on E-Mail and E-Mail 2', async () => {
    const { id } = await create({
      displayName: 'Nina Berg',
      email: 'Nina.Berg@Fjord.example',
      email2: 'NB@Fjord.Example',
    });
    const rows: [string, string][] = [];
    for (const [field, stored] of [
      ['email', 'Nina.Berg@Fjord.example'],
      ['email2', 'NB@Fjord.Example'],
    ] as const) {
      for (const typed of [stored, stored.toLowerCase(), stored.toUpperCase()]) {
        rows.push([`${field} eq '${typed}'`, 'found']);
        rows.push([`${field} ne '${typed}' and displayName eq 'Nina Berg'`, 'none']);
        rows.push([`contains(${field},'${typed.slice(2, -3)}')`, 'found']);
        rows.push([`startswith(${field},'${typed.slice(0, 4)}')`, 'found']);
        rows.push([`endswith(${field},'${typed.slice(-8)}')`, 'found']);
      }
    }
    const wrong: string[] = [];
    for (const [filter, want] of rows) {
      const res = await call('GET', `${contacts}?$filter=${encodeURIComponent(filter)}`);
      const ids = res.body.value?.map((c) => c.id) ?? [];
      const got = ids.includes(id) ? 'found' : 'none';
      if (res.status !== 200 || got !== want) wrong.push(`${filter}: ${res.status} ${got}`);
    }
    expect(wrong).toEqual([]);
  });
});
