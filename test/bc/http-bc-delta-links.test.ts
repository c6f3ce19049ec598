import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import { jsonAnswer, SCRIPTED_COMPANY, scriptedBc } from './scripted-bc.js';

// Issue 11 §2: the BC adapter reads deltas with BC's change tracking only (Prefer:
// odata.track-changes, @odata.deltaLink, deleted rows as @removed or $deletedEntity), so one
// adapter serves the facade and a tenant; the delta link is its cursor.

const BASE = 'https://bc.example/tenant/production/api/v2.0';
const COMPANY = SCRIPTED_COMPANY;
const OTHER = 'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const A = { id: '11111111-2222-4333-8444-555555555555', displayName: 'A', '@odata.etag': 'W/"a"' };
const GONE = '22222222-2222-4333-8444-555555555555';
const CONTACTS = `${BASE}/companies(${COMPANY})/contacts`;
const linkOf = (root: string, company: string, token: string) =>
  `${root}/companies(${company})/contacts?$deltatoken=${token}`;

type Step = { status: number; body?: unknown };

function scripted(steps: Step[]) {
  const calls: { url: string; prefer: string }[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, prefer: (init?.headers as Record<string, string>).prefer ?? '' });
    const step = steps.shift() ?? { status: 500 };
    return jsonAnswer(step.status, step.body);
  }) as unknown as typeof fetch;
  const bc = scriptedBc(BASE, fetchFn, { retry: { maxAttempts: 2 } });
  return { bc, calls };
}

const gone = { status: 410, body: { error: { code: 'BadRequest_DeltaTokenInvalid', message: 'expired' } } };
const full = { status: 200, body: { value: [A], '@odata.deltaLink': linkOf(BASE, COMPANY, 'fresh') } };

/**
 * GONE, x-1 and x-2 removed, in each of the shapes BC gives a removed row (@removed with its id,
 * $deletedEntity, @removed with only its @id); `last`: the reason of x-2's.
 */
const removed = (last: 'deleted' | 'changed') => [
  { '@removed': { reason: 'deleted' }, id: GONE },
  { '@odata.context': `${BASE}/$metadata#contacts/$deletedEntity`, id: 'x-1', reason: 'deleted' },
  { '@removed': { reason: last }, '@id': `${CONTACTS}(x-2)` },
];

