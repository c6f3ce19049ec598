/*
 * Prints, as one JSON array, a sample of every kind of line the CLI words (cli-lines.test.ts runs
 * this under other locales: a line's numbers and times must not follow the OS's), once for each time
 * zone its arguments name: TZ set in the environment is read again by Node's Intl when it changes.
 */
import { busyLine } from '../../src/cli/busy-refusal.js';
import { finishedLine, progressLines } from '../../src/cli/progress-lines.js';
import { runExit } from '../../src/cli/run-exit.js';
import { lostLine, ServerLostError } from '../../src/cli/server-run.js';
import { RUN_REFUSAL_KINDS } from '../../src/messages/refusal-words.js';
import { describeError } from '../../src/messages/english.js';
import { StateStoreRefusal } from '../../src/core/state-refusal.js';
import { RunAlreadyActiveError } from '../../src/server/sync/run-manager-types.js';
import type { RunRefusal } from '../../src/core/run-types.js';

const UNTIL = '2026-12-07T09:04:31.123Z';
const refusals: RunRefusal[] = RUN_REFUSAL_KINDS.flatMap((kind): RunRefusal[] =>
  kind === 'runIdTaken'
    ? [{ kind, runId: 'r9' }]
    : [
        { kind, runId: 'r9', until: UNTIL },
        ...(kind === 'folderBusy' ? [{ kind, runId: 'r9' } as const] : []),
      ],
);
function lines(): string[] {
  const out: string[] = refusals.map((r) => busyLine(new RunAlreadyActiveError(null, r)) ?? '');
  out.push(finishedLine({ status: 'succeeded', durationMs: 1_234_567 }));
  out.push(finishedLine({ status: 'failed', durationMs: 4_321 }));
  const show = progressLines(
    (l) => out.push(l),
    () => 0,
  );
  show({ outlook: { phase: 'outlook', done: 12_345, total: 100_000 } });
  const ended = { status: 'held' as const, errors: [], uncertain: undefined, deferred: undefined };
  out.push(
    runExit({ ...ended, held: { kind: 'massDelete', deletes: 12_000, folderSize: 100_000, share: 0.125 } })
      .line ?? '',
  );
  out.push(describeError(new StateStoreRefusal({ kind: 'scopeFull', list: 'links', max: 100_000 })));
  out.push(lostLine(new ServerLostError('http://127.0.0.1:3000', 'r9', true, 3, 2_500)));
  return out;
}

const byZone: Record<string, string[]> = {};
for (const zone of process.argv.slice(2)) {
  process.env.TZ = zone;
  byZone[zone] = lines();
}
process.stdout.write(JSON.stringify(byZone));
