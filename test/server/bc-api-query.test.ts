import { describe, expect, test } from '@jest/globals';
import { insertContact } from '../../src/store/bc-repository.js';
import { companyPath, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

let f: Facade;
let contacts: string;

const PEOPLE = [
  { displayName: 'Anna Berg', city: 'Stockholm', country: 'SE', email: 'anna@berg.example', jobTitle: 'CEO' },
  { displayName: 'Bo Dahl', city: 'Copenhagen', country: 'DK', email: 'bo@dahl.example' },
  { displayName: "Ciara O'Neil", city: 'Dublin', country: 'IE', email: 'ciara@oneil.example' },
  { displayName: 'Dirk de Vries', city: 'Amsterdam', country: 'NL', email: '', privacyBlocked: true },
  { displayName: 'Eeva Virtanen', city: 'Helsinki', country: 'FI', email: 'eeva@virtanen.example' },
  { displayName: 'Fabrikam Inc.', city: 'Atlanta', country: 'US', type: 'Company' as const },
  { displayName: 'Giulia Rossi', city: 'Milano', country: 'IT', email: 'giulia@rossi.example' },
];

withFacade(async (facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
  for (const p of PEOPLE) {
    f.clock.advance(60_000);
    const r = await insertContact(f.db, f.clock, f.company.id, p);
    if (!r.ok) throw new Error(r.error.message);
  }
});

type Page = {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  error?: { code: string; message: string };
};

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await f.app.inject({ method: 'GET', url, headers: { authorization: f.auth, ...headers } });
  return { status: res.statusCode, body: res.json() as Page, headers: res.headers };
}

const names = (p: Page) => (p.value ?? []).map((c) => c.displayName);
const q = (s: string) => encodeURIComponent(s);

