import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { pollUntil } from '../support/poll.js';

const ANN = devUserKey('ann@contoso.com');
const BOB = devUserKey('bob@contoso.com');

// The scheduled sync (design §2): pg-boss on the embedded store hands a due user's delta run to a worker.

describe('scheduled sync (pg-boss on PGlite)', () => {
  let server: QuietServer;

  beforeAll(async () => {
    server = await startQuietServer('bcsync-sched-', { overrides: { scheduler: true } });
  });

  afterAll(async () => {
    await server?.close();
  });

  test('a user whose interval has passed gets one scheduled delta run; the next is due an interval later', async () => {
    const store = server.ctx.stateStore;
    await store.putSettings(ANN, { ...DEFAULT_SETTINGS, scheduleMinutes: 30 });
    await store.putSettings(BOB, { ...DEFAULT_SETTINGS, scheduleMinutes: 0 });
    const scheduler = server.scheduler!;
    // Settings just saved: the first scheduled run is one interval away, not now (issue 9).
    const saved = await savedAt(ANN);
    expect(await scheduler.nextRunAt(ANN)).toBe(new Date(Date.parse(saved) + 30 * 60_000).toISOString());
    expect(await scheduler.tick()).toBe(0);
    expect(await store.listRuns(ANN, 5)).toEqual([]);
    // The settings were saved 31 minutes ago: the interval has passed.
    await server.ctx.db.query(
      `UPDATE sync_settings SET updated_at = updated_at - interval '31 minutes' WHERE user_id = $1`,
      [ANN],
    );
    expect(await scheduler.tick()).toBe(1);
    // pg-boss workers poll every 2 s; wait for the run's record (a bounded poll, test/support/poll).
    const runs = await pollUntil(
      'scheduled run ended',
      async () => {
        const listed = await store.listRuns(ANN, 5);
        return listed.some((r) => r.trigger === 'schedule' && r.status !== 'running') ? listed : undefined;
      },
      { everyMs: 500 },
    );
    const scheduled = runs.find((r) => r.trigger === 'schedule');
    expect(scheduled).toMatchObject({ mode: 'delta', trigger: 'schedule', status: 'succeeded' });
    expect(scheduled!.counts.outlook.created).toBeGreaterThan(0);
    // /metrics: the run's wait for its lease is observed once the worker has its record (bounded poll).
    const waits = 'sync_lease_wait_seconds_count{outcome="acquired"} ';
    const metrics = await pollUntil('lease wait observed in /metrics', async () => {
      const body = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
      return body.includes(waits) ? body : undefined;
    });
    expect(metrics).toContain(`${waits}1\n`);
    expect(metrics).toContain('sync_queue_depth 0\n');
    expect(await store.listRuns(BOB, 5)).toEqual([]);
    const next = await scheduler.nextRunAt(ANN);
    expect(Date.parse(next!) - Date.parse(scheduled!.startedAt)).toBe(30 * 60_000);
    expect(await scheduler.tick()).toBe(0);
    expect(await scheduler.nextRunAt(BOB)).toBeNull();
  });

  async function savedAt(userId: string): Promise<string> {
    const { rows } = await server.ctx.db.query<{ updated_at: string | Date }>(
      'SELECT updated_at FROM sync_settings WHERE user_id = $1',
      [userId],
    );
    return new Date(rows[0]!.updated_at).toISOString();
  }
});
