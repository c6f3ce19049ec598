import { describe, expect, test } from '@jest/globals';
import {
  changesFor,
  trackingTokenFor,
  upstreamLinkOf,
  upstreamLinkToken,
} from '../../src/server/bc-api/upstream-tracking.js';
import type { TenantGet } from '../../src/server/bc-api/upstream-tracking.js';
import { deltaTokenAt } from '../../src/store/bc-delta-token.js';
import { HttpError } from '../../src/server/http-error.js';

// Issue 11 §1/§2: in upstream mode the facade's delta token carries the tenant's own delta link, so
// nothing lives in the facade's memory: any facade process follows a token any other one made.

const ROOT = 'https://bc.example/t/production/api/v2.0';
const CID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const PATH = `/companies(${CID})/contacts`;
const link = (t: string, cid = CID) => `${ROOT}/companies(${cid})/contacts?$deltatoken=${t}`;
const START = deltaTokenAt('2026-05-01T10:02:00.000Z'); // tracks from 10:00 (the 2-minute margin)
const removed = (id: string) => ({ '@odata.context': `${ROOT}/$metadata#contacts/$deletedEntity`, id });

type Answer = Record<string, unknown> | HttpError;

/** The tenant: answers in order, records what was asked. */
function tenant(answers: Answer[]) {
  const asked: string[] = [];
  const get: TenantGet = async (target, headers) => {
    expect(headers.prefer).toBe('odata.track-changes');
    asked.push('link' in target ? `link ${target.link}` : `${target.path} ${target.query.$filter}`);
    const a = answers.shift();
    if (!a) throw new Error('unexpected request');
    if (a instanceof HttpError) throw a;
    return { json: a };
  };
  return { get, asked };
}

const target = (filter: string | null = null) => ({ apiRoot: ROOT, companyId: CID, path: PATH, filter });

describe('upstream delta tokens carry the tenant’s link', () => {
  test('a full read closes with the tenant’s link when nothing changed while it ran', async () => {
    const { get, asked } = tenant([{ value: [], '@odata.deltaLink': link('L1') }]);
    const token = await trackingTokenFor(get, PATH, "city eq 'Oslo'", START);
    expect(upstreamLinkOf(token)).toEqual({ link: link('L1'), from: null });
    expect(asked).toEqual([`${PATH} (city eq 'Oslo') and lastModifiedDateTime gt 2026-05-01T10:00:00.000Z`]);
  });

  test('a change while it ran is owed: the first delta follows the link and reads those changes again', async () => {
    const { get } = tenant([{ value: [{ id: 'a' }], '@odata.deltaLink': link('L1') }]);
    const token = await trackingTokenFor(get, PATH, null, START);
    expect(upstreamLinkOf(token)).toEqual({ link: link('L1'), from: '2026-05-01T10:00:00.000Z' });
    const next = tenant([
      { value: [{ id: 'b', v: 2 }, removed('x')], '@odata.deltaLink': link('L2') },
      { value: [{ id: 'a' }, { id: 'b', v: 1 }], '@odata.deltaLink': link('ignored') },
    ]);
    const r = await changesFor(next.get, target(), token);
    expect(r).toEqual({
      changed: [{ id: 'a' }, { id: 'b', v: 2 }],
      deleted: [{ id: 'x' }],
      token: upstreamLinkToken(link('L2')),
    });
    expect(next.asked).toEqual([
      `link ${link('L1')}`,
      `${PATH} lastModifiedDateTime gt 2026-05-01T10:00:00.000Z`,
    ]);
  });

  test('a tenant that gives no link: the start token stays, and the next delta is refused (410 → a full read)', async () => {
    const { get } = tenant([{ value: [] }]);
    expect(await trackingTokenFor(get, PATH, null, START)).toBe(START);
    const next = tenant([{ value: [{ id: 'a' }], '@odata.deltaLink': link('L2') }]);
    expect(await changesFor(next.get, target(), START)).toBeNull();
    expect(next.asked).toEqual([]);
  });

  test('item 4: a token of the facade’s clock is never served by time, which reports no deletions', async () => {
    // Before: read `lastModifiedDateTime gt from` with tracking and answered the tenant's new link
    // with deleted: [] — every contact deleted since `from` was missed for good.
    const next = tenant([{ value: [{ id: 'a' }], '@odata.deltaLink': link('L2') }]);
    expect(await changesFor(next.get, target(), START)).toBeNull();
    expect(next.asked).toEqual([]);
  });

  test('following the link: pages, both deletion markers, the next link in the token', async () => {
    const { get, asked } = tenant([
      { value: [{ id: 'b' }, removed('x')], '@odata.nextLink': `${link('L1')}&$skiptoken=2` },
      { value: [{ id: 'y', '@removed': { reason: 'deleted' } }], '@odata.deltaLink': link('L3') },
    ]);
    const r = await changesFor(get, target(), upstreamLinkToken(link('L1')));
    expect(r).toEqual({
      changed: [{ id: 'b' }],
      deleted: [{ id: 'x' }, { id: 'y' }],
      token: upstreamLinkToken(link('L3')),
    });
    expect(asked).toEqual([`link ${link('L1')}`, `link ${link('L1')}&$skiptoken=2`]);
  });

  test.each([
    ['a link of another company', upstreamLinkToken(link('L1', 'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee'))],
    [
      'a link outside the tenant’s API root',
      upstreamLinkToken(`https://evil.example/companies(${CID})/contacts`),
    ],
    ['no token at all', 'garbage'],
  ])('%s is not served (410), and nothing is sent', async (_name, token) => {
    const { get, asked } = tenant([]);
    expect(await changesFor(get, target(), token)).toBeNull();
    expect(asked).toEqual([]);
  });

  test.each([410, 400, 404])(
    'the tenant refusing the link (%i) is not served (410 to the client)',
    async (status) => {
      const { get } = tenant([new HttpError(status, 'BadRequest_DeltaTokenInvalid', 'gone')]);
      expect(await changesFor(get, target(), upstreamLinkToken(link('L1')))).toBeNull();
    },
  );

  test('other failures pass through (429 keeps its Retry-After for the client’s retry policy)', async () => {
    const { get } = tenant([new HttpError(429, 'TooManyRequests', 'slow down')]);
    await expect(changesFor(get, target(), upstreamLinkToken(link('L1')))).rejects.toMatchObject({
      status: 429,
    });
  });
});
