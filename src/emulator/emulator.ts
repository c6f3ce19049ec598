import { authenticate } from './auth.js';
import { Counters } from './counters.js';
import { GraphError, errorBody, innerErrorDate } from './errors.js';
import type { RequestIds } from './errors.js';
import { FaultInjector } from './faults.js';
import { json, writtenOut } from './graph-request.js';
import type { GraphRequest, GraphResponse, Principal } from './graph-request.js';
import { createPrng, newRequestId } from './ids.js';
import { applyConfigPatch, resolveConfig } from './options.js';
import type {
  AuthOptions,
  FaultKind,
  GraphEmulatorOptions,
  RuntimeConfig,
  RuntimeConfigPatch,
  SeedData,
} from './options.js';
import { authorize, dispatch, resolveTarget } from './router.js';
import { applySeed } from './seed.js';
import { EmulatorStore } from './store.js';
import { createTestIssuer } from './test-issuer.js';
import type { TestIssuer } from './test-issuer.js';
import { Throttle } from './throttle.js';

/**
 * How a faulted call's connection ends instead of answering (options.ts FaultKind):
 * `beforeAnswer` closes it before any byte of the answer, `midAnswer` after the status line and
 * headers.
 */
/** A client-request-id the emulator echoes: printable ASCII, 1 to 100 characters (a GUID is 36). */
const ECHOED_ID = /^[\x21-\x7e]{1,100}$/;

export type Drop = 'beforeAnswer' | 'midAnswer';

/** The result of one Graph call; `drop` non-null: end the connection that way instead of answering. */
export interface Outcome {
  response: GraphResponse;
  drop: Drop | null;
  /**
   * When the call ended on the emulator's clock: its deadline (arrival + latency) once it was
   * waited for, so the timer's overshoot and a write's work after it are not charged to the call
   * that takes its $batch slot next (batch.ts); later only when the emulator's own work ran past it.
   */
  endedAt: number;
}

const DROPS: Partial<Record<FaultKind, Drop>> = {
  lostResponse: 'midAnswer',
  closedUnanswered: 'beforeAnswer',
};

