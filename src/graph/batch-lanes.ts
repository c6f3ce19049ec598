import type { BatchItem } from './batch-envelope.js';
import type { RawGraphClient, RawResponse } from './graph-client.js';
import { GraphError } from './graph-error.js';
import type { Unanswered } from '../platform/retry-policy.js';

/**
 * A write envelope lightened (ConcurrencyLimiter: a delta page queued beside it) goes as LANES
 * sequential envelopes instead of one: each item depends on the one before it, so Graph runs each
 * envelope one item at a time, on one of the mailbox's 4 slots (graph-and-office-contracts.md §4:
 * "with dependsOn, one at a time; per mailbox up to 4 such sequential batches may run
 * concurrently"), and the page has the fourth (issue 12 §2: a first full sync's echo round read
 * its pages after the last write, one after another; now they go while the last writes do).
 *
 * An item after one that failed is answered 424 (not run: batch-runner sends it again). The
 * lanes' answers are joined into one envelope answer under the items' own ids, so the runner
 * settles them as it does any envelope's; a lane whose envelope failed as a whole answers each of
 * its items for it: its status when Graph refused the envelope (none of its items ran), else 504
 * (the lane's answer was lost: whether its items ran is unknown, and they are looked for before
 * they go again).
 */
export const LANES = 3;

/**
 * Sequential envelopes Graph runs at once per mailbox (graph-and-office-contracts.md §4). A write
 * call's first attempts go as lanes of a full envelope each while this many whole lanes are left
 * (batch-runner.ts): each of the mailbox's 4 slots stays busy for a whole envelope's items one after
 * another, so the turn-around between an answer and the next send (the answer's JSON, the client's
 * settling, the next envelope on the wire) idles a slot once per 20 of its writes, not all 4 slots
 * once per 20 writes (issue 12, first full sync). Each lane is its own request on its own slot.
 */
export const LANES_AT_ONCE = 4;

/**
 * How one envelope of a write call's first attempt goes: as one lane, as one envelope (its items 4
 * at a time), or as a lane only when another request waits behind it for the mailbox's slots
 * (batch-runner.ts, concurrency-limiter.ts).
 */
export type Sequencing = 'lane' | 'envelope' | 'laneIfQueued';

export const BATCH_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json' };

export interface BatchBody {
  readonly requests: readonly BatchItem[];
}

/** Sends `body`'s items as `lanes` sequential envelopes at once; their answers as one envelope's. */
export async function sendInLanes(
  client: RawGraphClient,
  body: BatchBody,
  lanes: number,
  unanswered: Unanswered,
): Promise<RawResponse> {
  const items = body.requests;
  const size = Math.ceil(items.length / lanes);
  const parts: BatchItem[][] = [];
  for (let k = 0; k < items.length; k += size) parts.push(items.slice(k, k + size) as BatchItem[]);
  const answers = await Promise.allSettled(
    parts.map((part) =>
      client.send(
        'POST',
        '/$batch',
        {
          requests: part.map((item, n) =>
            n === 0 ? item : { ...item, dependsOn: [(part[n - 1] as BatchItem).id] },
          ),
        },
        BATCH_HEADERS,
      ),
    ),
  );
  const responses: unknown[] = [];
  let thrown: unknown = null;
  answers.forEach((answer, k) => {
    const part = parts[k] as BatchItem[];
    if (answer.status === 'rejected') {
      const error: unknown = answer.reason;
      if (!(error instanceof GraphError)) thrown ??= error;
      else if (error.timedOut) unanswered.count++;
      responses.push(...part.map((item) => lostItem(item.id)));
      return;
    }
    const raw = answer.value;
    const listed = (raw.body as { responses?: unknown } | null)?.responses;
    if (raw.status >= 200 && raw.status < 300 && Array.isArray(listed))
      responses.push(...(listed as unknown[]));
    else if (raw.status >= 200 && raw.status < 300) responses.push(...part.map((item) => lostItem(item.id)));
    // A whole envelope answered 424 (Graph: "the batch itself fails with 424" when an item in it is
    // throttled) may have run the items before the failed one: their outcome is unknown, so they are
    // looked for before any resend, never sent again blind as an item's own 424 is (audit).
    else if (raw.status === 424) responses.push(...part.map((item) => lostItem(item.id)));
    else {
      const headers: Record<string, string> = {};
      raw.headers.forEach((value, key) => (headers[key] = value));
      responses.push(...part.map((item) => ({ id: item.id, status: raw.status, headers, body: raw.body })));
    }
  });
  // Not Graph's (a cancellation, a bug): it passes as it is, once every lane has ended.
  if (thrown !== null) throw thrown;
  return { status: 200, headers: new Headers(), body: { responses } };
}

/** An item whose lane's answer was lost: a 504, which the runner takes as an unknown outcome. */
function lostItem(id: string): unknown {
  return {
    id,
    status: 504,
    headers: { 'Content-Type': 'application/json' },
    body: {
      error: { code: 'UnknownOutcome', message: 'The answer of its sequential $batch envelope was lost.' },
    },
  };
}
