import { retryWaitReason } from '../core/run-waits.js';
import type { WaitReason } from '../core/run-waits.js';
import type { RawResponse } from './graph-client.js';
import { GraphError, NOT_SENT_AGAIN } from './graph-error.js';
import type { SendAgain } from '../core/ports.js';
import { MAX_BATCH, itemsSent, mayStillSend } from './graph-transport.js';
import { RetryBudget } from '../platform/retry-policy.js';
import { EnvelopesAhead } from './envelopes-ahead.js';
import { LANES_AT_ONCE } from './batch-lanes.js';
import type { Sequencing } from './batch-lanes.js';
import { ownTurn } from '../platform/loop-turns.js';
import type { GraphTransport, ItemRequest } from './graph-transport.js';

/** What became of one item's response: a final result, or "send it again" for this reason. */
type ItemVerdict<R> = { readonly done: R } | { readonly retry: GraphError };

export interface ItemHandler<R> {
  /**
   * Turns one item response (any status but 429/503/504, which the runner retries) into a result. `lostBefore`
   * says an earlier attempt may have been applied: a 412 or 404 may then be our own earlier write.
   */
  settle(index: number, raw: RawResponse, lostBefore: boolean): Promise<ItemVerdict<R>> | ItemVerdict<R>;
  /**
   * Writes whose outcome is unknown (batch response lost, or 502/503/504): returns the result for
   * items found already applied (or known to fail); the rest are sent again, with `lostBefore` set
   * so a 412 or 404 can be recognised as the earlier attempt's doing. Reads are never asked.
   */
  recoverLost(indices: readonly number[]): Promise<Map<number, R>>;
  /** The result when attempts run out (`error` is the last failure). */
  giveUp(index: number, error: GraphError): R;
}

const RETRYABLE = new Set([429, 503, 504]);

/**
 * Statuses after which a write may have been applied: a gateway (502, 504) or the service (503)
 * answered in Exchange's place, possibly after the write was committed (issue 9 §5). A 429 is a
 * refusal before anything ran, so it is simply sent again.
 */
const UNCERTAIN = new Set([502, 503, 504]);

const isWrite = (req: ItemRequest | undefined): boolean => req !== undefined && req.method !== 'GET';

/** The error a write of unknown outcome ends with when its attempts run out (the port's unknownOutcome). */
function unknownOf(e: GraphError): GraphError {
  if (e.status === 0) return e;
  const message = `HTTP ${e.status} (${e.code}): the outcome is unknown. ${e.message}`;
  return new GraphError(0, 'NetworkError', message, e.requestId, true, e.retryAfterMs);
}

/**
 * The final error of a write not sent again (SendAgain said no): not applied when every attempt so
 * far was refused (a 429), still unknown when one may have been applied (a lost answer, a 5xx).
 */
function notSentAgain(s: ItemState): GraphError {
  const why = 'Not sent again: the caller no longer holds its lease.';
  if (s.lostBefore) return unknownOf(s.lastError ?? new GraphError(0, 'NetworkError', why));
  return new GraphError(0, NOT_SENT_AGAIN, why);
}

/** One envelope of a round: its items (by index), and how they go (batch-lanes.ts). */
interface Chunk {
  readonly items: number[];
  readonly sequencing: Sequencing;
}

/**
 * A round's envelopes: after a first envelope of MAX_BATCH (built at its turn, the only one on the
 * path to the call's first write: envelopes-ahead.ts), a first attempt's writes go as lanes of
 * MAX_BATCH (LANES_AT_ONCE of them while that many whole lanes are left; each one sequential
 * envelope weighing one of the mailbox's slots: batch-lanes.ts), the rest as parallel envelopes of
 * MAX_BATCH. Each lane holds its own slot and frees it as it answers, so the next lane in line goes
 * then rather than when the slowest lane sent beside it answers (issue 12: 0.3–0.5 s per slot of a
 * first full sync of 1,000 idled behind the slowest lane of each round under load). The parallel
 * envelopes at a call's end take all 4 slots at once and end together: the call's last writes are
 * not one lane's 20 items one after another while the other slots idle. Those envelopes of a first
 * attempt's writes (the first and the last) go as lanes too when they wait for their slots with
 * another request queued behind them (`laneIfQueued`: the next group's writes, which the slots they
 * leave take): only a run's last call pays for slots idled until all 4 are free (issue 12).
 * Only where the mailbox is paced to its quota (a 429 is another client's doing, rare): unpaced, the
 * first quota 429 refuses what is in flight, one envelope's items rather than a round's. Items going
 * again are never chained: in a lane every item after a failed one is answered 424 (not run), so a
 * second chain could fail them again for another neighbour's refusal; in parallel each stands alone.
 */