const realSleep = (ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The emulator's state and request pipeline, independent of HTTP so that top-level requests and
 * $batch items run the very same steps: mailbox → permission → quota → concurrency → fault →
 * handler, within the latency.
 *
 * The latency is Graph's service time: from the moment a call reaches Graph (a request's arrival;
 * a $batch item's turn on its slot) to its answer. The emulator's own work for the call (token,
 * body, handler, writing the answer out) runs inside that time, not on top of it: on this machine
 * its CPU is neither Graph's nor the client's, and added to the latency it made every call and
 * every $batch round slower than the limits the emulator models (issue 12). Refusals (quota,
 * concurrency, status faults) answer at once, as before. A read does its work first and then waits
 * for its deadline; a write waits first and then applies its effect, so no other call sees it
 * earlier than before.
 */
export class GraphEmulator {
  readonly store: EmulatorStore;
  readonly counters = new Counters();
  readonly config: RuntimeConfig;
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly throttle: Throttle;
  private readonly faults: FaultInjector;
  private readonly jitter = createPrng(7);
  readonly batchShuffle = createPrng(11);

  constructor(
    readonly auth: AuthOptions,
    options: GraphEmulatorOptions,
    /** Present when the emulator minted its own issuer (no `auth` option): POST /_emulator/token uses it. */
    readonly issuer: TestIssuer | null,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.config = resolveConfig(options);
    this.store = new EmulatorStore(this.now);
    this.throttle = new Throttle(this.config.throttling, this.now);
    this.faults = new FaultInjector(this.config.faults);
    if (options.seed) this.seed(options.seed);
  }

  authenticate(header: string | undefined): Promise<Principal> {
    return authenticate(header, this.auth);
  }

  /**
   * The ids of one answer. `clientRequestId` (the client's `client-request-id` header, a GUID by
   * Graph's docs) is echoed in the answer's header and error body when it is printable ASCII of at
   * most 100 characters (ECHOED_ID); anything else (a newline, a bidi override, 10 KB) is not echoed
   * and the answer names the request id in its place, as when the client sent none.
   */
  newIds(clientRequestId: string | undefined): RequestIds {
    const requestId = newRequestId();
    const echoed =
      clientRequestId !== undefined && ECHOED_ID.test(clientRequestId) ? clientRequestId : requestId;
    return { requestId, clientRequestId: echoed, date: innerErrorDate(this.now()) };
  }

  errorResponse(error: unknown, ids: RequestIds): GraphResponse {
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(
            500,
            'generalException',
            `Emulator failure: ${(error as Error)?.message ?? String(error)}`,
          );
    return json(graphError.status, errorBody(graphError, ids), graphError.headers);
  }

  /**
   * Runs one Graph call (top-level or batch item) through the full pipeline. `startedAt`: when it
   * reached Graph on the emulator's clock; its answer is due `latency` after it.
   */
  async execute(
    principal: Principal,
    req: GraphRequest,
    isBatchItem: boolean,
    ids: RequestIds,
    startedAt: number = this.now(),
  ): Promise<Outcome> {
    let release = (): void => {};
    let endedAt = startedAt;
    try {
      const target = resolveTarget(this.store, principal, req.path);
      const mailboxId = target.mailbox.id;
      this.counters.mailboxCall(mailboxId, isBatchItem);
      authorize(principal, req.method);
      const key = `${principal.appId}|${mailboxId}`;
      try {
        this.throttle.admit(key);
        release = this.throttle.acquire(key);
      } catch (error) {
        this.counters.throttled(mailboxId);
        throw error;
      }
      const query = req.query.toString();
      const fault = this.faults.pick(req.method, req.path + (query ? `?${query}` : ''));
      if (fault) {
        this.counters.fault();
        const error = this.faults.errorFor(fault);
        if (error) throw error;
      }
      const latency = this.latencyMs();
      const wait = async (): Promise<void> => {
        endedAt = latency > 0 ? await this.until(startedAt + latency) : this.now();
      };
      if (fault === 'reset') {
        await wait();
        return { response: json(500, null), drop: 'beforeAnswer', endedAt };
      }
      const handle = async (): Promise<GraphResponse> => {
        const response = await dispatch({
          req,
          store: this.store,
          config: this.config,
          mailbox: target.mailbox,
          segments: target.segments,
        });
        // A top-level answer is written out inside its service time too; a batch item's is part
        // of its envelope's.
        return isBatchItem ? response : writtenOut(response);
      };
      let response: GraphResponse;
      if (req.method === 'GET') {
        try {
          response = await handle();
        } finally {
          await wait();
        }
      } else {
        await wait();
        response = await handle();
      }
      return { response, drop: (fault && DROPS[fault]) ?? null, endedAt };
    } catch (error) {
      return { response: this.errorResponse(error, ids), drop: null, endedAt };
    } finally {
      release();
    }
  }

  /** This call's latency: the fixed part plus its draw of jitter. */
  private latencyMs(): number {
    const { fixedMs, jitterMs } = this.config.latency;
    return fixedMs + (jitterMs > 0 ? this.jitter() * jitterMs : 0);
  }

  /**
   * Waits until `due` on the emulator's clock and returns when the call ended: `due`, whatever
   * the timer's overshoot, or now if the work already ran past it (then it simply adds). The sleep
   * is called even with nothing left (0 ms), so a test's sleep still holds the call there.
   */
  private async until(due: number): Promise<number> {
    const now = this.now();
    await this.sleep(Math.max(0, due - now));
    return Math.max(now, due);
  }

  seed(data: SeedData): void {
    applySeed(this.store, data);
  }

  reset(): void {
    this.store.reset();
    this.counters.reset();
    this.throttle.reset();
  }

  /**
   * Applies `patch` whole or not at all: a patch that leaves a delta page size above its cap is
   * refused (GraphError 400) before anything of it is applied.
   */
  updateConfig(patch: RuntimeConfigPatch): RuntimeConfig {
    const next = applyConfigPatch(structuredClone(this.config), patch);
    if (next.delta.defaultPageSize > next.delta.maxPageSize)
      throw new GraphError(
        400,
        'BadRequest',
        `delta.defaultPageSize (${next.delta.defaultPageSize}) is above delta.maxPageSize (${next.delta.maxPageSize}).`,
      );
    applyConfigPatch(this.config, patch);
    if (patch.faults?.seed !== undefined) this.faults.reseed();
    return this.config;
  }
}

/** Creates the emulator state; without `auth` it creates an in-memory RS256 issuer of its own. */
export async function createGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  if (options.auth) return new GraphEmulator(options.auth, options, null);
  const issuer = await createTestIssuer();
  return new GraphEmulator(issuer.auth, options, issuer);
}
