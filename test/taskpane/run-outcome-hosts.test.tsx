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
    expect(item).toContain('Up to 400 changes may have been sent without an answer and may have landed');
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

/*
 * Brief keep item 2: a run killed between the save that counted its updates ahead (updates-ahead.ts)
 * and its first PATCH said "400 writes were sent", while none had gone. The record counts a write
 * from the save announcing it (uncertain-writes.ts `sending`), and cannot tell "announced, none
 * sent" from "sent, no answer" without a store round per delta; it never knows one certainly sent.
 * So every host says what it knows: up to that many may have been sent, in every language.
 */
const UP_TO: Readonly<Record<Lang, { one: string; many: string; sure: string }>> = {
  en: { one: '1 change may have been sent', many: 'Up to 400 changes may have been sent', sure: 'were sent' },
  fi: {
    one: '1 muutos on voitu lähettää',
    many: 'Enintään 400 muutosta on voitu lähettää',
    sure: 'lähetettiin',
  },
  sv: { one: '1 ändring kan ha skickats', many: 'Upp till 400 ändringar kan ha skickats', sure: 'skickades' },
  nl: {
    one: '1 wijziging is mogelijk zonder antwoord verzonden',
    many: 'Maximaal 400 wijzigingen zijn mogelijk zonder antwoord verzonden',
    sure: 'zijn zonder antwoord verzonden',
  },
  it: {
    one: '1 modifica potrebbe essere stata inviata',
    many: 'Fino a 400 modifiche potrebbero essere state inviate',
    sure: 'sono state inviate',
  },
  fr: {
    one: '1 modification a pu être envoyée',
    many: 'Jusqu’à 400 modifications ont pu être envoyées',
    sure: 'ont été envoyées',
  },
};
/** A run killed after its save counting `count` Outlook updates ahead, before its first PATCH. */
const killedAhead = (count: number, trigger: RunRecord['trigger']) =>
  record({
    status: 'interrupted',
    trigger,
    counts: zeroCounts(),
    uncertain: { bc: zeroCounts().bc, outlook: { created: 0, updated: count, deleted: 0 } },
  });
const COUNTS = [1, 400] as const;

describe('writes in doubt say how many may have been sent, never that they were', () => {
  describe.each(LANGS)('pane history and result card (%s)', (lang) => {
    test.each(COUNTS)('%i in doubt', (count) => {
      const said = count === 1 ? UP_TO[lang].one : UP_TO[lang].many;
      for (const ui of [
        <HistoryPanel runs={[killedAhead(count, 'pane')]} />,
        <RunSummary record={killedAhead(count, 'pane')} />,
      ]) {
        const shown = paneText(ui, lang);
        expect(shown).toContain(said);
        expect(shown).not.toContain(UP_TO[lang].sure);
      }
    });
  });

  // The CLI's line; the sync API's body of a run (GET /runs, its stream), the scheduler's runs too.
  const HOSTS = (['cli', 'schedule', 'api', 'pane'] as const).flatMap((trigger) =>
    COUNTS.map((count) => [trigger, count] as const),
  );
  test.each(HOSTS)('CLI line and sync API body, a %s run, %i in doubt', (trigger, count) => {
    const r = killedAhead(count, trigger);
    const said = count === 1 ? UP_TO.en.one : UP_TO.en.many;
    const api = (runJson(r) as { uncertainMessages?: string[] }).uncertainMessages ?? [];
    for (const shown of [runExit(r).line ?? '', api.join(' ')]) {
      expect(shown).toContain(said);
      expect(shown).not.toContain(UP_TO.en.sure);
    }
  });
});
