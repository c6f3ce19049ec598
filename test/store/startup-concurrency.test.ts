import { describe, test, expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/platform/system-clock.js';
import { startServer } from '../../src/server/main.js';
import { seedDemoCompany } from '../../src/store/demo-seed.js';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase } from '../support/postgres.js';

/**
 * Start-up writes to the shared database (migrations, the demo seed, the scheduler's queue schema)
 * are safe when several facade processes start together on one empty PostgreSQL database
 * (issue 12 §3). Each starter has its own connection pool, so the race is a real one in the server.
 */
describe('processes starting together on one empty PostgreSQL database', () => {
  test('every start-up step, three starters at once: all succeed, the data exists once', async () => {
    const db = await createTestDatabase('bcsync_startup');
    try {
      const starters = await Promise.all(
        [1, 2, 3].map(async () => {
          const store = await openStore({ databaseUrl: db.url });
          const seeded = await seedDemoCompany(store.db, systemClock);
          return { store, seeded };
        }),
      );
      try {
        expect(starters.filter((s) => s.seeded.seeded)).toHaveLength(1);
        const { db: one } = starters[0]!.store;
        expect(await schemaVersion(one)).toBe(LATEST_SCHEMA_VERSION);
        const companies = await one.query<{ n: number }>('SELECT count(*)::int AS n FROM companies');
        expect(companies.rows[0]?.n).toBe(1);
        const contacts = await one.query<{ n: number }>('SELECT count(*)::int AS n FROM bc_contacts');
        const first = starters.find((s) => s.seeded.seeded)!.seeded;
        expect(contacts.rows[0]?.n).toBe(first.contacts);
      } finally {
        await Promise.all(starters.map((s) => s.store.close()));
      }
    } finally {
      await db.drop();
    }
  });

  test('two servers with SEED_DEMO=1 and the scheduler on start together (the reported crash)', async () => {
    const db = await createTestDatabase('bcsync_startup');
    const dirs = [1, 2].map(() => mkdtempSync(join(tmpdir(), 'bcsync-startup-')));
    try {
      const started = await Promise.allSettled(
        dirs.map((dataDir) =>
          startServer({
            env: {},
            overrides: {
              port: 0,
              https: false,
              buildPane: false,
              logLevel: 'silent',
              databaseUrl: db.url,
              seedDemo: true,
              scheduler: true,
              dataDir,
            },
            announce: false,
          }),
        ),
      );
      const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
        expect(failures).toEqual([]);
        const res = await Promise.all(servers.map((s) => fetch(`${s.url}/healthz`)));
        expect(res.map((r) => r.status)).toEqual([200, 200]);
      } finally {
        for (const s of servers) await s.close();
      }
    } finally {
      await db.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
