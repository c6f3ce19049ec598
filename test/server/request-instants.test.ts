import { describe, expect, test } from '@jest/globals';
import { isoInstant } from '../../src/platform/iso-instant.js';
import { toIso } from '../../src/store/sql-helpers.js';
import { deltaTokenStart } from '../../src/store/bc-delta-token.js';
import { upstreamLinkOf } from '../../src/server/bc-api/upstream-tracking.js';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

// Review RV16: an instant a request carries that JavaScript's Date.parse reads but PostgreSQL cannot
// hold (year 0, or year 1 with an offset that moves it into year 0) or that the calendar does not
// have (February 30th, which Date.parse rolls over to March 1st) reached the SQL: the BC API
// answered 500. Every place a request's instant is read goes through isoInstant; a bad one is a
// 400 (a delta token: 410, as any token that cannot be served).

let f: Facade;
withFacade(
  (facade) => {
    f = facade;
  },
  { seed: 3, listen: false },
);

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const GUID = '9d394e1c-0d51-4829-8704-fd7b6cfc88e5';

/** Instants Date.parse reads that no store can hold or the calendar does not have. */
const BAD = [
  ['year 0', '0000-01-01T00:00:00Z'],
  ['year 1 moved into year 0 by its offset', '0001-01-01T00:00:00+01:00'],
  ['February 30th', '2020-02-30T00:00:00Z'],
  ['February 29th of a common year', '2021-02-29T00:00:00Z'],
  ['April 31st', '2024-04-31T10:00:00Z'],
] as const;

/** Every place the BC API reads an instant from a request, and the status a bad one answers. */
const PLACES: readonly (readonly [string, (f: Facade, instant: string) => string, number])[] = [
  [
    'a $filter date-time literal',
    (f, v) => `${companyPath(f)}/contacts?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${v}`)}`,
    400,
  ],
  [
    'a $filter date literal on a date-time property',
    (f, v) =>
      `${companyPath(f)}/contacts?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${v.slice(0, 10)}`)}`,
    400,
  ],
  [
    'the $skiptoken of a read ordered by date-time',
    (f, v) =>
      `${companyPath(f)}/contacts?$orderby=lastModifiedDateTime&$skiptoken=${b64([v, 'CT000001', GUID])}`,
    400,
  ],
  [
    "the $skiptoken of a delta's page",
    (f, v) =>
      `${companyPath(f)}/contacts?$deltatoken=${b64({ v: 1, from: '2020-01-01T00:00:00.000Z' })}&$skiptoken=${b64([v, GUID])}`,
    400,
  ],
  [
    'the start a $deltatoken names',
    (f, v) => `${companyPath(f)}/contacts?$deltatoken=${b64({ v: 1, from: v })}`,
    410,
  ],
];

describe('an instant a request carries (RV16)', () => {
  test('the example: lastModifiedDateTime gt 0000-01-01T00:00:00Z is a 400 naming $filter, not a 500', async () => {
    const r = await facadeCall(
      f,
      'GET',
      `${companyPath(f)}/contacts?$filter=${encodeURIComponent('lastModifiedDateTime gt 0000-01-01T00:00:00Z')}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].target).toBe('$filter');
    expect(r.body.error.message).toMatch(/position 24 .*a valid date-time/);
  });

  // A date literal takes only the date: year 1 moved by its offset is no bad date there.
  const cases = PLACES.flatMap(([place, url, status]) =>
    BAD.filter(
      ([, instant]) => !place.includes('date literal') || isoInstant(instant.slice(0, 10)) === null,
    ).map(([what, instant]) => [place, what, url, instant, status] as const),
  );
  test.each(cases)('%s: %s is refused (%#)', async (_place, _what, url, instant, status) => {
    const r = await facadeCall(f, 'GET', url(f, instant));
    expect(r.status).toBe(status);
    expect(typeof r.body.error.message).toBe('string');
  });

  test.each(PLACES)(
    '%s: BC blank date-time 0001-01-01T00:00:00Z and a leap day still read',
    async (_p, url) => {
      for (const ok of ['0001-01-01T00:00:00Z', '2024-02-29T00:00:00Z']) {
        const r = await facadeCall(f, 'GET', url(f, ok));
        expect(r.status).toBe(200);
      }
    },
  );

  test('the delta token of a linked upstream tenant keeps no start isoInstant refuses', () => {
    for (const [, bad] of BAD) expect(upstreamLinkOf(b64({ v: 2, link: 'x', from: bad }))?.from).toBeNull();
    expect(deltaTokenStart(b64({ v: 1, from: '2020-02-30T00:00:00Z' }), '2030-01-01T00:00:00Z')).toBeNull();
  });

  test('the state stores refuse such a time (invalidTime) instead of rolling it over or failing in SQL', () => {
    for (const [, bad] of BAD) expect(() => toIso(bad)).toThrow(/invalidTime|ISO/);
    expect(toIso('2024-05-01T10:20:30.1234567+02:00')).toBe('2024-05-01T08:20:30.123Z');
  });
});

describe('isoInstant', () => {
  test.each([
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['0099-03-01T00:00Z', '0099-03-01T00:00:00.000Z'],
    ['0001-01-01T00:00:00-01:00', '0001-01-01T01:00:00.000Z'],
    ['2024-02-29T23:59:59.9999999Z', '2024-02-29T23:59:59.999Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s reads as %s', (text, iso) => expect(isoInstant(text)).toBe(iso));

  test.each([
    '1',
    '2024-05-01T10:20:30',
    '2024-05-01T24:00:00Z',
    '2024-05-01T23:59:60Z',
    '2024-13-01',
    '2024-00-10',
    '2024-05-00',
    '2024-05-01T10:00+24:00',
    '9999-12-31T23:00:00-02:00',
    ...BAD.map(([, v]) => v),
  ])('%s is no instant', (text) => expect(isoInstant(text)).toBeNull());
});
