import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { buildApp } from '../../src/server/app.js';
import { createRunMetrics } from '../../src/server/observability.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import type { Db } from '../../src/store/db.js';

// Issue 12 §3: /readyz says whether the process can serve (store, job queue), /metrics counts
// the runs of every trigger in Prometheus' text format.

const USER = 'ann@contoso.com';
let server: QuietServer;

beforeAll(async () => {
  server = await startQuietServer('bcsync-obs-');
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string) => server.app.inject({ method: 'GET', url: path });
/** The value of one sample line (`name{labels} value`) of the metrics text, 0 when absent. */
const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
};

describe('readiness and metrics', () => {
  test('/readyz is ready with the store and the queue named; /healthz stays', async () => {
    const r = await get('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', checks: { store: 'ok', queue: 'ok' } });
    expect((await get('/healthz')).statusCode).toBe(200);
  });

  test('/readyz answers 503 naming the check that failed', async () => {
    const broken: Db = {
      ...server.ctx.db,
      query: async () => {
        throw new Error('connection refused');
      },
    };
    const app = await buildApp({
      ctx: { ...server.ctx, db: broken },
      readiness: { queue: async () => undefined },
    });
    try {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toEqual({
        status: 'not ready',
        checks: { store: 'failed: connection refused', queue: 'ok' },
      });
    } finally {
      await app.close();
    }
  });

  test('/metrics counts a finished run by trigger and outcome, with contacts written and Graph requests', async () => {
    const before = (await get('/metrics')).body;
    expect((await get('/metrics')).headers['content-type']).toContain('text/plain');
    const { record } = await server.manager.runNow(devUserKey(USER), { mode: 'full', trigger: 'cli' });
    expect(record.status).toBe('succeeded');
    const after = (await get('/metrics')).body;
    const runs = 'sync_runs_total{trigger="cli",outcome="succeeded"}';
    expect(sample(after, runs) - sample(before, runs)).toBe(1);
    expect(sample(after, 'sync_run_duration_seconds_count{trigger="cli"}')).toBe(1);
    const created = 'sync_contacts_written_total{side="outlook",operation="created"}';
    expect(sample(after, created)).toBe(record.counts.outlook.created);
    expect(record.counts.outlook.created).toBeGreaterThan(0);
    expect(sample(after, 'sync_graph_requests_total')).toBe(record.graph?.requests);
    expect(after).toContain('process_cpu_user_seconds_total');
  });
});

describe('queue depth and lease wait', () => {
  test('the queue depth is asked at every scrape; lease waits are counted by outcome', async () => {
    const metrics = createRunMetrics();
    const text = () => metrics.registry.metrics();
    expect(sample(await text(), 'sync_queue_depth')).toBe(0);
    let depth = 7;
    metrics.watchQueue(async () => depth);
    expect(sample(await text(), 'sync_queue_depth')).toBe(7);
    depth = 2;
    expect(sample(await text(), 'sync_queue_depth')).toBe(2);
    metrics.observeLeaseWait(3, 'acquired');
    metrics.observeLeaseWait(0.2, 'acquired');
    metrics.observeLeaseWait(40, 'held');
    const after = await text();
    expect(sample(after, 'sync_lease_wait_seconds_count{outcome="acquired"}')).toBe(2);
    expect(sample(after, 'sync_lease_wait_seconds_sum{outcome="acquired"}')).toBeCloseTo(3.2);
    expect(sample(after, 'sync_lease_wait_seconds_bucket{le="0.5",outcome="acquired"}')).toBe(1);
    expect(sample(after, 'sync_lease_wait_seconds_count{outcome="held"}')).toBe(1);
  });
});
