import type { RunPhaseProgress } from '../core/records.js';
import { durationEnglish } from '../core/duration-parts.js';
import { describeProgress, describeWait } from '../messages/english.js';
import type { RunWait } from '../core/run-waits.js';

/* The CLI's progress lines (F55): what the run is doing, from the progress the server answers on
   each poll (core's one model: reading → planning → bc → outlook → links, done/total each), worded
   as the pane words it (src/messages/progress-words.ts, English). */

const ORDER: readonly RunPhaseProgress['phase'][] = ['reading', 'planning', 'bc', 'outlook', 'links'];

/**
 * The phase a run is in: the latest of the phases it reported with work in it. A phase the run
 * passed with nothing to do (the plan's link-only items: "saving links 0/0" after 5 Outlook creates,
 * newuser F6) is not what it is doing; it is shown only when no phase holds work.
 */
function current(
  progress: Partial<Record<RunPhaseProgress['phase'], RunPhaseProgress>>,
): RunPhaseProgress | null {
  const latest = [...ORDER].reverse().flatMap((phase) => progress[phase] ?? []);
  return latest.find((p) => p.total > 0) ?? latest[0] ?? null;
}

/**
 * A printer of progress lines: at most one a second (`nowMs` is the caller's clock), and one at
 * once whenever the phase changes, so a quick phase is never skipped: a phase with work in it that
 * began and ended between two polls (a run's BC write and its saving of links take well under the
 * CLI's one-second poll: helper newuser) is printed as it ended, before the phase the run is in.
 * Lines are for a person watching: the CLI prints them on stderr only when it is a terminal, and
 * never into the JSON.
 */
export function progressLines(
  write: (line: string) => void,
  nowMs: () => number,
): (
  progress: Partial<Record<RunPhaseProgress['phase'], RunPhaseProgress>>,
  ended?: boolean,
  waiting?: RunWait | null,
) => void {
  let lastPhase: RunPhaseProgress['phase'] | null = null;
  let lastLine = '';
  let lastAt = -Infinity;
  let lastWait = '';
  // `ended`: the run's progress as its record keeps it at its end, shown whatever the second holds
  // back (helper newuser: a delta ended on "saving links 0/153", its 153 saved within the second).
  // `waiting`: the run's wait now (RunView.waiting): said once as it begins (each new reason or
  // end), nothing else while it lasts, and the progress line again once the run goes on.
  return (progress, ended = false, waiting = null) => {
    if (waiting && !ended) {
      const line = describeWait(waiting);
      if (line !== lastWait) write(`bc-contact-sync: ${line}\n`);
      lastWait = line;
      lastLine = '';
      lastAt = -Infinity;
      return;
    }
    lastWait = '';
    const p = current(progress);
    if (!p) return;
    const from = lastPhase === null ? 0 : ORDER.indexOf(lastPhase) + 1;
    for (const phase of ORDER.slice(from, ORDER.indexOf(p.phase))) {
      const passed = progress[phase];
      if (passed && passed.total > 0) write(`bc-contact-sync: ${describeProgress(passed)}\n`);
    }
    const line = describeProgress(p);
    const now = nowMs();
    if (line === lastLine) return;
    if (p.phase === lastPhase && now - lastAt < 1000 && !ended) return;
    lastPhase = p.phase;
    lastLine = line;
    lastAt = now;
    write(`bc-contact-sync: ${line}\n`);
  };
}

/**
 * The last progress line at a terminal, for a run that ended without a line of its own to say
 * (runExit): how it ended and how long it took, in the unit the pane shows it ("succeeded in
 * 41 ms", not "0.0 s"; core durationParts).
 */
export function finishedLine(record: { readonly status: string; readonly durationMs: number }): string {
  return `bc-contact-sync: ${record.status} in ${durationEnglish(record.durationMs)}\n`;
}

/** A run record's progress (a list, one entry a phase) as the printer takes it. */
export function progressByPhase(
  list: readonly RunPhaseProgress[] | undefined,
): Partial<Record<RunPhaseProgress['phase'], RunPhaseProgress>> {
  return Object.fromEntries((list ?? []).map((p) => [p.phase, p]));
}
