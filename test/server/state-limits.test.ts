import { describe, expect, test } from '@jest/globals';
import { emptySyncFields } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunError } from '../../src/core/records.js';
import { conflict as conflictFixture, run as runFixture } from '../contracts/sync-state-store.fixtures.js';
import { SYNC_BODY_LIMITS as L } from '../../src/server/sync/schemas.js';
import { STATE_BODY_LIMITS } from '../../src/server/sync/state.js';
import { call, userOf, useSyncHarness } from './sync-harness.js';
import { SKIP_REASON_SAMPLES } from '../support/skip-reasons.js';

// Issue 10 §3 (bounded work), the state routes the pane's engine uses: every string has a maximum
// length and every list a maximum size (one row per body route below, one over each maximum → 400
// naming where), and a body over the route's byte limit → 413 in the shared error shape.

const h = useSyncHarness();

const U = userOf('limits@contoso.com');
const q = `userId=${encodeURIComponent(U)}&folderId=f1`;
const long = (n: number) => 'x'.repeat(n + 1);
const link = {
  bcId: 'bc-1',
  outlookId: 'ol-1',
  base: emptySyncFields(),
  bcEtag: 'W/"1"',
  outlookChangeKey: 'ck',
};
const conflict = conflictFixture('bc-1', 'ol-1', 'x');
const skip = (reason: object = { kind: 'missingEmail' }) => ({
  key: 'bc:1',
  record: { side: 'bc', bcId: '1', outlookId: '', displayName: 'A', reason },
});
const run = runFixture(U, 'r-1', '2026-03-01T08:00:00.000Z');
const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
const lease = { key: 'k', owner: 'o', now: '2026-03-01T08:00:00.000Z', ttlMs: 1000 };

type Row = [method: 'PUT' | 'POST', url: string, body: unknown, where: RegExp];

/** Per body route of the state API: a body one over a maximum, and where the 400 must point. */
const ROWS: Row[] = [
  [
    'PUT',
    `/sync/v1/state/settings?userId=${U}`,
    { ...DEFAULT_SETTINGS, folderName: long(255) },
    /folderName/,
  ],
  [
    'PUT',
    `/sync/v1/state/cursor?${q}`,
    { bcDeltaLink: 'x'.repeat(16_385), deltaLink: null, filterKey: '[]' },
    /bcDeltaLink/,
  ],
  ['POST', `/sync/v1/state/links?${q}`, { links: [{ ...link, bcId: long(L.id) }] }, /links\/0\/bcId/],
  ['POST', `/sync/v1/state/links?${q}`, { links: Array(L.links + 1).fill(link) }, /links/],
  [
    'POST',
    `/sync/v1/state/links?${q}`,
    { links: [{ ...link, base: { ...link.base, city: long(L.fieldValue) } }] },
    /base\/city/,
  ],
  ['POST', `/sync/v1/state/links/find?${q}`, { bcIds: ids(L.ids + 1), outlookIds: [] }, /bcIds/],
  ['POST', `/sync/v1/state/links/delete?${q}`, { bcIds: [long(L.id)] }, /bcIds\/0/],
  ['POST', `/sync/v1/state/pending-creates?${q}`, { bcIds: [long(L.id)] }, /bcIds\/0/],
  ['POST', `/sync/v1/state/pending-creates/clear?${q}`, { bcIds: [long(L.id)] }, /bcIds\/0/],
  ['POST', '/sync/v1/state/lease/acquire', { ...lease, key: long(L.id) }, /key/],
  ['POST', '/sync/v1/state/lease/renew', { ...lease, owner: long(200) }, /owner/],
  ['POST', '/sync/v1/state/lease/release', { key: long(L.id), owner: 'o' }, /key/],
  [
    'PUT',
    '/sync/v1/state/runs/r-1',
    { ...run, errors: [{ side: 'run', id: '', message: long(L.text) }] },
    /errors\/0\/message/,
  ],
  [
    'POST',
    `/sync/v1/state/conflicts?${q}`,
    { upserts: [{ ...conflict, record: { ...conflict.record, displayName: long(L.text) } }], remove: [] },
    /displayName/,
  ],
  ['POST', `/sync/v1/state/conflicts?${q}`, { upserts: [], remove: ids(L.ids + 1) }, /remove/],
  [
    'POST',
    `/sync/v1/state/skipped?${q}`,
    { entries: [skip({ kind: 'writeFailed', message: long(L.fieldValue) })], replace: false },
    /reason\/message/,
  ],
  [
    'POST',
    `/sync/v1/state/skipped?${q}`,
    {
      entries: [skip({ kind: 'duplicateEmailInBc', email: 'a@b', bcIds: ids(L.reasonItems + 1) })],
      replace: false,
    },
    /reason\/bcIds/,
  ],
  [
    'POST',
    `/sync/v1/state/skipped?${q}`,
    {
      entries: [skip({ kind: 'outOfScope', reasons: [{ kind: long(L.id) }] })],
      replace: false,
    },
    /reason\/reasons\/0/,
  ],
];

