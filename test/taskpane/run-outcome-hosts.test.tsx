/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import type { JSX } from 'react';
import { runExit } from '../../src/cli/run-exit.js';
import type { RunRecord } from '../../src/core/records.js';
import { zeroCounts } from '../../src/core/records.js';
import { LANGS, type Lang } from '../../src/messages/langs.js';
import { runJson } from '../../src/messages/english.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { RunSummary } from '../../src/taskpane/components/RunSummary/index.js';
import { record, renderPane } from './harness.js';
import { paneWords } from '../messages/catalogs.js';

// newuser finding 3: History said "Nothing written." for a cancelled run whose 400 writes had been
// sent without an answer (the result card said they "may have landed"; they had). Every host that
// sums a run up must say what its record knows: what it wrote, and what may have landed. The table
// runs every status × written 0/n × uncertain 0/n through every host, in six languages for the pane.

const STATUSES = ['succeeded', 'failed', 'cancelled', 'interrupted'] as const;
const WROTE = { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 7, updated: 0, deleted: 0 } };
const DOUBT = {
  bc: { created: 0, updated: 0, deleted: 0 },
  outlook: { created: 400, updated: 0, deleted: 0 },
};
const SHAPES = STATUSES.flatMap((status) =>
  [false, true].flatMap((wrote) =>
    [false, true].map((doubt): [string, RunRecord] => [
      `${status}, written ${wrote ? 7 : 0}, uncertain ${doubt ? 400 : 0}`,
      record({
        status,
        counts: wrote ? WROTE : zeroCounts(),
        ...(doubt ? { uncertain: DOUBT } : {}),
      }),
    ]),
  ),
);

/** The text each pane host shows for a record, by rendering it. */
function paneText(ui: JSX.Element, lang: Lang): string {
  const { container, unmount } = renderPane(ui, { lang });
  const text = container.textContent ?? '';
  unmount();
  return text;
}

describe('every summary of a run says what its record knows (written, may have landed)', () => {
  describe.each(LANGS)('pane history and result card (%s)', (lang) => {
    const words = paneWords(lang);
    const nothing = words.text('run_nothingWritten');
    test.each(SHAPES)('%s', (_name, r) => {
      const doubt = r.uncertain ? words.text('run_uncertain', { count: 400 }) : null;
      const history = paneText(<HistoryPanel runs={[r]} />, lang);
      const card = paneText(<RunSummary record={r} />, lang);
      for (const shown of [history, card]) {
        if (doubt) expect(shown).toContain(doubt);
      }
      const wrote = r.counts.outlook.created > 0;
      // "Nothing written" only when the record knows of no write at all.
      expect(history.includes(nothing)).toBe(!wrote && !r.uncertain);
      if (wrote) expect(history).toContain(words.text('run_written', { side: 'outlook', ...WROTE.outlook }));
    });
  });

  test.each(SHAPES)('CLI line and sync API: %s', (_name, r) => {
    const line = runExit(r).line ?? '';
    const api = (runJson(r) as { uncertainMessages?: string[] }).uncertainMessages ?? [];
    expect(api.some((s) => s.includes('400'))).toBe(Boolean(r.uncertain));
    if (r.status === 'succeeded') return;
    expect(line.includes('may have landed')).toBe(Boolean(r.uncertain));
    expect(line.includes('Outlook: 7 created')).toBe(r.counts.outlook.created > 0);
    expect(line.includes('Nothing written')).toBe(r.counts.outlook.created === 0 && !r.uncertain);
  });

  test('the example: a cancelled run with 400 writes in doubt does not read "Nothing written." in history', () => {
    renderPane(
      <HistoryPanel runs={[record({ status: 'cancelled', counts: zeroCounts(), uncertain: DOUBT })]} />,
    );
    const item = screen.getByRole('listitem').textContent ?? '';
    expect(item).not.toContain('Nothing written.');
    expect(item).toContain('400 writes were sent without an answer and may have landed');
    expect(item).toContain('Sync again before you add or change those contacts yourself');
  });
});

/*
 * panepolish: writes in doubt said what the next sync does, not what the user should do meanwhile
 * (a contact added again by hand while its create may have landed ends up twice). Every language
 * says it: sync again first, in the words of its Sync button.
 */
const SYNC_AGAIN: Readonly<Record<Lang, string>> = {
  en: 'Sync again before',
  fi: 'Synkronoi uudelleen, ennen kuin',
  sv: 'Synkronisera igen innan',
  nl: 'Synchroniseer opnieuw voordat',
  it: 'Sincronizza di nuovo prima',
  fr: 'Synchronisez de nouveau avant',
};
test.each(LANGS)('%s: writes in doubt say what to do: sync again before changing them by hand', (lang) => {
  for (const count of [1, 400])
    expect(paneWords(lang).text('run_uncertain', { count })).toContain(SYNC_AGAIN[lang]);
});
