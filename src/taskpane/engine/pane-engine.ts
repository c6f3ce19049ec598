import { HttpBcContacts } from '../../bc/index.js';
import type { ProgressEvent } from '../../core/executor.js';
import type { Clock, Logger } from '../../core/ports.js';
import { RunInProgressError, runSync } from '../../core/run.js';
import { RunWaits } from '../../core/run-waits.js';
import { GraphMailbox, QuotaBudgets } from '../../graph/index.js';
import { writeSettleMs } from '../../core/lease.js';
import { DEFAULT_TIMEOUTS } from '../../platform/deadline.js';
import { intervalTicker } from '../../platform/ticker.js';
import { LeaseKeepingStore, leaveOnClose } from './leave-on-close.js';
import { planView } from '../../core/views.js';
import { companyNameAmong } from '../../core/state-origin.js';
import { RunBusyError } from './runner.js';
import type { RunResult, StartRunRequest } from './runner.js';
import type { PaneRunnerOptions } from './pane-runner.js';

const browserClock: Clock = {
  now: () => new Date().toISOString(),
  monotonicMs: () => performance.now(),
  shift: (iso, ms) => new Date(Date.parse(iso) + ms).toISOString(),
};

const consoleLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

/**
 * The pane's write settle (lease.ts writeSettleMs): its own Graph, BC (through the facade) and state
 * calls' timeouts, the defaults. Its run waits in line for a company's create turn by it
 * (createTurnWaitMs), as every host by its own; the facade keeps the pane's leases and turns for
 * at least this (state-helpers.ts paneWriteSettleMs adds the facade's own timeouts).
 */
const PANE_WRITE_SETTLE_MS = writeSettleMs([
  DEFAULT_TIMEOUTS.graphMs,
  DEFAULT_TIMEOUTS.bcMs,
  DEFAULT_TIMEOUTS.stateMs,
]);

/** The mailbox's quota as learned so far: kept for the pane's life, so a run starts paced. */
const quotaBudgets = new QuotaBudgets();

/**
 * One sync run of the engine in the pane: Graph directly, BC and the sync state over the facade.
 * Loaded on the first Sync (a chunk of its own), so the pane's first load carries no engine.
 */
export async function runInPane(
  options: PaneRunnerOptions,
  request: StartRunRequest,
  onProgress: (event: ProgressEvent) => void,
  isCancelled: () => boolean,
  /** Aborted by Cancel: Graph's and BC's requests in flight end at once (not the sync state's). */
  signal?: AbortSignal,
  /**
   * The run's cancel was asked elsewhere (the sync API's cancel, from any client): the facade
   * refused the run's next save, and the run stops; the pane aborts its requests as Cancel does.
   */
  onCancelRequested?: () => void,
): Promise<RunResult> {
  // The run's deliberate waits, from every adapter it uses: its progress says why it waits.
  const waits = new RunWaits(browserClock);
  // The pane's fetch retries too (resilient-fetch.ts): its waits are this run's while it goes.
  const relayed = options.waitsRelay?.use(waits);
  const io = { ...(signal ? { signal } : {}), waits };
  // Both tokens first: a failed sign-in says so, rather than failing some request of the run.
  await Promise.all([options.tokens.facade(), options.tokens.graph()]);
  const [userId, company] = await Promise.all([options.userId(), options.company()]);
  const listed = company.listed;
  // The leases it holds and the token it last sent: a pane closed mid-run lets go of them on its
  // way out (leave-on-close.ts), so its run ends at once, not when its lease runs out.
  let token: string | null = null;
  const store = new LeaseKeepingStore({
    baseUrl: `${options.origin}/sync/v1`,
    waits,
    getToken: async () => (token = await options.tokens.facade()),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const stopWatching =
    typeof window === 'undefined'
      ? () => undefined
      : leaveOnClose({
          page: window,
          base: `${options.origin}/sync/v1`,
          store,
          token: () => token,
          stop: () => onCancelRequested?.(),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });
  const deps = {
    bc: Object.assign(
      new HttpBcContacts({
        baseUrl: `${options.origin}/api/v2.0`,
        companyId: company.id,
        ...(company.displayName ? { companyName: company.displayName } : {}),
        getToken: () => options.tokens.facade(),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...io,
      }),
      // The host's company list names a state's company (F104), as on the server and the CLI.
      listed ? { nameOf: (id: string) => companyNameAmong(listed, id) } : {},
    ),
    mailbox: new GraphMailbox({
      baseUrl: options.graphBaseUrl,
      mailbox: { kind: 'me' },
      getToken: () => options.tokens.graph(),
      // The browser sends a request again by itself after some lost answers (F34).
      silentResends: true,
      quotaBudgets,
      ...(options.graphFetch ? { fetch: options.graphFetch } : options.fetch ? { fetch: options.fetch } : {}),
      ...io,
    }),
    // Not Cancel's signal (F131): the run's own end — the cancelled record, the links of what it
    // wrote, the lease's release — goes out after Cancel; each request keeps its own deadline.
    store,
    clock: browserClock,
    logger: consoleLogger,
    ticker: intervalTicker,
    writeSettleMs: PANE_WRITE_SETTLE_MS,
    waits,
  };
  try {
    const outcome = await runSync(
      deps,
      {
        runId: crypto.randomUUID(),
        userId,
        mode: request.mode,
        dryRun: request.dryRun,
        trigger: 'pane',
        confirmMassDelete: request.confirmMassDelete ?? false,
      },
      { onProgress, cancel: { isCancelled }, ...(onCancelRequested ? { onCancelRequested } : {}) },
    );
    return {
      record: outcome.record,
      preview: request.dryRun && outcome.plan ? planView(outcome.plan) : null,
    };
  } catch (e) {
    // The pane words it (runBusy) by the error's class.
    if (e instanceof RunInProgressError) throw new RunBusyError(e.message, e.heldBy.expiresAt, e.settling);
    throw e;
  } finally {
    relayed?.();
    stopWatching();
  }
}
