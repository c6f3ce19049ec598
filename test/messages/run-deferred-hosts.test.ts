import { describe, expect, test } from '@jest/globals';
import { runExit } from '../../src/cli/run-exit.js';
import type { RunDeferred, RunRecord } from '../../src/core/records.js';
import { LANGS } from '../../src/messages/langs.js';
import { runJson } from '../../src/messages/english.js';
import { deferredTexts } from '../../src/messages/words.js';
import { record } from '../taskpane/harness.js';
import { paneWords } from './catalogs.js';

// F69: BC creates a run leaves for the next sync (the company's create turn did not come, or BC
// gained the address meanwhile) are no failure: the run is `succeeded`, and its record counts them
// by reason. Every host that shows a run says so: the sync API (English beside the record), the
// CLI (exit 0 and one line), the pane (under the run's counts, in six languages). Before, the record had no count and no host said anything.

const BOTH: RunDeferred = { createTurnBusy: 3, createdElsewhere: 1 };
const done = (deferred?: RunDeferred): RunRecord =>
  record({ status: 'succeeded', ...(deferred ? { deferred } : {}) });

/** What each host shows for a record: its lines about deferred creates. */
const HOSTS: readonly [string, (r: RunRecord) => readonly string[]][] = [
  ['sync API', (r) => (runJson(r) as { deferredMessages?: string[] }).deferredMessages ?? []],
  ['CLI', (r) => (runExit(r).line ? [runExit(r).line!] : [])],
  ...LANGS.map((lang): [string, (r: RunRecord) => readonly string[]] => [
    `pane (${lang})`,
    (r) => deferredTexts(paneWords(lang), r.deferred),
  ]),
];

describe('deferred creates in the run record, on every host (F69)', () => {
  test.each(HOSTS)('%s: says how many wait for the next sync, and why', (_host, show) => {
    const lines = show(done(BOTH));
    expect(lines.join(' ')).toMatch(/3/);
    expect(lines.join(' ')).toMatch(/1/);
    expect(show(done({ createTurnBusy: 0, createdElsewhere: 2 })).join(' ')).toMatch(/2/);
    expect(show(done())).toEqual([]);
  });

  test('the CLI exits 0 for a run that deferred creates (it succeeded)', () => {
    expect(runExit(done(BOTH)).code).toBe(0);
  });

  test('the two reasons read differently in every language', () => {
    for (const lang of LANGS) {
      const [busy, elsewhere] = deferredTexts(paneWords(lang), BOTH);
      expect([lang, busy !== elsewhere, typeof elsewhere]).toEqual([lang, true, 'string']);
    }
  });
});
