import type { Plan } from '../../core/plan.js';
import type { RunRecord } from '../../core/records.js';
import { conflictView, itemView, planHead, skipView } from '../../core/views.js';
import { conflictJson, runJson, skipJson } from '../../messages/english.js';
import { mapInSlices, nextTurn } from '../../platform/loop-turns.js';

/**
 * GET /sync/v1/runs/{id}/plan's body as JSON text, the same as
 * `{ run: runJson(record), plan }` with the plan as planView views it and its skipped and
 * conflicts worded (skipJson, conflictJson), but viewed and
 * serialized SLICE_ROWS items at a time with a turn of the event loop between (F89: a full dry run
 * of 26,308 BC contacts plans 26,308 items, and viewing and serializing them in one piece held the
 * loop, /healthz with it).
 */
export async function planBody(
  record: RunRecord,
  plan: Plan,
  pause: () => Promise<void> = nextTurn,
): Promise<string> {
  const list = async <T>(xs: readonly T[], view: (x: T) => unknown) =>
    `[${(await mapInSlices(xs, (x) => JSON.stringify(view(x)), pause)).join(',')}]`;
  // Only the lists are worded: the head is planView's own.
  const head = JSON.stringify(planHead(plan));
  const items = await list(plan.items, itemView);
  const conflicts = await list(plan.conflicts, (c) => conflictJson(conflictView(c)));
  const skipped = await list(plan.skipped, (s) => skipJson(skipView(s)));
  // The head without its closing brace, then the lists in planView's order.
  return `{"run":${JSON.stringify(runJson(record))},"plan":${head.slice(0, -1)},"items":${items},"conflicts":${conflicts},"skipped":${skipped}}}`;
}
