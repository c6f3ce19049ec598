import { expect } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunError, RunRecord, SyncMode } from '../../src/core/records.js';
import { endError } from '../../src/core/run-errors.js';
import { runSync } from '../../src/core/run.js';
import type { ProgressEvent } from '../../src/core/executor.js';
import { silentLogger } from '../../src/core/ports.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { failureOf } from '../../src/taskpane/api/failure.js';
import { ANN, ANN_UPN, cliRunToEnd } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

/* The three hosts of one user's sync on the sync harness (issue 9): the pane's own engine (core
   over the sync API, as pane-engine wires it), the scheduler's run (RunManager.runNow, trigger
   `schedule`), and the CLI's route (`POST /internal/runs`, what `bc-contact-sync sync` calls).
   Shared by the run-ends and run-progress table tests. */

export type Host = 'pane' | 'schedule' | 'cli';
export const HOSTS: readonly Host[] = ['pane', 'schedule', 'cli'];

/** One run in a host; `stop` cancels it (null until the run exists). Resolves with its record. */
export type HostRun = (
  h: SyncHarness,
  mode: SyncMode,
  onStop: (stop: () => void) => void,
  /** The pane's progress events, as its Sync panel shows them (the other hosts read the record). */
  onProgress?: (event: ProgressEvent) => void,
) => Promise<{ record: RunRecord; runId: string }>;

/** The hosts; `adminToken` is the CLI's (the harness's admin token). */
export function threeHosts(ADMIN: string): Record<Host, HostRun> {
  return {
    // The pane's engine: core in the browser, the sync state over the sync API (pane-engine.ts).
    pane: async (h, mode, onStop, onProgress) => {
      let cancelled = false;
      onStop(() => (cancelled = true));
      const store = new HttpSyncStateStore({
        baseUrl: 'http://127.0.0.1/sync/v1',
        getToken: async () => (await h.auth(ANN)).replace(/^Bearer /, ''),
        fetch: injectFetch(h.app),
      });
      const runId = `pane-${mode}-${Math.random().toString(36).slice(2)}`;
      const deps = { bc: h.bc, mailbox: h.mailbox(ANN), store, clock: h.clock, logger: silentLogger };
      const req = { runId, userId: ANN, mode, dryRun: false, trigger: 'pane' as const };
      try {
        const { record } = await runSync(deps, req, {
          cancel: { isCancelled: () => cancelled },
          ...(onProgress ? { onProgress } : {}),
        });
        return { record, runId };
      } catch (e) {
        // The pane shows a run that threw from its stored record (its history), and says what
        // ended it by the same code (F93: a lost lease was "unexpected (LeaseLostError)").
        const stored = await store.getRun(ANN, runId);
        const said = failureOf(e);
        expect('error' in said ? pick(said.error) : said).toEqual({ ...pick(endError(stored!)), id: '' });
        return { record: stored!, runId };
      }
    },
    // The scheduler's job (scheduler.ts runJob): RunManager.runNow with trigger `schedule`.
    schedule: async (h, mode, onStop) => {
      onStop(() => {
        const active = h.manager.activeFor(ANN, DEFAULT_SETTINGS.folderName);
        if (active) h.manager.cancel(ANN, active.record.id);
      });
      const { record } = await h.manager.runNow(ANN, { mode, trigger: 'schedule' });
      return { record, runId: record.id };
    },
    // `bc-contact-sync sync` through the running server: the CLI's routes start it, then read its end.
    cli: async (h, mode, onStop) => {
      onStop(() => {
        const active = h.manager.activeFor(ANN, DEFAULT_SETTINGS.folderName);
        if (active) h.manager.cancel(ANN, active.record.id);
      });
      const res = await cliRunToEnd(h, ADMIN, { user: ANN_UPN, mode });
      expect(res.status).toBe(200);
      const { record } = res.body as { record: RunRecord };
      return { record, runId: record.id };
    },
  };
}

/** A run error's code and place, for comparing what a host said with the record. */
function pick(e: RunError | null): Pick<RunError, 'side' | 'id' | 'code' | 'params'> | null {
  if (!e) return null;
  return { side: e.side, id: e.id, code: e.code, ...(e.params ? { params: e.params } : {}) };
}