describe('HttpBcContacts.readChanges: BC change tracking', () => {
  test('no link: every page with Prefer odata.track-changes; the last page gives the next link', async () => {
    const { bc, calls } = scripted([
      { status: 200, body: { value: [A], '@odata.nextLink': `${CONTACTS}?$skiptoken=1` } },
      { status: 200, body: { value: [], '@odata.deltaLink': linkOf(BASE, COMPANY, 't1') } },
      // Two pages: a closing round from the read's link tells what changed meanwhile (nothing here).
      { status: 200, body: { value: [], '@odata.deltaLink': linkOf(BASE, COMPANY, 't2') } },
    ]);
    const r = await bc.readChanges(null);
    expect(r).toEqual({
      kind: 'snapshot',
      contacts: [expect.objectContaining({ id: A.id })],
      // Kept relative to the API root: the cursor names no host (issue 9 §1, as Graph's link).
      deltaLink: `companies(${COMPANY})/contacts?$deltatoken=t1`,
    });
    expect(calls.map((c) => c.url)).toEqual([
      CONTACTS,
      `${CONTACTS}?$skiptoken=1`,
      linkOf(BASE, COMPANY, 't1'),
    ]);
    for (const c of calls) expect(c.prefer).toBe('odata.track-changes, odata.maxpagesize=1000');
  });

  // Found by a property test of BC changing under a paged read: the closing round's removed rows
  // were iterated as strings (one delete per character of the id), so a contact deleted between
  // pages stayed in the snapshot and its Outlook copy stayed until the next run.
  test('no link: a contact deleted between pages (@removed, $deletedEntity, @id) is not in the snapshot', async () => {
    const B = { ...A, id: GONE, displayName: 'B' };
    const C = { ...A, id: 'x-1', displayName: 'C' };
    const D = { ...A, id: 'x-2', displayName: 'D' };
    const { bc } = scripted([
      { status: 200, body: { value: [A, B], '@odata.nextLink': `${CONTACTS}?$skiptoken=1` } },
      { status: 200, body: { value: [C, D], '@odata.deltaLink': linkOf(BASE, COMPANY, 't1') } },
      { status: 200, body: { value: removed('deleted'), '@odata.deltaLink': linkOf(BASE, COMPANY, 't2') } },
    ]);
    const r = await bc.readChanges(null);
    expect(r.kind).toBe('snapshot');
    expect(r.kind === 'snapshot' && r.contacts.map((c) => c.id)).toEqual([A.id]);
  });

  test('a link: changed rows, and deletions in both of BC’s shapes (@removed, $deletedEntity)', async () => {
    const { bc, calls } = scripted([
      {
        status: 200,
        body: { value: [A, ...removed('changed')], '@odata.deltaLink': linkOf(BASE, COMPANY, 't2') },
      },
    ]);
    const r = await bc.readChanges(linkOf(BASE, COMPANY, 't1'));
    expect(r).toEqual({
      kind: 'changes',
      changed: [expect.objectContaining({ id: A.id })],
      deletedIds: [GONE, 'x-1', 'x-2'],
      deltaLink: `companies(${COMPANY})/contacts?$deltatoken=t2`,
    });
    expect(calls).toEqual([
      { url: `${CONTACTS}?$deltatoken=t1`, prefer: expect.stringContaining('track-changes') },
    ]);
  });

  test.each([
    ['relative (as kept)', `companies(${COMPANY})/contacts?$deltatoken=t%2B1`],
    [
      'under another API root (another host)',
      linkOf('https://localhost:3000/api/v2.0', COMPANY.toUpperCase(), 't%2B1'),
    ],
  ])('a link %s is followed on this root', async (_name, link) => {
    const { bc, calls } = scripted([full]);
    expect((await bc.readChanges(link)).kind).toBe('changes');
    expect(calls[0]!.url).toBe(`${CONTACTS}?$deltatoken=t%2B1`);
  });

  test.each([
    ['another company', linkOf(BASE, OTHER, 't1')],
    ['no URL', 'bc:2026-01-01T00:00:00Z'],
    ['another collection', `${BASE}/companies(${COMPANY})/countriesRegions?$deltatoken=t1`],
  ])('a link of %s is not sent anywhere: a full read', async (_name, link) => {
    const { bc, calls } = scripted([full]);
    expect((await bc.readChanges(link)).kind).toBe('snapshot');
    expect(calls.map((c) => c.url)).toEqual([CONTACTS]);
  });

  test.each([
    ['410 Gone', gone],
    [
      '400 (a token BC cannot read)',
      { status: 400, body: { error: { code: 'BadRequest', message: 'bad' } } },
    ],
    ['404', { status: 404, body: { error: { code: 'BadRequest_NotFound', message: 'gone' } } }],
  ])('%s on the link: the full read follows, with its own new link', async (_name, refusal) => {
    const { bc, calls } = scripted([refusal, full]);
    const r = await bc.readChanges(linkOf(BASE, COMPANY, 'old'));
    expect(r).toMatchObject({
      kind: 'snapshot',
      deltaLink: `companies(${COMPANY})/contacts?$deltatoken=fresh`,
    });
    expect(calls.map((c) => c.url)).toEqual([`${CONTACTS}?$deltatoken=old`, CONTACTS]);
  });

  test.each([
    [401, 'unavailable'],
    [403, 'unavailable'],
    [503, 'unavailable'],
  ])('%i on the link is a failure, not a full read (the cursor stays)', async (status, kind) => {
    const { bc, calls } = scripted([
      { status, body: { error: { code: 'X', message: 'x' } } },
      { status, body: { error: { code: 'X', message: 'x' } } },
    ]);
    const e = await bc.readChanges(linkOf(BASE, COMPANY, 't1')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PortFailure);
    expect(e).toMatchObject({ kind });
    expect(calls.every((c) => c.url.includes('$deltatoken'))).toBe(true);
  });

  test('a delta page whose nextLink leaves the API origin is refused (the token would go along)', async () => {
    const { bc } = scripted([
      { status: 200, body: { value: [], '@odata.nextLink': 'https://evil.example/x' } },
    ]);
    await expect(bc.readChanges(linkOf(BASE, COMPANY, 't1'))).rejects.toMatchObject({ kind: 'unavailable' });
  });

  test('a service that gives no delta link: snapshot with an empty link (the next run reads in full)', async () => {
    const { bc } = scripted([{ status: 200, body: { value: [A] } }]);
    expect(await bc.readChanges(null)).toMatchObject({ kind: 'snapshot', deltaLink: '' });
  });
});
