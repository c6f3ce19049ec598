/** @jest-environment jsdom */
import { afterEach, describe, expect, test } from '@jest/globals';
import { cleanup, screen } from '@testing-library/react';
import fc from 'fast-check';
import { durationEnglish, durationParts } from '../../src/core/duration-parts.js';
import { finishedLine } from '../../src/cli/progress-lines.js';
import { LANGS } from '../../src/messages/langs.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { RunSummary } from '../../src/taskpane/components/RunSummary/index.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { record, renderPane } from './harness.js';

/*
 * newuser: History said "Duration: 0.0 s" for a 41 ms run, in every language (the CLI's JSON said
 * durationMs 41). Every place that shows a run's duration — the run summary and History, in the six
 * languages, and the CLI's last line at a terminal — takes its unit from core's durationParts: whole
 * milliseconds under a second, seconds to one decimal under a minute, minutes and seconds beyond.
 */

afterEach(cleanup);

/** What each language writes for the table's durations (NBSP before each unit). */
const SHOWN: Readonly<Record<Lang, readonly string[]>> = {
  en: ['Duration: 41\u00a0ms', 'Duration: 2.3\u00a0s', 'Duration: 5\u00a0min 12\u00a0s'],
  fi: ['Kesto: 41\u00a0ms', 'Kesto: 2,3\u00a0s', 'Kesto: 5\u00a0min 12\u00a0s'],
  sv: ['Varaktighet: 41\u00a0ms', 'Varaktighet: 2,3\u00a0s', 'Varaktighet: 5\u00a0min 12\u00a0s'],
  nl: ['Duur: 41\u00a0ms', 'Duur: 2,3\u00a0s', 'Duur: 5\u00a0min 12\u00a0s'],
  it: ['Durata: 41\u00a0ms', 'Durata: 2,3\u00a0s', 'Durata: 5\u00a0min 12\u00a0s'],
  fr: ['Durée\u00a0: 41\u00a0ms', 'Durée\u00a0: 2,3\u00a0s', 'Durée\u00a0: 5\u00a0min 12\u00a0s'],
};
const DURATIONS = [41, 2_300, 312_400] as const;

/** Every place of the pane that shows a run's duration, given the record. */
const PLACES = {
  runSummary: (r: ReturnType<typeof record>) => <RunSummary record={r} />,
  history: (r: ReturnType<typeof record>) => <HistoryPanel runs={[r]} />,
} as const;

describe("a run's duration, in the unit a person reads it in", () => {
  test('a 41 ms run reads "Duration: 41 ms" in History, not "Duration: 0.0 s"', () => {
    renderPane(<HistoryPanel runs={[record({ durationMs: 41 })]} />);
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('Duration: 41\u00a0ms');
    expect(item.textContent).not.toContain('0.0');
  });

  const cases = LANGS.flatMap((lang) =>
    (Object.keys(PLACES) as (keyof typeof PLACES)[]).flatMap((place) =>
      DURATIONS.map((ms, i) => ({ lang, place, ms, shown: SHOWN[lang][i]! })),
    ),
  );
  test.each(cases)('$lang $place $ms ms: "$shown"', ({ lang, place, ms, shown }) => {
    const { container } = renderPane(PLACES[place](record({ durationMs: ms })), { lang });
    expect(container.textContent).toContain(shown);
  });

  test('a running run in History shows no duration (its record holds the time to its last checkpoint)', () => {
    renderPane(<HistoryPanel runs={[record({ status: 'running', durationMs: 0 })]} />);
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('2 contacts skipped · 1 open conflict');
    expect(item.textContent).not.toContain('Duration');
  });

  test.each([
    [0, { unit: 'ms', ms: 0 }],
    [41, { unit: 'ms', ms: 41 }],
    [999.4, { unit: 'ms', ms: 999 }],
    [999.6, { unit: 's', seconds: 1 }],
    [2_300, { unit: 's', seconds: 2.3 }],
    [59_949, { unit: 's', seconds: 59.9 }],
    [59_950, { unit: 'min', minutes: 1, seconds: 0 }],
    [119_600, { unit: 'min', minutes: 2, seconds: 0 }],
    [312_400, { unit: 'min', minutes: 5, seconds: 12 }],
    [Number.NaN, { unit: 'ms', ms: 0 }],
  ] as const)('durationParts(%p)', (ms, parts) => {
    expect(durationParts(ms)).toEqual(parts);
  });

  test('the figure shown is within half its last unit of the duration, and never 0 for a run of 1 ms or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 3_600_000 }), (ms) => {
        const d = durationParts(ms);
        const shownMs =
          d.unit === 'ms' ? d.ms : d.unit === 's' ? d.seconds * 1000 : (d.minutes * 60 + d.seconds) * 1000;
        const step = d.unit === 'ms' ? 1 : d.unit === 's' ? 100 : 1000;
        expect(shownMs).toBeGreaterThan(0);
        expect(Math.abs(shownMs - ms)).toBeLessThanOrEqual(step / 2);
        if (d.unit !== 'min')
          expect(d.unit === 'ms' ? d.ms : d.seconds).toBeLessThan(d.unit === 'ms' ? 1000 : 60);
        else expect(d.seconds).toBeLessThan(60);
      }),
      { numRuns: 2_000, seed: 41 },
    );
  });

  test("the CLI's last line at a terminal says the duration in the same unit", () => {
    expect(DURATIONS.map(durationEnglish)).toEqual(['41 ms', '2.3 s', '5 min 12 s']);
    expect(finishedLine({ status: 'succeeded', durationMs: 41 })).toBe(
      'bc-contact-sync: succeeded in 41 ms\n',
    );
  });
});
