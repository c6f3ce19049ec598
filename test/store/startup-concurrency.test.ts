import { afterAll, describe, test, expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/platform/system-clock.js';
import { startServer } from '../../src/server/main.js';
import { seedDemoCompany } from '../../src/store/demo-seed.js';
import { openPglite } from '../../src/store/db.js';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase } from '../support/postgres.js';
import { ProductProcesses } from '../support/product-process.js';
import { QUIET, freshDataDir } from '../support/quiet-server.js';

/** A shared Graph for processes on one database; start-up never calls it (no run starts). */
const UNUSED_GRAPH = 'http://127.0.0.1:9/v1.0';

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
              ...QUIET,
              databaseUrl: db.url,
              seedDemo: true,
              scheduler: true,
              dataDir,
              // Several processes on one database share one Graph (the embedded one has one owner).
              graphBaseUrl: UNUSED_GRAPH,
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

/**
 * The reported crash as a user meets it: two `npm start` processes of their own (no shared module
 * state, no shared pool) on one empty PostgreSQL database with SEED_DEMO=1 and the scheduler on.
 */
describe('two `npm start` processes on one empty PostgreSQL database', () => {
  const product = new ProductProcesses();
  afterAll(() => product.killAll());

  test('both start and answer /readyz; the demo company and its contacts exist once', async () => {
    const db = await createTestDatabase('bcsync_startproc');
    const dirs = [1, 2].map(() => mkdtempSync(join(tmpdir(), 'bcsync-startproc-')));
    try {
      const env = { DATABASE_URL: db.url, SEED_DEMO: '1', SCHEDULER: '1', GRAPH_BASE_URL: UNUSED_GRAPH };
      const started = await Promise.allSettled(dirs.map((dir) => product.start(dir, env)));
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(failures).toEqual([]);
      const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const ready = await Promise.all(running.map(async (r) => (await fetch(`${r.url}/readyz`)).status));
      expect(ready).toEqual([200, 200]);
      const store = await openStore({ databaseUrl: db.url });
      try {
        const count = async (table: string) =>
          (await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;
        expect(await count('companies')).toBe(1);
        // The demo seed is deterministic: a fresh store seeded alone has the same number of contacts.
        // That store is a copy of the seeded template (openStore + seedDemoCompany alone, built once per
        // machine and named by the seed's code): seeding one here cost initdb, migrations and 208 inserts.
        const aloneDir = await freshDataDir('bcsync-startproc-alone-', { seeded: true });
        dirs.push(aloneDir);
        const alone = await openPglite({ dataDir: join(aloneDir, 'pglite') });
        try {
          const seeded = await alone.query<{ n: number }>('SELECT count(*)::int AS n FROM bc_contacts');
          expect(seeded.rows[0]?.n).toBeGreaterThan(0);
          expect(await count('bc_contacts')).toBe(seeded.rows[0]?.n);
        } finally {
          await alone.close();
        }
      } finally {
        await store.close();
      }
      for (const r of running) expect(await product.stop(r.child, 'SIGTERM')).toBe(0);
    } finally {
      product.killAll();
      await db.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
