import type { CancelMarkAnswer, RunCancelMarks } from '../core/run-cancel-marks.js';
import type { MemorySyncStateStore } from './memory-state-store.js';

/**
 * Cancel requests of runs kept in a memory store, as sqlRunCancelMarks keeps them on the run's row:
 * marked only while the user's stored record is `running`, and the store's fenced saves of that
 * run's `running` record refused from then on. Share one between the run managers of one store
 * (two "processes" in a test).
 */
export class MemoryRunCancelMarks implements RunCancelMarks {
  constructor(private readonly store: Pick<MemorySyncStateStore, 'requestCancel' | 'cancelRequested'>) {}

  async request(userId: string, runId: string): Promise<CancelMarkAnswer> {
    return this.store.requestCancel(userId, runId);
  }

  async requested(userId: string, runId: string): Promise<boolean> {
    return this.store.cancelRequested(userId, runId);
  }
}
