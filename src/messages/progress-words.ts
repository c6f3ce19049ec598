import type { RunPhaseProgress } from '../core/records.js';
import type { RunWait } from '../core/run-waits.js';
import type { Words } from './field-words.js';

/**
 * A run's progress in words, in whichever language `Words` speaks: the phase and its count
 * ("Planning · Step 3 of 3"). The pane's progress bar shows the two parts (label and hint), its
 * folder move and the CLI's progress lines show this one line: one wording per language, from the
 * catalogs of src/messages (the CLI said "planning 3/3" where the pane said "Step 3 of 3").
 */
export function progressText(words: Words, progress: RunPhaseProgress): string {
  return `${phaseText(words, progress)} · ${progressCountText(words, progress)}`;
}

/** The phase alone: "Planning". */
export function phaseText(words: Words, progress: Pick<RunPhaseProgress, 'phase'>): string {
  return words.text(`phase_${progress.phase}`);
}

/** The phase's count alone: "Step 3 of 3", "20 of 1,500 contacts". */
export function progressCountText(words: Words, progress: RunPhaseProgress): string {
  return words.text(`progressCount_${progress.phase}`, { done: progress.done, total: progress.total });
}

/**
 * Why the run waits and when it goes on: "Waiting for Outlook: the mailbox asked us to slow down.
 * Resuming at 10:42:05." `time` is the wait's end (`wait.until`) as the edge writes a time (the
 * pane in its language, the CLI with its zone).
 */
export function waitingText(words: Words, wait: Pick<RunWait, 'reason'>, time: string): string {
  return words.text(`waiting_${wait.reason}`, { time });
}
