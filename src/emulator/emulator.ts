import { authenticate } from './auth.js';
import { Counters } from './counters.js';
import { GraphError, errorBody, innerErrorDate } from './errors.js';
import type { RequestIds } from './errors.js';
import { FaultInjector } from './faults.js';
import { json } from './graph-request.js';
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
export type Drop = 'beforeAnswer' | 'midAnswer';

/** The result of one Graph call; `drop` non-null: end the connection that way instead of answering. */
export interface Outcome {
  response: GraphResponse;
  drop: Drop | null;
}

const DROPS: Partial<Record<FaultKind, Drop>> = {
  lostResponse: 'midAnswer',
  closedUnanswered: 'beforeAnswer',
};

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The emulator's state and request pipeline, independent of HTTP so that top-level requests and
 * $batch items run the very same steps: mailbox → permission → quota → concurrency → fault →
 * latency → handler.
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

  newIds(clientRequestId: string | undefined): RequestIds {
    const requestId = newRequestId();
    return { requestId, clientRequestId: clientRequestId ?? requestId, date: innerErrorDate(this.now()) };
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

  /** Runs one Graph call (top-level or batch item) through the full pipeline. */
  async execute(
    principal: Principal,
    req: GraphRequest,
    isBatchItem: boolean,
    ids: RequestIds,
  ): Promise<Outcome> {
    let release = (): void => {};
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
      await this.delay();
      if (fault === 'reset') return { response: json(500, null), drop: 'beforeAnswer' };
      const response = await dispatch({
        req,
        store: this.store,
        config: this.config,
        mailbox: target.mailbox,
        segments: target.segments,
      });
      return { response, drop: (fault && DROPS[fault]) ?? null };
    } catch (error) {
      return { response: this.errorResponse(error, ids), drop: null };
    } finally {
      release();
    }
  }

  private async delay(): Promise<void> {
    const { fixedMs, jitterMs } = this.config.latency;
    const ms = fixedMs + (jitterMs > 0 ? this.jitter() * jitterMs : 0);
    if (ms > 0) await this.sleep(ms);
  }

  seed(data: SeedData): void {
    applySeed(this.store, data);
  }

  reset(): void {
    this.store.reset();
    this.counters.reset();
    this.throttle.reset();
  }

  updateConfig(patch: RuntimeConfigPatch): RuntimeConfig {
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
