import type { WaitsRelay } from '../../core/run-waits.js';
import { download } from '../api/failure.js';
import type { TokenSource } from '../auth/tokens.js';
import type { RunHandle, StartRunRequest, SyncRunner } from './runner.js';
import type { ProgressEvent } from '../../core/executor.js';

export interface PaneRunnerOptions {
  readonly origin: string;
  readonly graphBaseUrl: string;
  readonly tokens: TokenSource;
  /** The facade's user id of the signed-in user (GET /sync/v1/me). */
  readonly userId: () => Promise<string>;
  /**
   * The BC company the run syncs: its id, and the name BC lists it under where known (run errors
   * name it, F104); `listed`, the user's companies it was picked from (BC's `GET /companies`):
   * a state whose records predate RunRecord.companyName is named by it (BcContacts.nameOf).
   */
  readonly company: () => Promise<{
    readonly id: string;
    readonly displayName?: string;
    readonly listed?: readonly { readonly id: string; readonly displayName?: string }[];
  }>;
  readonly fetch?: typeof fetch;
  /** Fetch for Graph calls only (the emulator's link rewrite in dev). */
  readonly graphFetch?: typeof fetch;
  /** The pane fetch's waits (resilient-fetch.ts): pointed at each run's while it goes. */
  readonly waitsRelay?: WaitsRelay;
}

/**
 * Interactive syncs run the engine here, in the pane (pane-engine.ts, loaded on first use). Closing
 * the pane mid-run leaves a resumable run: the pane lets go of its lease on its way out (its run
 * shows interrupted at once, leave-on-close.ts; else the lease expires), and the next run re-links
 * creates whose answer was lost.
 */
export function paneRunner(options: PaneRunnerOptions): SyncRunner {
  return {
    where: 'pane',
    start(request: StartRunRequest, onProgress: (event: ProgressEvent) => void): RunHandle {
      // Cancel aborts the engine's requests in flight too (issue 9 §3), not only the next chunk.
      const abort = new AbortController();
      const done = download(() => import('./pane-engine.js')).then(({ runInPane }) =>
        // A cancel asked through the sync API (another client) stops it as Cancel here does.
        runInPane(
          options,
          request,
          onProgress,
          () => abort.signal.aborted,
          abort.signal,
          () => abort.abort(),
        ),
      );
      return { cancel: () => abort.abort(), done };
    },
  };
}
