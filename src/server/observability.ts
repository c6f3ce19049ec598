import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncStateStore } from '../core/ports.js';
import type { RunRecord } from '../core/records.js';

/**
 * Prometheus metrics of sync runs (issue 12 §3), one registry per app so several apps in one
 * process (tests) keep theirs apart. Runs are observed where every run ends up — the state
 * store's `saveRun` with a final status — so scheduled, pane, CLI and API runs count alike.
 */
export interface RunMetrics {
  readonly registry: Registry;
  /** Counts one finished run (a record seen again with the same id is not counted twice). */
  observe(record: RunRecord): void;
  /** Reports the scheduled runs waiting in the queue, asked at every scrape (the scheduler sets it). */
  watchQueue(depth: () => Promise<number>): void;
  /**
   * One scheduled run's wait from being queued until it held its folder's lease (`acquired`), or
   * until it found the lease held by another run (`held`), in seconds.
   */
  observeLeaseWait(seconds: number, outcome: 'acquired' | 'held'): void;
  /**
   * One answer of the upstream BC tenant (any caller: the pane's BC calls, server runs, admin
   * routes), counted by operation (`bcOperation`); a 429 also as throttled. Status 0: no answer.
   */
  readonly observeBcAnswer: (request: {
    readonly method: string;
    readonly path: string;
    readonly status: number;
  }) => void;
}

/**
 * BC API operation of a request: read (GET), batch (POST …/$batch), create (POST), update (PATCH), delete.
 * @internal
 */
export function bcOperation(method: string, path: string): string {
  const m = method.toUpperCase();
  if (m === 'GET') return 'read';
  if (m === 'POST') return /\/\$batch$/.test(path) ? 'batch' : 'create';
  if (m === 'PATCH') return 'update';
  if (m === 'DELETE') return 'delete';
  return 'other';
}

/** Most run ids remembered against double counting (a run's final record is saved once). */
const REMEMBERED_RUNS = 10_000;

export function createRunMetrics(): RunMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Every metric of this app registers here only (one registry per app, above).
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) => new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  const runs = counter(
    'sync_runs_total',
    'Sync runs finished, by trigger and outcome (succeeded, failed, cancelled, held).',
    ['trigger', 'outcome'],
  );
  const duration = histogram(
    'sync_run_duration_seconds',
    'Wall time of finished sync runs, by trigger.',
    ['trigger'],
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
  const written = counter(
    'sync_contacts_written_total',
    'Contacts written by sync runs, by side (bc, outlook) and operation (created, updated, deleted).',
    ['side', 'operation'],
  );
  const graphRequests = counter(
    'sync_graph_requests_total',
    'Microsoft Graph HTTP requests sent by sync runs.',
  );
  const graphThrottled = counter('sync_graph_throttled_total', 'Graph answers 429 met by sync runs.');
  const bcRequests = counter(
    'bc_api_requests_total',
    'Requests to the upstream Business Central tenant, by operation (read, batch, create, update, delete, other).',
    ['operation'],
  );
  const bcThrottled = counter(
    'bc_api_throttled_total',
    'Answers 429 from the upstream Business Central tenant, by operation.',
    ['operation'],
  );
  let queueDepth: (() => Promise<number>) | null = null;
  new Gauge({
    name: 'sync_queue_depth',
    help: 'Scheduled runs queued and not yet started (all processes on this database; 0 without a scheduler).',
    registers: [registry],
    async collect() {
      if (queueDepth) this.set(await queueDepth());
    },
  });
  const leaseWait = histogram(
    'sync_lease_wait_seconds',
    'Time from a scheduled run being queued until it held its lease (acquired) or found it held (held).',
    ['outcome'],
    [0.1, 0.5, 1, 2.5, 5, 15, 30, 60, 120, 300, 600],
  );
  const seen = new Set<string>();
  return {
    registry,
    watchQueue(depth) {
      queueDepth = depth;
    },
    observeBcAnswer({ method, path, status }) {
      const operation = bcOperation(method, path);
      bcRequests.inc({ operation });
      if (status === 429) bcThrottled.inc({ operation });
    },
    observeLeaseWait(seconds, outcome) {
      leaseWait.observe({ outcome }, Math.max(0, seconds));
    },
    observe(record) {
      if (record.status === 'running' || record.dryRun || seen.has(record.id)) return;
      if (seen.size >= REMEMBERED_RUNS) seen.clear();
      seen.add(record.id);
      runs.inc({ trigger: record.trigger, outcome: record.status });
      duration.observe({ trigger: record.trigger }, record.durationMs / 1000);
      for (const side of ['bc', 'outlook'] as const)
        for (const operation of ['created', 'updated', 'deleted'] as const) {
          const n = record.counts[side][operation];
          if (n > 0) written.inc({ side, operation }, n);
        }
      if (record.graph) {
        graphRequests.inc(record.graph.requests);
        graphThrottled.inc(record.graph.throttled);
      }
    },
  };
}

/**
 * The store as it was, with every saved final run record counted once it is stored (by saveRun or
 * by a run's endRun) — also through its fenced views (`fenced`, core/lease-fence.ts), which is how runs save their records.
 */
export function observeRuns(store: SyncStateStore, metrics: RunMetrics): SyncStateStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'fenced' && typeof value === 'function')
        return (fence: Parameters<SyncStateStore['fenced']>[0]) =>
          observeRuns((value as SyncStateStore['fenced']).call(target, fence), metrics);
      if (typeof value !== 'function') return value;
      if (prop === 'saveRun')
        return async (run: RunRecord) => {
          await (value as SyncStateStore['saveRun']).call(target, run);
          metrics.observe(run);
        };
      // A run's end stores its final record with the cursor and the lease's release (endRun).
      if (prop === 'endRun')
        return async (end: Parameters<SyncStateStore['endRun']>[0]) => {
          await (value as SyncStateStore['endRun']).call(target, end);
          metrics.observe(end.run);
        };
      return value;
    },
  });
}
