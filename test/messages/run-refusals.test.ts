/**
 * A run refused its folder travels as data (core RunRefusal: the holder's run id, until when) and is
 * worded at the edge: every kind has its words in every language, naming the holder and, where the
 * refusal knows it, the time the edge writes. The example: a pane closed mid-sync left the folder's
 * lease; the refusal says until when (was: the server's English "lease until" an ISO UTC time, or
 * "already running" with no time in the pane).
 */
import { describe, expect, test } from '@jest/globals';
import type { RunRefusal } from '../../src/core/run-types.js';
import { catalogWords, describeRunRefusal } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { RUN_REFUSAL_KINDS, runRefusalText } from '../../src/messages/refusal-words.js';
import { utcMinute, zonedMinute } from '../../src/messages/wait-time.js';
import type { CodeCatalog } from '../../src/messages/catalogs/en.js';
import { CODE_CATALOGS, PANE_CATALOGS } from './catalogs.js';

const UNTIL = '2026-12-07T09:04:31.123Z';
const TIME = '«time»';

/** One refusal of every kind, and one busy folder whose holder is a live run here (no time known). */
const SAMPLES: readonly RunRefusal[] = RUN_REFUSAL_KINDS.flatMap((kind): RunRefusal[] =>
  kind === 'runIdTaken'
    ? [{ kind, runId: 'run-7' }]
    : kind === 'folderBusy'
      ? [
          { kind, runId: 'run-7', until: UNTIL },
          { kind, runId: 'run-7' },
        ]
      : [{ kind, runId: 'run-7', until: UNTIL }],
);

describe('run refusals in words', () => {
  test.each(LANGS.flatMap((lang) => SAMPLES.map((r) => [lang, r.kind, 'until' in r, r] as const)))(
    '%s: %s (a time: %s) names the holder, and the time when it has one',
    (lang, _kind, _timed, refusal) => {
      const words = catalogWords(lang, CODE_CATALOGS[lang] as CodeCatalog);
      const text = runRefusalText(words, refusal, () => TIME);
      expect(text).toContain('run-7');
      expect(text.includes(TIME)).toBe('until' in refusal && refusal.until !== undefined);
      expect(text).not.toMatch(/[{}]|undefined/);
    },
  );

  test.each(LANGS)('%s: each kind has words of its own', (lang) => {
    const words = catalogWords(lang, CODE_CATALOGS[lang] as CodeCatalog);
    const texts = SAMPLES.map((r) => runRefusalText(words, r, () => TIME));
    expect(new Set(texts).size).toBe(SAMPLES.length);
  });

  test.each(LANGS)('%s: the pane says until when a closed pane holds the folder', (lang) => {
    expect(PANE_CATALOGS[lang].runBusyUntil).toContain('{time}');
  });

  test('the example: the HTTP body says UTC, the CLI the user’s zone, both rounded up to the minute', () => {
    const busy: RunRefusal = { kind: 'folderBusy', runId: 'run-7', until: UNTIL };
    expect(describeRunRefusal(busy)).toBe(
      'A sync is already running for this folder (run run-7). If it stopped without ending (its window was closed mid-sync), the next sync can start at 2026-12-07 09:05 UTC.',
    );
    expect(utcMinute(UNTIL)).toBe('2026-12-07 09:05 UTC');
    expect(zonedMinute(UNTIL, 'Europe/Helsinki')).toBe('2026-12-07 11:05 UTC+02:00');
  });
});
