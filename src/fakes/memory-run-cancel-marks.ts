import type { SyncStateStore } from '../core/ports.js';
import type { CancelMarkAnswer, RunCancelMarks } from '../core/run-cancel-marks.js';

/**
 * Cancel requests of runs beside a memory store, as sqlRunCancelMarks keeps them on the run's row:
 * marked only while the user's stored record is `running`. Share one between the run managers of
 * one store (two "processes" in a test).
 */
export class MemoryRunCancelMarks implements RunCancelMarks {
  private readonly marked = new Set<string>();

  constructor(private readonly store: Pick<SyncStateStore, 'getRun'>) {}

  async request(userId: string, runId: string): Promise<CancelMarkAnswer> {
    const record = await this.store.getRun(userId, runId);
    if (!record) return 'unknown';
    if (record.status !== 'running') return 'ended';
    this.marked.add(JSON.stringify([userId, runId]));
    return 'marked';
  }

  async requested(userId: string, runId: string): Promise<boolean> {
    return this.marked.has(JSON.stringify([userId, runId]));
  }
}