function chunked(pending: readonly number[], laned: (i: number) => boolean): Chunk[] {
  const wide = LANES_AT_ONCE * MAX_BATCH;
  const chunks: Chunk[] = [];
  for (let k = 0; k < pending.length;) {
    const round = pending.slice(k, k + wide);
    if (k > 0 && round.length === wide && round.every(laned)) {
      for (let j = 0; j < wide; j += MAX_BATCH)
        chunks.push({ items: round.slice(j, j + MAX_BATCH), sequencing: 'lane' });
      k += wide;
    } else {
      const items = pending.slice(k, k + MAX_BATCH);
      chunks.push({ items, sequencing: items.every(laned) ? 'laneIfQueued' : 'envelope' });
      k += MAX_BATCH;
    }
  }
  return chunks;
}

/** How often an item answered 424 (not run) goes again before its 424 counts as a failure. */
const NOT_RUN_AGAIN = 3;

interface ItemState {
  readonly budget: RetryBudget;
  /** Times it was answered 424 (not run) and sent again. */
  notRun: number;
  lostBefore: boolean;
  lastError: GraphError | null;
}

/**
 * Runs many Graph calls as $batch envelopes of at most 20, in rounds: each round sends every
 * pending item (envelopes in parallel, paced by the transport's limiter), then recovers writes
 * whose outcome is unknown (never sent again before `recoverLost` looked), then waits until the
 * latest Retry-After among items to retry has passed (each counted from its own answer, so the
 * time the rest of the round took is not waited twice).
 * Results come back in request order whatever order Graph answered in.
 */
