/** @jest-environment jsdom */
/**
 * Issue 14: a choice on a conflict the sync API no longer has (ConflictNotFound) was refused with
 * "No conflict is recorded for contact bc-1; refresh the list." — the contact by its id, and an
 * instruction the pane had already carried out (it reloads the lists after a refusal). The pane now
 * names the contact (display name, else e-mail) and says what happened, read from the run history it
 * reloaded: a run that ended since the list was loaded (by its trigger: the scheduled sync, a sync
 * from the command line or this pane, another client), else "in another window".
 * Table: every trigger and none × resolve and accept × six languages; never the id or "refresh".
 */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import type { RunTrigger } from '../../src/core/records.js';
import { ApiError } from '../../src/taskpane/api/http.js';
import type { ConflictView, RunRecord } from '../../src/taskpane/api/types.js';
import { App } from '../../src/taskpane/components/App/index.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { mockApi, record, renderPane } from './harness.js';

const BC_ID = 'bc-7f3a9e21';
const base: ConflictView = {
  bcId: BC_ID,
  outlookId: 'ol-1',
  displayName: 'Ann Lee',
  kind: 'fields',
  status: 'settled',
  detectedAt: null,
  fields: [{ field: 'city', base: 'Espoo', bc: 'Helsinki', outlook: 'Tampere', winner: 'bc' }],
};
/** What the sync API sends (sync/routes.ts resolveHttpError): the ResolveFailure as data. */
const gone = new ApiError(404, 'ConflictNotFound', 'No conflict is recorded.', [
  { target: 'conflict', message: 'No conflict is recorded.', reason: { kind: 'conflictNotFound' } },
]);

function say(lang: Lang, key: string, values: Record<string, unknown>): string {
  const all = MESSAGES[lang] as Readonly<Record<string, string>>;
  return String(new IntlMessageFormat(all[key] ?? key, lang).format(values as never));
}

/**
 * The pane with one conflict; the sync API has lost it by the time the user chooses. `ranSince`: the
 * trigger of a run that ended meanwhile (null: none did). Chooses, then returns the words shown.
 */
async function choose(opts: {
  lang: Lang;
  ranSince: RunTrigger | null;
  action: 'resolve' | 'accept';
  conflict?: ConflictView;
}): Promise<string> {
  const conflict = opts.conflict ?? base;
  const earlier = record({ id: 'run-old', trigger: 'schedule' });
  let runs: RunRecord[] = [earlier, record({ id: 'run-going', status: 'running', trigger: 'cli' })];
  let conflicts: ConflictView[] = [conflict];
  const lose = async (): Promise<void> => {
    conflicts = [];
    if (opts.ranSince)
      runs = [
        record({ id: 'run-new', trigger: opts.ranSince, startedAt: '2026-01-01T11:00:00.000Z' }),
        ...runs,
      ];
    throw gone;
  };
  const api = mockApi({
    listRuns: async () => runs,
    listConflicts: async () => conflicts,
    resolveConflict: lose,
    dismissConflict: lose,
  });
  renderPane(<App />, { api, lang: opts.lang });
  const m = MESSAGES[opts.lang] as Readonly<Record<string, string>>;
  const name = conflict.displayName || (conflict.email ?? '');
  // The card's buttons say the display name as it is (ConflictItem).
  const label = say(opts.lang, opts.action === 'resolve' ? 'keepBcAll' : 'acceptAll', {
    name: conflict.displayName,
  }).trim();
  await userEvent.click(await screen.findByRole('button', { name: label }));
  const text = say(opts.lang, 'resolveFailed', {
    message: say(opts.lang, 'conflictGone', { name, by: opts.ranSince ?? 'window' }),
  });
  expect(
    await screen.findByText(text.replace(/\s+/g, ' '), { normalizer: (s) => s.replace(/\s+/g, ' ') }),
  ).toBeTruthy();
  expect(m.conflictGone).toBeDefined();
  return text;
}

describe('a choice on a conflict that is gone: the contact by name, and what happened', () => {
  test('Ann Lee, resolved in another window (no run since): the example', async () => {
    const text = await choose({ lang: 'en', ranSince: null, action: 'resolve' });
    expect(text).toBe(
      'Not resolved: Ann Lee is no longer in conflict: it was resolved in another window. Nothing was written.',
    );
  });

  test('the scheduled sync settled it meanwhile', async () => {
    const text = await choose({ lang: 'en', ranSince: 'schedule', action: 'accept' });
    expect(text).toBe(
      'Not resolved: Ann Lee is no longer in conflict: the scheduled sync settled it. Nothing was written.',
    );
  });

  test('no display name: the e-mail names the contact', async () => {
    const text = await choose({
      lang: 'en',
      ranSince: null,
      action: 'resolve',
      conflict: { ...base, displayName: '', email: 'ann.lee@contoso.com' },
    });
    expect(text).toContain('ann.lee@contoso.com is no longer in conflict');
  });

  const triggers: readonly (RunTrigger | null)[] = ['schedule', 'cli', 'pane', 'api', null];
  const rows = LANGS.flatMap((lang) =>
    triggers.flatMap((ranSince) =>
      (['resolve', 'accept'] as const).map((action) => ({ lang, ranSince, action })),
    ),
  );
  test.each(rows)('$lang, ran since: $ranSince, $action: named, never the id or a refresh', async (row) => {
    const text = await choose(row);
    expect(text).toContain('Ann Lee');
    expect(text).not.toContain(BC_ID);
    expect(text).not.toMatch(/refresh|päivitä|uppdatera|vernieuw|aggiorna|actualise/i);
    expect(screen.queryByText(new RegExp(BC_ID))).toBeNull();
  });
});