describe('$filter', () => {
  test.each([
    [`city eq 'Dublin'`, ["Ciara O'Neil"]],
    [`displayName eq 'Ciara O''Neil'`, ["Ciara O'Neil"]],
    [
      `country ne 'SE' and country ne 'DK' and type eq 'Person'`,
      ["Ciara O'Neil", 'Dirk de Vries', 'Eeva Virtanen', 'Giulia Rossi'],
    ],
    [`city eq 'Dublin' or city eq 'Milano'`, ["Ciara O'Neil", 'Giulia Rossi']],
    [`not (type eq 'Person')`, ['Fabrikam Inc.']],
    [`contains(displayName,'ir')`, ['Dirk de Vries', 'Eeva Virtanen']],
    [`startswith(city,'Co')`, ['Bo Dahl']],
    [`endswith(email,'rossi.example')`, ['Giulia Rossi']],
    [`privacyBlocked eq true`, ['Dirk de Vries']],
    [`email eq ''`, ['Dirk de Vries', 'Fabrikam Inc.']],
    [`email eq null`, ['Dirk de Vries', 'Fabrikam Inc.']],
    [`country ge 'FI' and country lt 'IT'`, ["Ciara O'Neil", 'Eeva Virtanen']],
    [`(city eq 'Dublin' or city eq 'Helsinki') and country eq 'FI'`, ['Eeva Virtanen']],
    [`contains(displayName,'%')`, []],
    // case-sensitive, ordinal: what the engine's filter evaluator expects
    [`city eq 'dublin'`, []],
  ])('%s', async (filter, expected) => {
    const r = await get(`${contacts}?$filter=${q(filter)}`);
    expect(r.status).toBe(200);
    expect(names(r.body)).toEqual(expected);
  });

  test('lastModifiedDateTime gt an unquoted ISO date-time; id eq an unquoted GUID', async () => {
    const all = await get(contacts);
    const last = all.body.value!.at(-1)!;
    const second = all.body.value![5]!;
    const r = await get(
      `${contacts}?$filter=${q(`lastModifiedDateTime gt ${String(second.lastModifiedDateTime)}`)}`,
    );
    expect(names(r.body)).toEqual([last.displayName]);
    const byId = await get(`${contacts}?$filter=${q(`id eq ${String(second.id)}`)}`);
    expect(names(byId.body)).toEqual([second.displayName]);
  });

  test('a malformed $filter is a 400 naming the position', async () => {
    const r = await get(`${contacts}?$filter=${q(`city eq 'Dublin' and `)}`);
    expect(r.status).toBe(400);
    const message = "Syntax error at position 21 in '$filter': expected a value.";
    // OData's details name the option and the position (fresh-eyes pass: the body had neither).
    expect(r.body.error).toEqual({
      code: 'BadRequest',
      message,
      details: [
        {
          target: '$filter',
          message,
          reason: { kind: 'queryOption', option: '$filter', optionLength: 7, position: 21 },
        },
      ],
    });
    const unclosed = await get(`${contacts}?$filter=${q(`city eq 'Dub`)}`);
    expect(unclosed.body.error?.message).toMatch(/position 8/);
  });

  test('an unknown property in $filter is a 400 naming it; type mismatches are 400s too', async () => {
    const r = await get(`${contacts}?$filter=${q(`shoeSize eq 'x'`)}`);
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toBe(
      "Could not find a property named 'shoeSize' on type 'Microsoft.NAV.contact'.",
    );
    expect((await get(`${contacts}?$filter=${q(`privacyBlocked eq 'yes'`)}`)).status).toBe(400);
    expect((await get(`${contacts}?$filter=${q(`city eq 5`)}`)).status).toBe(400);
    expect((await get(`${contacts}?$filter=${q(`lastModifiedDateTime gt 'soon'`)}`)).status).toBe(400);
    expect((await get(`${contacts}?$expand=picture`)).status).toBe(400);
  });
});

describe('$select, $orderby, $top, $skip', () => {
  test('$select keeps the etag and the chosen fields; unknown → 400', async () => {
    const r = await get(`${contacts}?$select=displayName,city&$top=1`);
    expect(Object.keys(r.body.value![0]!)).toEqual(['@odata.etag', 'displayName', 'city']);
    expect((r.body as Record<string, unknown>)['@odata.context']).toMatch(/contacts\(displayName,city\)$/);
    const bad = await get(`${contacts}?$select=displayName,shoeSize`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain("'shoeSize'");
  });

  test('$orderby with one or more terms', async () => {
    const byCity = await get(`${contacts}?$orderby=city desc`);
    expect(byCity.body.value!.map((c) => c.city)).toEqual(
      PEOPLE.map((p) => p.city)
        .sort()
        .reverse(),
    );
    const two = await get(`${contacts}?$orderby=${q('type desc, country asc')}&$select=displayName`);
    expect(names(two.body)[0]).toBe('Bo Dahl');
    expect(names(two.body).at(-1)).toBe('Fabrikam Inc.');
    expect((await get(`${contacts}?$orderby=shoeSize`)).status).toBe(400);
    expect((await get(`${contacts}?$orderby=${q('city sideways')}`)).status).toBe(400);
  });

  test('$top and $skip', async () => {
    const r = await get(`${contacts}?$top=2&$skip=1`);
    expect(names(r.body)).toEqual(['Bo Dahl', "Ciara O'Neil"]);
    expect(r.body['@odata.nextLink']).toBeUndefined();
    expect((await get(`${contacts}?$top=-1`)).status).toBe(400);
    expect((await get(`${contacts}?$skip=abc`)).status).toBe(400);
  });
});

describe('server-driven paging', () => {
  test('Prefer: odata.maxpagesize=2 pages with absolute nextLinks to the end', async () => {
    const prefer = { prefer: 'odata.maxpagesize=2' };
    let url: string | undefined = `${contacts}?$filter=${q(`type eq 'Person'`)}&$select=displayName`;
    const seen: unknown[] = [];
    let pages = 0;
    while (url) {
      const r = await get(url, prefer);
      expect(r.status).toBe(200);
      expect(r.headers['preference-applied']).toBe('odata.maxpagesize=2');
      expect(r.body.value!.length).toBeLessThanOrEqual(2);
      seen.push(...names(r.body));
      pages++;
      const next = r.body['@odata.nextLink'];
      if (next) {
        expect(next).toMatch(/^http:\/\/localhost:80\/api\/v2\.0\/companies\(.+\)\/contacts\?/);
        expect(next).toContain('%24filter=');
        url = next.replace('http://localhost:80', '');
      } else url = undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(PEOPLE.filter((p) => p.type !== 'Company').map((p) => p.displayName));
  });

  test('$top is honoured across pages', async () => {
    const first = await get(`${contacts}?$top=3`, { prefer: 'odata.maxpagesize=2' });
    expect(first.body.value).toHaveLength(2);
    const next = first.body['@odata.nextLink']!;
    const second = await get(next.replace('http://localhost:80', ''), { prefer: 'odata.maxpagesize=2' });
    expect(names(second.body)).toEqual(["Ciara O'Neil"]);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  test('without Prefer one page holds everything (BC online: 20,000)', async () => {
    const r = await get(contacts);
    expect(r.body.value).toHaveLength(PEOPLE.length);
    expect(r.headers['preference-applied']).toBeUndefined();
  });
});

describe('$filter bounds (issue 10 §3): 400 with the limit in the message, never a 500', () => {
  test.each([
    ['nested 4,000 deep', `${'('.repeat(4000)}city eq 'Dublin'${')'.repeat(4000)}`, 'at most 2000'],
    ['`not ` repeated 400 times', `${'not '.repeat(400)}city eq 'Dublin'`, 'at most 32 are allowed'],
    ['nested 33 deep', `${'('.repeat(33)}city eq 'Dublin'${')'.repeat(33)}`, 'at most 32'],
    ['2,001 characters', `city eq '${'x'.repeat(1991)}'`, 'at most 2000'],
  ])('%s', async (_, filter, limit) => {
    const r = await get(`${contacts}?$filter=${q(filter)}`);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('BadRequest_QueryTooComplex');
    expect(r.body.error?.message).toContain(limit);
  });

  test('32 levels and 2,000 characters are still served', async () => {
    const deep = `${'('.repeat(16)}${'not ('.repeat(8)}city eq 'Dublin'${')'.repeat(24)}`;
    expect((await get(`${contacts}?$filter=${q(deep)}`)).body.value?.map((c) => c.displayName)).toEqual([
      "Ciara O'Neil",
    ]);
    const long = `city eq '${'x'.repeat(1990)}'`;
    expect(long.length).toBe(2000);
    expect((await get(`${contacts}?$filter=${q(long)}`)).status).toBe(200);
  });
});
