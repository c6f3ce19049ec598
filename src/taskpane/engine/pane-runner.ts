import { HttpBcContacts } from '../../bc/index.js';
import type { ProgressEvent } from '../../core/executor.js';
import type { Clock, Logger } from '../../core/ports.js';
import { RunInProgressError, runSync } from '../../core/run.js';
import { GraphMailbox } from '../../graph/index.js';
import { HttpSyncStateStore } from '../../sync-client/http-state-store.js';
import type { TokenSource } from '../auth/tokens.js';
import { previewOf, RunBusyError } from './runner.js';
import type { RunHandle, StartRunRequest, SyncRunner } from './runner.js';

export interface PaneRunnerOptions {
  readonly origin: string;
  readonly graphBaseUrl: string;
  readonly tokens: TokenSource;
  /** The facade's user id of the signed-in user (GET /sync/v1/me). */
  readonly userId: () => Promise<string>;
  readonly companyId: () => Promise<string>;
  readonly fetch?: typeof fetch;
  /** Fetch for Graph calls only (the emulator's link rewrite in dev). */
  readonly graphFetch?: typeof fetch;
}

export const browserClock: Clock = {
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
 * Interactive syncs run the engine here, in the pane: Graph directly, BC and the sync state over
 * the facade. Closing the pane mid-run leaves a resumable run: the lease expires, and the next run
 * re-links creates whose answer was lost.
 */
export function paneRunner(options: PaneRunnerOptions): SyncRunner {
  return {
    where: 'pane',
    start(request: StartRunRequest, onProgress: (event: ProgressEvent) => void): RunHandle {
      let cancelled = false;
      const done = (async () => {
        const [userId, companyId] = await Promise.all([options.userId(), options.companyId()]);
        const deps = {
          bc: new HttpBcContacts({
            baseUrl: `${options.origin}/api/v2.0`,
            companyId,
            getToken: () => options.tokens.facade(),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
          mailbox: new GraphMailbox({
            baseUrl: options.graphBaseUrl,
            mailbox: { kind: 'me' },
            getToken: () => options.tokens.graph(),
            ...(options.graphFetch
              ? { fetch: options.graphFetch }
              : options.fetch
                ? { fetch: options.fetch }
                : {}),
          }),
          store: new HttpSyncStateStore({
            baseUrl: `${options.origin}/sync/v1`,
            getToken: () => options.tokens.facade(),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
          clock: browserClock,
          logger: consoleLogger,
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
            { onProgress, cancel: { isCancelled: () => cancelled } },
          );
          return {
            record: outcome.record,
            preview: request.dryRun && outcome.plan ? previewOf(outcome.plan) : null,
          };
        } catch (e) {
          if (e instanceof RunInProgressError) throw new RunBusyError(e.message);
          throw e;
        }
      })();
      return { cancel: () => (cancelled = true), done };
    },
  };
}
