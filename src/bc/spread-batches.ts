import { mapLimited } from '../platform/map-limited.js';
import { MAX_BATCH_OPERATIONS, runBatch } from './bc-batch.js';
import type { BatchOperation, OperationOutcome } from './bc-batch.js';
import type { BcHttp } from './bc-http.js';
import type { SendAgain } from '../core/ports.js';
import type { Json } from './bc-wire.js';
import { checkWrites } from './uncertain-writes.js';

/**
 * Requests sent at once (issue 12 §2: one at a time made BC the slow side of a delta). Business
 * Central Online allows 100 simultaneous requests per user and 6,000 per 5 minutes
 * (learn.microsoft.com, Business Central "Work with API limits"); 4 stays far inside both.
 */
const WRITES_IN_FLIGHT = 4;
/**
 * Fewest operations a `$batch` carries before a call's operations are spread over more envelopes:
 * BC runs a batch's operations one after another, so a call of many is cut into up to
 * WRITES_IN_FLIGHT envelopes that run side by side (issue 12 §1: requests follow the changes / 100,
 * not the changes).
 */
const MIN_OPERATIONS_PER_BATCH = 10;

/**
 * The first envelope of a call whose outcomes are used as each envelope answers (`answered`): as
 * many as Graph runs at once for one mailbox (4), so the BC id stamps that follow the first creates
 * fill Graph's slots while BC makes the rest.
 */
const FIRST_ANSWERED = 4;

/**
 * Envelope sizes for `n` operations: equal (at least MIN_OPERATIONS_PER_BATCH, over up to
 * WRITES_IN_FLIGHT envelopes); or, when each envelope's answer is used as it comes (`growing`),
 * FIRST_ANSWERED then twice the one before, up to MAX_BATCH_OPERATIONS: the envelopes run side by
 * side, so the small ones answer first (issue 12, delta-outlook-1pct at 10,000: 50 creates in four
 * envelopes of 13 all answered after 155 ms, and Graph's 50 stamps waited for the last of them;
 * 4, 8, 16 and 22 answer one after another while the stamps of the earlier ones go out).
 */
function envelopeSizes(n: number, growing: boolean): number[] {
  const sizes: number[] = [];
  const equal = Math.min(
    MAX_BATCH_OPERATIONS,
    Math.max(MIN_OPERATIONS_PER_BATCH, Math.ceil(n / WRITES_IN_FLIGHT)),
  );
  let next = growing ? FIRST_ANSWERED : equal;
  for (let left = n; left > 0; left -= sizes.at(-1)!) {
    // A growing call's last few go with the envelope before, not in one of their own: the
    // envelopes' creates queue on the company's number series (batch-creates.ts), so a small
    // trailing one is a transaction more before the last answer, not an earlier answer
    // (delta-outlook-1pct at 1,000: 5 creates as 4 + 1 answered 66-76 ms after they went out).
    const rest = left - next;
    const size = growing && rest > 0 && rest < FIRST_ANSWERED ? Math.min(left, MAX_BATCH_OPERATIONS) : next;
    sizes.push(Math.min(left, size));
    if (growing) next = Math.min(MAX_BATCH_OPERATIONS, next * 2);
  }
  return sizes;
}

/**
 * One call's operations in `$batch`es of at most MAX_BATCH_OPERATIONS, spread over up to
 * WRITES_IN_FLIGHT envelopes at once (sizes: `envelopeSizes`); one write goes as a request of its
 * own. `readRows` (rows matching any of some filters) is how writes of unknown outcome are checked
 * (`checkWrites`) before they are sent again (issue 9 §5); without it the operations are reads, so
 * an envelope whose answer was lost may simply be sent again. `answered`, when given, is told of
 * each envelope's outcomes as it settles (the operations' indices in `ops`); `again` is asked
 * before any write goes again (runBatch). Outcomes in the operations' order.
 */
export async function spreadBatches(
  http: BcHttp,
  ops: readonly BatchOperation[],
  readRows?: (filters: readonly string[]) => Promise<Json[]>,
  answered?: (at: readonly number[], outcomes: readonly OperationOutcome[]) => void,
  again?: SendAgain,
): Promise<OperationOutcome[]> {
  const envelopes: { first: number; ops: BatchOperation[] }[] = [];
  let first = 0;
  for (const size of envelopeSizes(ops.length, answered !== undefined)) {
    envelopes.push({ first, ops: ops.slice(first, first + size) });
    first += size;
  }
  const deps = {
    send: (requests: readonly Json[]) => {
      if (!readRows) return http.send('POST', `${http.root}/$batch`, { requests }, {}, true);
      return ops.length === 1 ? http.sendAlone(requests[0] as Json) : http.sendEnvelope(requests);
    },
    retry: http.retry,
    sleep: http.sleep,
    waits: http.waits,
    random: http.random,
    nowMs: http.nowMs,
    onThrottled: () => void http.throttled++,
    ...(again ? { again } : {}),
  };
  return (
    await mapLimited(envelopes, WRITES_IN_FLIGHT, async ({ first: at, ops: e }) => {
      const outcomes = await runBatch(
        e,
        readRows ? { ...deps, check: (ix) => checkWrites(e, ix, readRows) } : deps,
      );
      answered?.(
        outcomes.map((_, k) => at + k),
        outcomes,
      );
      return outcomes;
    })
  ).flat();
}
