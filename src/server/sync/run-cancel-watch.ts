import type { Ticker } from '../../core/lease.js';
import type { RunCancelMarks } from '../../core/run-cancel-marks.js';

/**
 * How often a run in this process reads whether another process marked it cancelled (ms): the
 * bound on how late a cancel sent to another process takes effect, past a local cancel's. One
 * primary-key read per active run per poll.
 */
const CANCEL_MARK_POLL_MS = 1_000;

/**
 * Polls the cancel mark of one run this process runs (review R3: a cancel at another process was
 * answered 409 and lost) and calls `cancel` once it is set. `cancel` is called at most once; a
 * failed read is tried at the next beat (the run goes on meanwhile, as it would unmarked).
 * Returns the stop (idempotent): call it when the run ends.
 */
export function watchCancelMark(
  marks: RunCancelMarks,
  ticker: Ticker,
  userId: string,
  runId: string,
  cancel: () => void,
  everyMs = CANCEL_MARK_POLL_MS,
): () => void {
  let stopped = false;
  let reading = false;
  const stopTicker = ticker(everyMs, async () => {
    // One read at a time: a slow store is not asked again before it answered.
    if (stopped || reading) return;
    reading = true;
    try {
      if ((await marks.requested(userId, runId)) && !stopped) {
        stop();
        cancel();
      }
    } catch {
      // Read again at the next beat.
    } finally {
      reading = false;
    }
  });
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stopTicker();
  };
  return stop;
}
