import type { RunError, RunRecord } from './records.js';

/**
 * How many errors one run record lists, and how large they may be together (UTF-8 bytes, counted
 * as 3 per UTF-16 unit of their JSON: the most a unit takes). A run failing on every contact of a
 * 50,000-contact folder must still save its record through every store — the facade's state route
 * takes `STATE_REQUEST_LIMITS.entries` errors and `entryBytes` per request (F112's kind: a list one
 * store takes and another refuses on the way). The rest are counted in `errorsOmitted`. The pane
 * shows 10 of them, the CLI one: 1,000 is plenty to find a pattern in. The cap sits well inside one
 * state request, with room for the rest of the record (run-error-list.test.ts checks it).
 * @internal
 */
export const RUN_ERRORS_KEPT = { count: 1000, bytes: 2 * 1024 * 1024 } as const;

function weight(e: RunError): number {
  return 3 * JSON.stringify(e).length;
}

/**
 * `record` with `more` errors added (after its own), as a record keeps them: every run-level error
 * (side `run`: they say how the run ended, and a run has few) and the first item errors that fit
 * RUN_ERRORS_KEPT; the item errors left out are added to `errorsOmitted`. Pure; the order of the
 * kept errors is the order they came in.
 */
export function withRunErrors<R extends Pick<RunRecord, 'errors' | 'errorsOmitted'>>(
  record: R,
  more: readonly RunError[] = [],
): R {
  const all = more.length === 0 ? record.errors : [...record.errors, ...more];
  const ended = all.filter((e) => e.side === 'run');
  let count = ended.length;
  let bytes = ended.reduce((n, e) => n + weight(e), 0);
  let omitted = record.errorsOmitted ?? 0;
  const kept = all.filter((e) => {
    if (e.side === 'run') return true;
    const w = weight(e);
    if (count < RUN_ERRORS_KEPT.count && bytes + w <= RUN_ERRORS_KEPT.bytes) {
      count += 1;
      bytes += w;
      return true;
    }
    omitted += 1;
    return false;
  });
  return { ...record, errors: kept, ...(omitted > 0 ? { errorsOmitted: omitted } : {}) };
}

/**
 * How many errors of a record a view leaves out when it shows the first `shown` of the `listed`
 * ones (the pane lists `errors` minus some it words apart): the rest of the list and those the
 * record only counts (`errorsOmitted`).
 */
export function moreErrors(listed: number, shown: number, r: Pick<RunRecord, 'errorsOmitted'>): number {
  return Math.max(0, listed - shown) + (r.errorsOmitted ?? 0);
}
