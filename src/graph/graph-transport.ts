import { reportedSleep, retryWaitReason } from '../core/run-waits.js';
import type { WaitReason, WaitReporter } from '../core/run-waits.js';
import { BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { batchAnswers, batchEnvelope } from './batch-envelope.js';
import type { ItemRequest } from './batch-envelope.js';
import type { SendAgain, SendAgainAsked } from '../core/ports.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { readRaw } from './graph-client.js';
import type { RawGraphClient, RawResponse } from './graph-client.js';
import { GraphError, NOT_SENT_AGAIN, errorFromResponse } from './graph-error.js';
import { BATCH_HEADERS, LANES, sendInLanes } from './batch-lanes.js';
import type { BatchBody, Sequencing } from './batch-lanes.js';
import { QuotaPacer } from './quota-pacer.js';
import type { PacedCalls } from './quota-pacer.js';
import { isCancellation } from '../platform/deadline.js';
import { RetryBudget, retryDelay } from '../platform/retry-policy.js';
import { graphWalk } from './graph-walk.js';
import type { GraphWalk } from './graph-walk.js';
import type { RetryPolicy, Unanswered } from '../platform/retry-policy.js';

export type { ItemRequest };

/** What `request` asks before a write goes again (the plain-request path's writes). */
interface Resend {
  /** Asked after the wait, before the write goes again (ports.ts SendAgain); a throw passes as it is. */
  readonly again?: SendAgain | undefined;
  /**
   * A write whose outcome is unknown, looked for: its answer when it was applied (the write is then
   * done), null when not (it may go again). Absent: such a write is not sent again.
   */
  readonly applied?: () => Promise<RawResponse | null>;
}

export interface TransportDeps {
  readonly client: RawGraphClient;
  readonly limiter: ConcurrencyLimiter;
  readonly sleep: (ms: number) => Promise<void>;
  /** Hears the deliberate waits (GraphMailboxOptions.waits). */
  readonly waits?: WaitReporter;
  readonly random: () => number;
  readonly now: () => number;
  readonly retry: RetryPolicy;
  /** Writes may have been sent before unseen (GraphMailboxOptions.silentResends). */
  readonly silentResends?: boolean;
  /** The mailbox's quota budget, shared by the runs of a process (default: this transport's own). */
  readonly pacer?: QuotaPacer;
}

/** Graph's $batch limit. */
export const MAX_BATCH = 20;

/** Envelopes that failed as a whole before any of their items went (`notSent`): how many went. */
const sentBefore = new WeakMap<GraphError, number>();

/**
 * Of the items of an envelope that failed as a whole (`error`, thrown by `batchOnce`), how many were
 * sent: none when `again` said no before the wire (`notSent`), else all of them.
 */
export function itemsSent(error: GraphError, items: number): number {
  return sentBefore.get(error) ?? items;
}

/** What `paced` throws when `again` said no before the wire: nothing of the request went. */
function notSent(): GraphError {
  const e = new GraphError(0, NOT_SENT_AGAIN, 'Not sent: the caller no longer holds its lease.');
  sentBefore.set(e, 0);
  return e;
}

/** Whether a write may still go; a check that throws says no, a cancellation ends the call. */
export async function mayStillSend(again: SendAgain, asked: SendAgainAsked): Promise<boolean> {
  try {
    return await again(asked);
  } catch (e) {
    if (isCancellation(e)) throw e;
    return false;
  }
}

/**
 * HTTP with Graph's rules on top of the raw client: the concurrency limiter, throttling
 * bookkeeping (429s counted, mailbox paused for Retry-After), retry delays, and $batch envelopes.
 */
export class GraphTransport {
  private requests = 0;
  private throttled = 0;
  /** Paces calls to the mailbox's request quota once a 429 has told what it is. */
  readonly pacer: QuotaPacer;
  /**
   * The timed-out attempts of this transport's requests (one per run): past
   * RetryPolicy.maxTimedOutAttempts none is retried, so a Graph that does not answer ends the run
   * after about that many timeouts, whichever calls met them.
   */
  readonly unanswered: Unanswered = { count: 0 };

  constructor(private readonly deps: TransportDeps) {
    this.pacer = deps.pacer ?? new QuotaPacer(deps.now);
  }

  /** Called by the client's metering middleware for every HTTP request sent. */
  countRequest(): void {
    this.requests++;
  }

  stats(): { requests: number; throttled: number } {
    return { requests: this.requests, throttled: this.throttled };
  }

  get retry(): RetryPolicy {
    return this.deps.retry;
  }

  get silentResends(): boolean {
    return this.deps.silentResends ?? false;
  }

  /** The injected clock (ms). */
  now(): number {
    return this.deps.now();
  }

  sleep(ms: number): Promise<void> {
    return ms > 0 ? this.deps.sleep(ms) : Promise.resolve();
  }

  /** A deliberate wait of `ms` for `reason`, reported to the run's waits (run-waits.ts). */
  wait(reason: WaitReason, ms: number): Promise<void> {
    return reportedSleep((t) => this.sleep(t), this.deps.waits, reason, ms);
  }

  /**
   * One attempt of a single request; non-2xx responses come back normalised as GraphError. A write
   * given `again` goes out only if it still says yes after the waits for its turn (`paced`).
   * @throws GraphError NOT_SENT_AGAIN `again` said no: nothing was sent.
   */
  async sendOnce(req: ItemRequest, again?: SendAgain): Promise<RawResponse> {
    return this.paced(
      1,
      1,
      () => this.deps.client.send(req.method, req.url, req.body, { ...req.headers }),
      (raw, paced) => {
        this.pacer.settle(paced, [raw.status !== 429]);
        return this.check(raw);
      },
      req.method !== 'GET' ? again : undefined,
      req.beside === true && req.method === 'GET' ? { beside: true } : {},
    );
  }

  /**
   * Sends one HTTP request carrying `count` mailbox calls: in the concurrency limiter's turn
   * (`weight` slots), after the quota pacer let the calls through. `answered` books the answers
   * and makes the result (a GraphError thrown there ends the turn too); calls it leaves unbooked
   * (the answer was lost) are taken as admitted: they may have counted.
   *
   * `again` (writes): asked after the waits for the limiter's turn and the pacer's quota, right
   * before the wire; its throw passes as it is. A write waited there for up to a quota window (the
   * pacer paces by Outlook's limits from the first call) after the lease was checked at the port
   * call, so a host that lost its lease meanwhile wrote beside the one that took it (review V8).
   * Said no: nothing is sent, the calls admitted are given back to the quota, and GraphError
   * NOT_SENT_AGAIN is thrown (notSent: no item of it went). Asked `inTurn`: only planned waits
   * (the turn, the pacing) came since the caller's last check; a failure's wait is asked apart.
   */
  private async paced<T>(
    count: number,
    weight: number,
    send: (lightened: number | undefined) => Promise<RawResponse>,
    answered: (raw: RawResponse, paced: PacedCalls) => T | Promise<T>,
    again?: SendAgain,
    how: { readonly lighter?: number; readonly beside?: boolean; readonly lane?: boolean } = {},
  ): Promise<T> {
    let paced: PacedCalls = [];
    try {
      // The answers are booked before the slots are released: the next request in line must see
      // a 429 this one met (its pause, what it taught the pacer) before it is sent.
      return await this.deps.limiter.run(
        weight,
        async (lightened) => {
          paced = await this.pacer.admit(count, (ms) => this.wait('outlookPaced', ms));
          if (again && !(await again('inTurn'))) {
            this.pacer.settle(
              paced,
              paced.map(() => false),
            );
            throw notSent();
          }
          return answered(await send(lightened), paced);
        },
        how,
      );
    } catch (error) {
      // One HTTP attempt unanswered, however many calls it carried.
      if (error instanceof GraphError && error.timedOut) this.unanswered.count++;
      throw error;
    } finally {
      this.pacer.settle(paced);
    }
  }

  /**
   * A single request with retries. A GET goes again after any transient failure. A write (the
   * folder's creation and renames, graph-folders.ts) goes again only after `resend.again` said the
   * caller still holds what it checked before the first send (ports.ts SendAgain; its throw, a lost
   * lease, passes as it is), and one whose outcome is unknown (a lost answer, 503/504) only after
   * `resend.applied` found it not applied: found, its answer is the result; without that check it
   * is not sent again. Throws the last GraphError when attempts run out; GraphError NOT_SENT_AGAIN
   * when `again` said no.
   */
  async request(req: ItemRequest, resend: Resend = {}): Promise<RawResponse> {
    const write = req.method !== 'GET';
    const budget = new RetryBudget(this.deps.retry, this.unanswered);
    /** An earlier attempt's outcome was unknown: one not sent again ends with that. */
    let lost: GraphError | null = null;
    for (;;) {
      try {
        // Checked after its turn's waits too (`paced`), not only before it goes again.
        return await this.sendOnce(req, resend.again);
      } catch (error) {
        if (!(error instanceof GraphError) || !error.retryable) throw error;
        // Not sent at all (`again` said no before the wire): as after a resend refused below.
        if (error.code === NOT_SENT_AGAIN) throw lost ?? error;
        if (budget.spent(error.status, error.timedOut)) throw error;
        const uncertain = write && (error.outcomeUnknown || error.status === 503 || error.status === 504);
        if (uncertain) {
          // Checked before it goes again: a write that landed is never sent twice.
          if (!resend.applied) throw error;
          lost = error;
          const found = await resend.applied();
          if (found) return found;
        }
        await this.wait(retryWaitReason('outlook', error), this.delayFor(error, budget.attempts));
        if (write && resend.again && !(await resend.again('afterFailure'))) {
          const why = 'Not sent again: the caller no longer holds its lease.';
          throw lost ?? new GraphError(0, NOT_SENT_AGAIN, why);
        }
      }
    }
  }

  /**
   * Follows `@odata.nextLink` from `first` until the last page, each body to `onPage`. Every
   * request of the walk is checked before it goes (platform/page-walk.ts): one the client would
   * send off its base, one seen before, or one past MAX_PAGES throws GraphError 502 of that code.
   */
  async pages(
    first: ItemRequest,
    onPage: (body: Record<string, unknown>) => void | Promise<void>,
    /** The caller's walk, when it read pages of it before (its first page's link is then in it). */
    walk: GraphWalk = this.walk(),
  ): Promise<void> {
    let req: ItemRequest | null = first;
    while (req) {
      walk.check(req.url);
      const body = ((await this.request(req)).body ?? {}) as Record<string, unknown>;
      await onPage(body);
      const next = body['@odata.nextLink'];
      req =
        typeof next === 'string'
          ? {
              method: 'GET',
              url: next,
              headers: first.headers ?? {},
              ...(first.beside ? { beside: true } : {}),
            }
          : null;
    }
  }

  /** A walk over this client's links (`pages`, and loops of their own: graph-walk.ts). */
  walk(): GraphWalk {
    return graphWalk(this.deps.client);
  }

  /**
   * One $batch attempt: one envelope of at most MAX_BATCH items, or (`lane`) its items as one
   * sequential envelope, each item depending on the one before (batch-lanes.ts); `laneIfQueued`: as
   * one lane if it waits at the limiter's head with another request behind it (concurrency-limiter.ts),
   * else as one envelope. Returns each
   * item's raw response (any status) by position; an envelope that failed as a whole throws its
   * GraphError (status 0 = the response was lost); a lane answers such a failure item by item.
   */
  async batchOnce(
    items: readonly ItemRequest[],
    /** Asked right before the wire when the envelope holds a write (`paced`); said no, none goes. */
    again?: SendAgain,
    /** Its envelope, built ahead (envelopes-ahead.ts); told when it was handed to the client. */
    envelope: { take(): unknown; sent(): void } = { take: () => batchEnvelope(items), sent: () => undefined },
    sequencing: Sequencing = 'envelope',
  ): Promise<RawResponse[]> {
    const lane = sequencing === 'lane';
    // Each item counts against the quota: the window must have room for all of them. Graph runs
    // up to 4 items of a batch at once against the mailbox: the batch weighs that much. Writes
    // enough to fill LANES sequential envelopes may go lighter, as that many (a page beside them).
    // A lane runs one item at a time: it weighs one slot, freed when it answers (batch-runner.ts).
    const weight = lane ? 1 : Math.min(items.length, 4);
    const writes = items.every((i) => i.method !== 'GET');
    const lanes =
      !lane && writes && items.length >= 2 * LANES && items.length <= LANES * MAX_BATCH ? LANES : undefined;
    return this.paced(
      items.length,
      weight,
      (lightened) => {
        const content = envelope.take();
        const sequential = lightened ?? (lane ? 1 : undefined);
        const answer =
          sequential !== undefined
            ? sendInLanes(this.deps.client, content as BatchBody, sequential, this.unanswered)
            : this.deps.client.send('POST', '/$batch', content, BATCH_HEADERS);
        envelope.sent();
        return answer;
      },
      (raw, paced) => this.batchAnswered(items, raw, paced),
      // A throw of `again` is a no here: the items go back to the runner unsent (batch-runner.ts).
      again && items.some((i) => i.method !== 'GET')
        ? (asked) => mayStillSend(again, asked ?? 'afterFailure')
        : undefined,
      {
        ...(lanes !== undefined ? { lighter: lanes } : {}),
        ...(sequencing !== 'envelope' && writes ? { lane: true } : {}),
      },
    );
  }

  private async batchAnswered(
    items: readonly ItemRequest[],
    raw: RawResponse,
    paced: PacedCalls,
  ): Promise<RawResponse[]> {
    // The envelope itself is not a mailbox call; its items are observed one by one below. Refused
    // as a whole, none of them ran (a lost answer, status 0, is booked as admitted by the caller).
    if (raw.status < 200 || raw.status >= 300) {
      if (raw.status !== 0)
        this.pacer.settle(
          paced,
          items.map(() => false),
        );
      this.check(raw);
    }
    if (!Array.isArray((raw.body as { responses?: unknown } | null)?.responses)) {
      // A 200 without item responses tells nothing about what was applied.
      throw new GraphError(0, 'NetworkError', 'The batch response carries no item responses.', '', true);
    }
    const answers = await batchAnswers(
      (raw.body as { responses: Parameters<typeof batchAnswers>[0] }).responses,
      (item) =>
        new BatchResponseContent({ responses: [item] } as ConstructorParameters<
          typeof BatchResponseContent
        >[0]).getResponseById(item.id)!,
      readRaw,
    );
    const out: RawResponse[] = [];
    for (let i = 0; i < items.length; i++) {
      const answer = answers.get(String(i + 1));
      if (!answer) {
        // Graph answers every item; a missing one is treated like a lost response for that item.
        throw new GraphError(0, 'NetworkError', `The batch response lacks item ${i + 1}.`, '', true);
      }
      out.push(answer);
    }
    // Every item's answer is booked before any 429 teaches the quota (it counts those admitted).
    this.pacer.settle(
      paced,
      out.map((item) => item.status !== 429),
    );
    for (const item of out) this.observe(item);
    return out;
  }

  errorOf(raw: RawResponse): GraphError {
    return errorFromResponse(raw.status, raw.headers, raw.body, this.deps.now());
  }

  /** Throws the normalised error for a non-2xx response (after bookkeeping). */
  private check(raw: RawResponse): RawResponse {
    this.observe(raw);
    if (raw.status >= 200 && raw.status < 300) return raw;
    throw errorFromResponse(raw.status, raw.headers, raw.body, this.deps.now());
  }

  /**
   * Throttling bookkeeping for every response seen, top-level, batch item or failed envelope
   * (the pacer has booked the calls' answers already: settle).
   */
  private observe(raw: RawResponse): void {
    if (raw.status >= 200 && raw.status < 300) {
      this.deps.limiter.onSuccess();
      return;
    }
    if (raw.status !== 429) return;
    this.throttled++;
    const error = errorFromResponse(raw.status, raw.headers, raw.body, this.deps.now());
    if (error.isConcurrencyThrottle) this.deps.limiter.onConcurrencyThrottle();
    // The quota is per app and mailbox: nothing else we send would get through before Retry-After.
    else if (error.retryAfterMs !== null) {
      this.pacer.onQuotaThrottle(error.retryAfterMs);
      this.deps.limiter.pause(error.retryAfterMs);
    }
  }

  /**
   * How long to wait before attempt `attempt + 1`: the server's Retry-After plus a little jitter
   * (so parallel callers do not return in lockstep), else exponential backoff with jitter.
   */
  delayFor(error: GraphError, attempt: number): number {
    return retryDelay(error, attempt, this.deps.retry, this.deps.random);
  }
}
