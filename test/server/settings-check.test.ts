/**
 * POST /sync/v1/settings/check (issue 14 F4): the checks of PUT /settings, nothing stored, so the
 * pane can ask before any side effect of a save. Table: every settings rule × both routes → the
 * same 400 InvalidSettings with the rule as data; the check stores nothing, even when valid.
 */
import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { FOLDER_NAME, SCHEDULE_MINUTES } from '../../src/core/settings-rules.js';
import { call, userOf, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();

const RULES = [
  { name: 'blank folder', patch: { folderName: '   ' }, target: 'folderName', kind: 'blank' },
  {
    name: 'F4: 300-character folder',
    patch: { folderName: 'x'.repeat(300) },
    target: 'folderName',
    kind: 'tooLong',
    data: { max: FOLDER_NAME.max },
  },
  {
    name: 'schedule of 3 minutes',
    patch: { scheduleMinutes: 3 },
    target: 'scheduleMinutes',
    kind: 'scheduleRange',
    data: { ...SCHEDULE_MINUTES },
  },
  {
    name: 'filter syntax',
    patch: { filter: { city: 'Oulu|' } },
    target: 'filter.city',
    kind: 'filterSyntax',
  },
] as const;
const ROUTES = [
  ['PUT', '/sync/v1/settings'],
  ['POST', '/sync/v1/settings/check'],
] as const;

describe('settings check = settings save, minus the save', () => {
  const user = userOf('checks@contoso.com');
  test.each(RULES.flatMap((r) => ROUTES.map(([method, path]) => ({ ...r, method, path }))))(
    '$name: $method $path → 400 with the rule as data',
    async (row) => {
      const r = await call(h, user, row.method, row.path, { ...DEFAULT_SETTINGS, ...row.patch });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('InvalidSettings');
      expect(r.body.error.details).toEqual([
        expect.objectContaining({
          target: row.target,
          reason: expect.objectContaining({ kind: row.kind, ...('data' in row ? row.data : {}) }),
        }),
      ]);
      expect((await call(h, user, 'GET', '/sync/v1/settings')).body).toEqual(DEFAULT_SETTINGS);
    },
  );

  test('a valid check answers the settings as PUT would, and stores nothing', async () => {
    const next = { ...DEFAULT_SETTINGS, folderName: 'y'.repeat(FOLDER_NAME.max), scheduleMinutes: 60 };
    const checked = await call(h, user, 'POST', '/sync/v1/settings/check', next);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual(next);
    expect((await call(h, user, 'GET', '/sync/v1/settings')).body).toEqual(DEFAULT_SETTINGS);
    expect((await call(h, user, 'PUT', '/sync/v1/settings', next)).body).toEqual(next);
  });
});

// F5: GET /schedule's interval is the one GET /settings answers, saved or not (was null unsaved).
describe('one interval: GET /schedule = GET /settings', () => {
  test.each([
    ['never saved', null],
    ['saved 60', 60],
    ['saved off', 0],
  ] as const)('%s', async (_name, minutes) => {
    const user = userOf(`schedule-${String(minutes)}@contoso.com`);
    if (minutes !== null)
      await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, scheduleMinutes: minutes });
    const settings = (await call(h, user, 'GET', '/sync/v1/settings')).body;
    const schedule = (await call(h, user, 'GET', '/sync/v1/schedule')).body;
    expect(schedule.scheduleMinutes).toBe(settings.scheduleMinutes);
    expect(schedule.saved).toBe(minutes !== null);
  });
});
