import { describe, expect, test } from '@jest/globals';
import { UpstreamTracking } from '../../src/server/bc-api/upstream-tracking.js';
import type { TenantGet } from '../../src/server/bc-api/upstream-tracking.js';
import { HttpError } from '../../src/server/http-error.js';

const PATH = '/companies(c1)/contacts';
const T0 = Date.parse('2026-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const removed = (id: string) => ({
  '@odata.context': 'https://bc/api/v2.0/$metadata#contacts/$deletedEntity',
  id,
});

type Answer = { json: Record<string, unknown>; date: number | null } | HttpError;

/** The tenant: answers in order, records what was asked. */
function tenant(answers: Answer[]) {
  const asked: string[] = [];
  const get: TenantGet = async (target, headers) => {
    expect(headers.prefer).toBe('odata.track-changes');
    asked.push('link' in target ? `link ${target.link}` : `${target.path} ${target.query.$filter}`);
    const a = answers.shift();
    if (!a) throw new Error('unexpected request');
    if (a instanceof HttpError) throw a;
    return a;
  };
  return { tracking: new UpstreamTracking(get), asked };
}

describe('deletions through BC change tracking (checkpoints)', () => {
  test('first by lastModifiedDateTime, then from the newest link made by the watermark; pages and both deletion markers', async () => {
    const { tracking, asked } = tenant([
      { json: { value: [{ id: 'a' }], '@odata.deltaLink': 'L1' }, date: T0 },
      // A watermark before L1 was made: L1 would miss changes, so lastModifiedDateTime again.
      { json: { value: [], '@odata.deltaLink': 'L2' }, date: T0 + 60_000 },
      {
        json: { value: [{ id: 'b' }, removed('x')], '@odata.nextLink': 'L1-page2' },
        date: T0 + 120_000,
      },
      {
        json: { value: [{ id: 'y', '@removed': { reason: 'deleted' } }], '@odata.deltaLink': 'L3' },
        date: T0 + 121_000,
      },
    ]);
    const first = await tracking.changes(PATH, null, iso(T0 - 60_000));
    expect(first).toEqual({ changed: [{ id: 'a' }], deleted: [] });
    expect(await tracking.changes(PATH, null, iso(T0))).toEqual({ changed: [], deleted: [] });
    const third = await tracking.changes(PATH, null, iso(T0 + 30_000));
    expect(third.changed).toEqual([{ id: 'b' }]);
    expect(third.deleted.map((d) => d.id)).toEqual(['x', 'y']);
    expect(asked).toEqual([
      `${PATH} lastModifiedDateTime gt ${iso(T0 - 60_000)}`,
      `${PATH} lastModifiedDateTime gt ${iso(T0)}`,
      'link L1',
      'link L1-page2',
    ]);
  });

  test('a link the tenant no longer serves (410) falls back to lastModifiedDateTime and tracks again', async () => {
    const { tracking, asked } = tenant([
      { json: { value: [], '@odata.deltaLink': 'L1' }, date: T0 },
      new HttpError(410, 'BadRequest_DeltaTokenInvalid', 'gone'),
      { json: { value: [{ id: 'c' }], '@odata.deltaLink': 'L2' }, date: T0 + 600_000 },
    ]);
    await tracking.changes(PATH, "city eq 'Oslo'", iso(T0 - 1000));
    const after = await tracking.changes(PATH, "city eq 'Oslo'", iso(T0 + 300_000));
    expect(after).toEqual({ changed: [{ id: 'c' }], deleted: [] });
    expect(asked).toEqual([
      `${PATH} (city eq 'Oslo') and lastModifiedDateTime gt ${iso(T0 - 1000)}`,
      'link L1',
      `${PATH} (city eq 'Oslo') and lastModifiedDateTime gt ${iso(T0 + 300_000)}`,
    ]);
  });

  test('checkpoints are per company and filter; other failures pass through', async () => {
    const { tracking, asked } = tenant([
      { json: { value: [], '@odata.deltaLink': 'L1' }, date: T0 },
      { json: { value: [], '@odata.deltaLink': 'L2' }, date: T0 },
      new HttpError(429, 'TooManyRequests', 'slow down'),
    ]);
    await tracking.changes(PATH, null, iso(T0 - 1000));
    // Another filter has no checkpoint of its own yet.
    await tracking.changes(PATH, "city eq 'Oslo'", iso(T0 + 5000));
    await expect(tracking.changes(PATH, null, iso(T0 + 5000))).rejects.toMatchObject({ status: 429 });
    expect(asked[1]).toContain('lastModifiedDateTime gt');
    expect(asked[2]).toBe('link L1');
  });
});