/** Text other hosts show (a run id, a lease owner and take) with a control character: 400 naming where (attack F3). */
const SHOWN: Row[] = [
  ['POST', '/sync/v1/state/lease/acquire', { ...lease, owner: 'run\n\u001b[31mrm -rf' }, /owner/],
  ['POST', '/sync/v1/state/lease/renew', { ...lease, owner: 'run\r' }, /owner/],
  ['POST', '/sync/v1/state/lease/release', { key: 'k', owner: 'o\u0085' }, /owner/],
  ['POST', '/sync/v1/state/lease/acquire', { ...lease, take: 't\u0007' }, /take/],
  ['PUT', '/sync/v1/state/runs/r%1B%5B31m', { ...run, id: 'r\u001b[31m' }, /id/],
];

describe('text other hosts show holds no control character', () => {
  test.each(SHOWN.map((row) => [`${row[0]} ${row[1]} ${String(row[3])}`, ...row] as const))(
    '%s → 400 naming where',
    async (_name, method, url, body, where) => {
      const r = await call(h, U, method, url, body);
      expect({ status: r.status, message: r.body.error?.message }).toEqual({
        status: 400,
        message: expect.stringMatching(where),
      });
    },
  );

  test('the same owner without it is taken', async () => {
    const r = await call(h, U, 'POST', '/sync/v1/state/lease/acquire', { ...lease, owner: 'run 1 (pane)' });
    expect(r.status).toBe(200);
  });
});

describe('state route bodies are bounded', () => {
  test.each(ROWS.map((row) => [`${row[0]} ${row[1].split('?')[0]} ${String(row[3])}`, ...row] as const))(
    '%s: one over a maximum → 400 naming where',
    async (_name, method, url, body, where) => {
      const r = await call(h, U, method, url, body);
      expect({ status: r.status, code: r.body.error?.code, message: r.body.error?.message }).toEqual({
        status: 400,
        code: expect.any(String),
        message: expect.stringMatching(where),
      });
    },
  );

  test('every state route that takes a body has a row', () => {
    const withBody = h.routes
      .filter((r) => r.url.startsWith('/sync/v1/state/') && (r.method === 'POST' || r.method === 'PUT'))
      .map((r) => `${r.method} ${r.url.replace(':id', 'r-1')}`);
    const covered = new Set(ROWS.map(([m, url]) => `${m} ${url.split('?')[0]}`));
    expect(withBody.filter((r) => !covered.has(r))).toEqual([]);
  });

  test('the attacker example: 15 MB of skipped entries → 413 naming the limit', async () => {
    const entry = skip({ kind: 'writeFailed', message: 'x'.repeat(3000) });
    const entries = Array.from({ length: 5000 }, (_, i) => ({ ...entry, key: `bc:${i}` }));
    const r = await call(h, U, 'POST', `/sync/v1/state/skipped?${q}`, { entries, replace: true });
    expect({ status: r.status, body: r.body }).toEqual({
      status: 413,
      body: {
        error: {
          code: 'RequestEntityTooLarge',
          message: `The request body is larger than ${STATE_BODY_LIMITS.entries} bytes.`,
          // A sync API refusal carries its reason as data (issue 13 §2).
          reason: { kind: 'RequestEntityTooLarge' },
        },
      },
    });
  });

  test.each(Object.values(SKIP_REASON_SAMPLES).map((reason) => [reason.kind, reason] as const))(
    'the skip reason the engine writes passes and reads back equal: %s',
    async (_kind, reason) => {
      const entries = [{ ...skip(reason), key: 'bc:1' }];
      const put = await call(h, U, 'POST', `/sync/v1/state/skipped?${q}`, { entries, replace: true });
      expect(put.status).toBe(204);
      expect((await call(h, U, 'GET', `/sync/v1/state/skipped?${q}`)).body.skipped).toEqual(entries);
    },
  );

  test('a contact with every reason at once (the first, and `more`) passes and reads back equal', async () => {
    const [first, ...more] = Object.values(SKIP_REASON_SAMPLES);
    const entries = [{ key: 'bc:1', record: { ...skip(first).record, more } }];
    expect((await call(h, U, 'POST', `/sync/v1/state/skipped?${q}`, { entries, replace: true })).status).toBe(
      204,
    );
    expect((await call(h, U, 'GET', `/sync/v1/state/skipped?${q}`)).body.skipped).toEqual(entries);
  });

  test('a run record with a coded error of every kind passes and reads back equal', async () => {
    const errors: RunError[] = [
      {
        side: 'bc',
        id: 'b1',
        code: 'writeFailed',
        params: { error: 'invalid', status: 400, serviceCode: 'BadRequest' },
      },
      { side: 'run', id: 'r-1', code: 'readFailed', params: { error: 'unavailable', status: 503 } },
      { side: 'run', id: 'r-1', code: 'storeRefused', params: { refusal: 'unstorableText' } },
      { side: 'run', id: 'r-1', code: 'leaseLost' },
      { side: 'run', id: 'r-1', code: 'interrupted', params: { by: 'shutdown' } },
      { side: 'run', id: 'r-1', code: 'unexpected', params: { name: 'TypeError' } },
      { side: 'run', id: 'r-1', message: 'a record from before codes' },
    ];
    const record = { ...run, status: 'failed', errors };
    expect((await call(h, U, 'PUT', `/sync/v1/state/runs/r-1`, record)).status).toBe(204);
    expect((await call(h, U, 'GET', `/sync/v1/state/runs/r-1?userId=${U}`)).body.run).toEqual(record);
  });
});
