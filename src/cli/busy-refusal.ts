import type { RunRefusal } from '../core/run-types.js';
import { describeRunRefusal } from '../messages/english.js';
import { answeredTime, zonedMinute } from '../messages/wait-time.js';
import { RunAlreadyActiveError } from '../server/sync/run-manager-types.js';

/*
 * A sync refused because another run holds the folder, whichever way the CLI met it: thrown in this
 * process (no server running) or answered by the running server as a 409 RunInProgress whose
 * `reason` carries the holder and until when (server/sync/run-manager-types.ts refusalReason). The
 * CLI words it itself, the time in the user's time zone (written as ISO 8601 with its offset, never in
 * the OS locale: the sentence is English): the server's message says it in UTC.
 */

/** The refusal a 409 RunInProgress body's `reason` carries; null when it carries none. */
export function answeredRunRefusal(error: {
  readonly code?: string;
  readonly reason?: Readonly<Record<string, unknown>>;
}): RunRefusal | null {
  const r = error.reason;
  if (error.code !== 'RunInProgress' || typeof r?.runId !== 'string') return null;
  const runId = r.runId;
  const until = answeredTime(r.until) ?? undefined;
  if (r.refusal === 'runIdTaken') return { kind: 'runIdTaken', runId };
  if ((r.refusal === 'folderSettling' || r.settling === true) && until !== undefined)
    return { kind: 'folderSettling', runId, until };
  return until === undefined ? { kind: 'folderBusy', runId } : { kind: 'folderBusy', runId, until };
}

/** The CLI's line for a run refusal, else null: "A sync is already running … at 2026-12-07 10:05 UTC+01:00". */
export function busyLine(e: unknown, timeZone?: string): string | null {
  if (!(e instanceof RunAlreadyActiveError)) return null;
  return describeRunRefusal(e.refusal, (iso) => zonedMinute(iso, timeZone));
}
