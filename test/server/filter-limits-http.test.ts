import { describe, expect, test } from '@jest/globals';
import { FILTER_LIMITS } from '../../src/core/filter/index.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { F30_FILTER, heavyExpression } from '../support/heavy-filter.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// Issue 10 §3: every route that takes a BC filter refuses one beyond the limits with 400 in the
// shared error body, naming the limit and the field — before any contact is read.

const h = useSyncHarness();

type Send = (filter: Record<string, string>) => ReturnType<typeof call>;

/** Every place a filter enters over HTTP. */
const ROUTES: Array<[string, Send]> = [
  ['POST /sync/v1/match-preview', (filter) => call(h, ANN, 'POST', '/sync/v1/match-preview', { filter })],
  [
    'PUT /sync/v1/settings',
    (filter) => call(h, ANN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, filter }),
  ],
  [
    'POST /sync/v1/settings/check',
    (filter) => call(h, ANN, 'POST', '/sync/v1/settings/check', { ...DEFAULT_SETTINGS, filter }),
  ],
  [
    'PUT /sync/v1/state/settings',
    (filter) =>
      call(h, ANN, 'PUT', `/sync/v1/state/settings?userId=${encodeURIComponent(ANN)}`, {
        ...DEFAULT_SETTINGS,
        filter,
      }),
  ],
];

/** Beyond each limit: the filter, and what the message must say. */
const INPUTS: Array<[string, Record<string, string>, RegExp]> = [
  [
    'wildcards past the length limit (200 KB: under every route’s body limit)',
    { name: '*?'.repeat(100_000) + '!' },
    new RegExp(`filter/name.*${FILTER_LIMITS.length}`),
  ],
  ['one character too many', { city: 'x'.repeat(FILTER_LIMITS.length + 1) }, /filter\/city.*2000/],
  [
    'one value too many',
    { city: Array.from({ length: FILTER_LIMITS.values + 1 }, (_, i) => `c${i}`).join('|') },
    /filter\.city.*at most 100 values/,
  ],
  [
    'F30: every field at its limits, beyond the whole-filter work bound',
    F30_FILTER as Record<string, string>,
    new RegExp(
      `filter\\.name: the whole filter needs up to [\\d,]+ character comparisons per contact \\(at most 20,000\\)`,
    ),
  ],
  [
    'more fields than there are',
    Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`f${i}`, 'x'])),
    /filter/,
  ],
];

/** The attacker's 1.5 MB filter: refused before it is parsed where the route's body limit is smaller (F91). */
const ATTACK = { name: '*?'.repeat(750_000) + '!' };

describe('filter limits on every route that takes a filter', () => {
  test.each(ROUTES)(
    '%s, the attacker example (1.5 MB of wildcards): refused, naming the limit',
    async (route, send) => {
      const r = await send(ATTACK);
      // The settings routes take 256 KiB bodies (413 before parsing); the state route 8 MiB (the filter's own limit).
      const expected = route.includes('/state/')
        ? { status: 400, message: expect.stringMatching(new RegExp(`filter/name.*${FILTER_LIMITS.length}`)) }
        : { status: 413, message: expect.stringMatching(/larger than 262144 bytes/) };
      expect({ status: r.status, message: r.body.error?.message }).toEqual(expected);
    },
  );

  const rows = ROUTES.flatMap(([route, send]) =>
    INPUTS.map(([input, filter, says]) => ({ route, send, input, filter, says })),
  );
  test.each(rows)('$route, $input → 400 naming the limit', async ({ send, filter, says }) => {
    const r = await send(filter);
    expect({ status: r.status, message: r.body.error?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(says),
    });
    expect(r.body.error.code).toMatch(/^[A-Za-z_]+$/);
  });

  test('within the limits the same routes answer', async () => {
    const filter = { city: Array.from({ length: FILTER_LIMITS.values }, (_, i) => `c${i}`).join('|') };
    const answers = [];
    for (const [route, send] of ROUTES) answers.push([route, (await send(filter)).status]);
    expect(answers).toEqual([
      ['POST /sync/v1/match-preview', 200],
      ['PUT /sync/v1/settings', 200],
      ['POST /sync/v1/settings/check', 200],
      ['PUT /sync/v1/state/settings', 204],
    ]);
  });

  test('the heaviest name filter within the work bound is answered on every route', async () => {
    const filter = { name: heavyExpression('name', 9) };
    const answers = [];
    for (const [route, send] of ROUTES) answers.push([route, (await send(filter)).status]);
    expect(answers.map(([, status]) => status)).toEqual([200, 200, 200, 204]);
  });

  test('a saved filter beyond the work bound (saved before it existed) is refused by runs and the preview', async () => {
    await h.store.putSettings(ANN, { ...DEFAULT_SETTINGS, filter: F30_FILTER as Record<string, string> });
    const says = /filter\.name: the whole filter needs up to [\d,]+ character comparisons per contact/;
    const run = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
    expect({ status: run.status, code: run.body.error?.code, message: run.body.error?.message }).toEqual({
      status: 400,
      code: 'InvalidSettings',
      message: expect.stringMatching(says),
    });
    const preview = await call(h, ANN, 'POST', '/sync/v1/match-preview', {});
    expect({ status: preview.status, message: preview.body.error?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(says),
    });
    await h.store.putSettings(ANN, DEFAULT_SETTINGS);
  });
});
