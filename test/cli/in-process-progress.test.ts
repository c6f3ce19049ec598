import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runHere } from '../../src/cli/in-process-run.js';
import type { StartedHere } from '../../src/cli/in-process-run.js';
import { progressByPhase, progressLines } from '../../src/cli/progress-lines.js';
import type { RunRecord } from '../../src/core/records.js';
import { person } from '../support/world.js';
import { ANN, ANN_UPN, outlookIn, syncHarness } from '../server/sync-harness.js';
import type { SyncHarness } from '../server/sync-harness.js';

/*
 * helper newuser: `bc-contact-sync sync` with no server running (the CLI starts the product in its
 * own process) printed no progress line at a terminal, only how the run ended; through a running
 * server it printed one on each change of phase (F55). Both now feed one printer (progressLines):
 * here, every run of the table prints a line for each phase its record says held work, in the
 * record's order, and its last line is the record's own last phase with work, as it ended (a delta
 * ended on "saving links 0/153" in the words it had then: the second that held the next line back held back the end too).
 */

const SIZE = 12;
let h: SyncHarness;
beforeEach(async () => {
  h = await syncHarness();
  for (let n = 1; n <= SIZE; n++) h.bc.seed(person(n));
});
afterEach(async () => h.close());

const here = (): StartedHere => ({ ctx: { users: { resolve: async () => ANN } }, manager: h.manager });

/**
 * The run through the CLI's in-process path, with the lines its printer writes as main.ts wires
 * it: each progress of the run, then the record's at its end. The clock stands still: a run of 12
 * contacts takes well under the second the printer holds a phase's next line back.
 */
async function runPrinted(mode: 'delta' | 'full', dryRun = false) {
  const lines: string[] = [];
  const show = progressLines(
    (l) => lines.push(l.replace(/^bc-contact-sync: /, '').trimEnd()),
    () => 0,
  );
  const { record } = await runHere(
    here(),
    { user: ANN_UPN, mode, dryRun, confirmMassDelete: false },
    (p, w) => show(p, false, w),
  );
  show(progressByPhase(record.progress), true);
  return { record, lines };
}

/** The line the printer gives each phase of the record that held work (the phases it must show). */
function phasesWithWork(record: RunRecord): string[] {
  return (record.progress ?? [])
    .filter((p) => p.total > 0)
    .map((p) => {
      const lines: string[] = [];
      progressLines(
        (l) => lines.push(l),
        () => 0,
      )(progressByPhase([p]));
      return lines[0]!.replace(/^bc-contact-sync: /, '').trimEnd();
    });
}

/** The phase of a line ("Writing to Outlook" of "Writing to Outlook · 3 of 12 contacts"). */
const word = (line: string) => line.replace(/ · .*$/, '');

const RUNS: readonly (readonly [string, () => Promise<void>, 'delta' | 'full', boolean])[] = [
  ['a first full sync (12 Outlook creates)', async () => undefined, 'full', false],
  ['a first full dry run', async () => undefined, 'full', true],
  [
    'a delta of 5 BC edits',
    async () => {
      await runHere(here(), { user: ANN_UPN, mode: 'full', dryRun: false, confirmMassDelete: false });
      const ids = outlookIn(h, ANN)
        .map((c) => c.bcId)
        .sort()
        .slice(0, 5);
      for (const id of ids) h.bc.edit(id, { jobTitle: 'Edited' });
    },
    'delta',
    false,
  ],
  [
    'a delta with nothing to do',
    async () =>
      void (await runHere(here(), { user: ANN_UPN, mode: 'full', dryRun: false, confirmMassDelete: false })),
    'delta',
    false,
  ],
];

describe('the CLI run in its own process prints its progress lines (helper newuser)', () => {
  test.each(RUNS)('%s', async (_name, before, mode, dryRun) => {
    await before();
    const { record, lines } = await runPrinted(mode, dryRun);
    expect(record.status).toBe('succeeded');
    const wanted = phasesWithWork(record);
    expect(wanted.length).toBeGreaterThan(0);
    // Every phase with work is shown, in the record's order.
    const shown = [...new Set(lines.map(word))];
    expect(shown.filter((w) => wanted.map(word).includes(w))).toEqual(wanted.map(word));
    // The last line is the last phase with work, as it ended.
    expect(lines.at(-1)).toBe(wanted.at(-1));
  });

  test('the example: a first full sync of 12 contacts shows its Outlook writes end at 12/12', async () => {
    const { lines } = await runPrinted('full');
    expect(lines[0]).toMatch(
      /^Reading contacts · Business Central (and Outlook being read|read, Outlook being read|and Outlook read)$/,
    );
    expect(lines).toContain('Writing to Outlook · 12 of 12 contacts');
  });
});