export async function runBatched<R>(
  transport: GraphTransport,
  requests: readonly ItemRequest[],
  handler: ItemHandler<R>,
  again?: SendAgain,
): Promise<R[]> {
  const results = new Map<number, R>();
  const state: ItemState[] = requests.map((req) => ({
    budget: new RetryBudget(transport.retry, transport.unanswered),
    // Where the HTTP stack may resend by itself, a write's first answer may already be its second.
    lostBefore: transport.silentResends && isWrite(req),
    lastError: null,
    notRun: 0,
  }));
  let pending = requests.map((_, i) => i);
  let round = 0;
  /** The last round met a failure (its items wait before they go again), not only items kept unsent. */
  let failedBefore = false;

  while (pending.length > 0) {
    // Writes going again (after a 429's or 5xx's wait, a lost answer checked): only while the caller
    // still holds what it checked before the first send (ports.ts SendAgain; trust lead 2: the BC
    // adapter asked since 864bc9f, Graph's runner did not, so a run stalled past its lease resent).
    const asked = failedBefore ? 'afterFailure' : 'inTurn';
    if (
      round++ > 0 &&
      again &&
      pending.some((i) => isWrite(requests[i])) &&
      !(await mayStillSend(again, asked))
    ) {
      for (const i of pending.filter((n) => isWrite(requests[n])))
        results.set(i, handler.giveUp(i, notSentAgain(state[i] as ItemState)));
      pending = pending.filter((i) => !isWrite(requests[i]));
      if (pending.length === 0) break;
    }
    failedBefore = false;
    const retryNow: number[] = [];
    const lost: number[] = [];
    /** When the round's retries may go: a Retry-After counts from the answer that carried it. */
    let retryAt = 0;
    // Why the round's retry waits: the reason of the failure whose wait ends last (run-waits.ts).
    let retryWhy: WaitReason = 'outlookRetry';

    /** Counts a failed attempt; returns false (and records the final result) when attempts ran out. */
    const failed = (i: number, error: GraphError): boolean => {
      const s = state[i] as ItemState;
      s.lastError = error;
      failedBefore = true;
      if (s.budget.spent(error.status, error.timedOut)) {
        results.set(i, handler.giveUp(i, error));
        return false;
      }
      const at = transport.now() + transport.delayFor(error, s.budget.attempts);
      if (at >= retryAt) retryWhy = retryWaitReason('outlook', error);
      retryAt = Math.max(retryAt, at);
      return true;
    };
    /** A write that may have been applied: checked before it goes again; unknownOutcome if it never settles. */
    const markLost = (i: number, error: GraphError): void => {
      (state[i] as ItemState).lostBefore = true;
      if (failed(i, unknownOf(error))) lost.push(i);
    };

    const laned = round === 1 && transport.pacer.paces;
    const chunks = chunked(pending, laned ? (i) => isWrite(requests[i]) : () => false);
    const items = chunks.map((chunk) => chunk.items.map((i) => requests[i] as ItemRequest));
    // Each envelope is built while the one before it is in flight, not all before the first goes.
    const envelopes = new EnvelopesAhead(items);
    await Promise.all(
      chunks.map(async ({ items: chunk, sequencing }, n) => {
        let responses: RawResponse[];
        try {
          responses = await transport.batchOnce(
            items[n] as ItemRequest[],
            again,
            { take: () => envelopes.take(n), sent: () => envelopes.sent(n) },
            sequencing,
          );
        } catch (error) {
          if (!(error instanceof GraphError)) throw error;
          const e = error;
          const sent = itemsSent(e, chunk.length);
          for (const [k, i] of chunk.entries()) {
            // Not sent (`again` said no before the wire): the next round asks it again.
            if (k >= sent) retryNow.push(i);
            else if (isWrite(requests[i]) && (e.outcomeUnknown || UNCERTAIN.has(e.status))) markLost(i, e);
            else if (e.outcomeUnknown || e.retryable) {
              if (failed(i, e)) retryNow.push(i);
            } else results.set(i, handler.giveUp(i, e));
          }
          return;
        }
        // The envelope's slots are free and the next envelope in line is on its way to the wire
        // (microtasks: its quota turn, the lease check, the client's middleware): it goes before
        // these items are settled (each created contact mapped and taken in), not interleaved with
        // them (issue 12: 0.64 ms of each first-full turn-around, all 4 slots idle).
        await ownTurn();
        await Promise.all(
          chunk.map(async (i, k) => {
            const raw = responses[k] as RawResponse;
            if (isWrite(requests[i]) && UNCERTAIN.has(raw.status)) {
              markLost(i, transport.errorOf(raw));
              return;
            }
            // Not run (424: an item before it in a sequential envelope failed, batch-lanes.ts): sent
            // again in the next round without an attempt spent or a wait, a few times at most.
            if (raw.status === 424 && (state[i] as ItemState).notRun++ < NOT_RUN_AGAIN) {
              retryNow.push(i);
              return;
            }
            if (RETRYABLE.has(raw.status)) {
              if (failed(i, transport.errorOf(raw))) retryNow.push(i);
              return;
            }
            const verdict = await handler.settle(i, raw, (state[i] as ItemState).lostBefore);
            if ('done' in verdict) results.set(i, verdict.done);
            else if (failed(i, verdict.retry)) retryNow.push(i);
          }),
        );
      }),
    );

    if (lost.length > 0) {
      const recovered = await handler.recoverLost(lost);
      for (const i of lost) {
        const found = recovered.get(i);
        if (found !== undefined) results.set(i, found);
        else retryNow.push(i);
      }
    }
    pending = retryNow.sort((a, b) => a - b);
    if (pending.length > 0) await transport.wait(retryWhy, retryAt - transport.now());
  }
  return requests.map((_, i) => {
    if (!results.has(i)) throw new Error(`batch item ${i} has no result`);
    return results.get(i) as R;
  });
}
