/**
 * State list benchmark (not a test, F46): the cost of one page of a scope's links, skipped
 * contacts and conflicts through the facade's routes (`app.inject`, no network), with the scope
 * holding BENCH_LINKS links and as many skipped entries and conflicts (default 30,000, the
 * tester's scope). Stored in PGlite, or in PostgreSQL when BENCH_DATABASE_URL is set (a database
 * this script creates and drops). Prints the median of BENCH_REPEATS requests per route (ms).
 */
import { silentLogger } from '../src/core/ports.js';
import type { ConflictEntry, SkipEntry, SyncScope } from '../src/core/ports.js';
import type { Link } from '../src/core/link.js';
import { emptySyncFields } from '../src/core/model.js';
import { ManualClock } from '../src/fakes/manual-clock.js';
import { buildApp } from '../src/server/app.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from '../src/server/auth/dev-issuer.js';
import { loadConfig } from '../src/server/config.js';
import type { FacadeContext } from '../src/server/context.js';
import { openPglite, openPostgres } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../src/store/sql-state-store.js';

const N = Number(process.env.BENCH_LINKS ?? 30_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const UPN = 'bench@contoso.com';
const FOLDER = 'folder-1';

async function openDb(): Promise<{ db: Db; engine: string; drop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return { db: await openPglite(), engine: 'PGlite', drop: async () => undefined };
  const name = `bench_state_lists_${process.pid}`;
  const admin = await openPostgres(url);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString());
  return {
    db,
    engine: 'PostgreSQL',
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

const id = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

async function fill(store: SqlSyncStateStore, scope: SyncScope): Promise<void> {
  for (let start = 0; start < N; start += 1000) {
    const links: Link[] = [];
    const skipped: SkipEntry[] = [];
    const conflicts: ConflictEntry[] = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const base = { ...emptySyncFields(), displayName: `Contact ${i}`, email: `c${i}@example.com` };
      links.push({
        bcId: id(i),
        outlookId: `AAMk-${i}`,
        base,
        bcEtag: `W/"${i}"`,
        outlookChangeKey: `ck${i}`,
      });
      skipped.push({
        key: `bc:${id(i)}`,
        record: {
          side: 'bc',
          bcId: id(i),
          bcNumber: `CT${i}`,
          outlookId: '',
          displayName: `Contact ${i}`,
          reason: { kind: 'missingEmail' },
        },
      });
      conflicts.push({
        bcId: id(i),
        outlookId: `AAMk-${i}`,
        record: {
          kind: 'fields',
          displayName: `Contact ${i}`,
          fields: [{ field: 'city', base: '', bc: 'Oslo', outlook: 'Paris', winner: 'none' }],
        },
      } as ConflictEntry);
    }
    await store.upsertLinks(scope, links);
    await store.putSkipped(scope, skipped, { replace: false });
    await store.putConflicts(scope, conflicts, []);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  const { db, engine, drop } = await openDb();
  try {
    await migrate(db);
    const store = new SqlSyncStateStore(db);
    const issuer = await createDevIssuer();
    const user = devUserKey(UPN);
    const scope = { userId: user, folderId: FOLDER };
    let started = performance.now();
    await fill(store, scope);
    const fillMs = performance.now() - started;
    await store.putSettings(user, {
      ...(await import('../src/core/records.js')).DEFAULT_SETTINGS,
    });
    await store.putCursor(scope, { bcDeltaLink: null, deltaLink: null, filterKey: '[]' });
    const loaded = loadConfig({ HTTPS: '0', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const ctx: FacadeContext = {
      config: loaded.config,
      db,
      stateStore: store,
      verifyToken: devTokenVerifier(issuer),
      devIssuer: issuer,
      clock: new ManualClock(),
      logger: silentLogger,
    };
    const app = await buildApp({ ctx, fastify: { bodyLimit: 10 * 1024 * 1024 } });
    await app.ready();
    const authorization = `Bearer ${await issuer.userToken(UPN, 'facade')}`;
    const q = `userId=${encodeURIComponent(user)}&folderId=${FOLDER}`;
    const routes = [
      `/sync/v1/state/links?${q}&limit=1`,
      `/sync/v1/state/links?${q}&limit=1000`,
      `/sync/v1/state/links?${q}&limit=1&after=${encodeURIComponent(id(Math.floor(N / 2)))}`,
      `/sync/v1/state/skipped?${q}&limit=1`,
      `/sync/v1/state/conflicts?${q}&limit=1`,
    ];
    console.log(
      `${engine}: ${N} links, skipped entries and conflicts in one scope (filled in ${Math.round(fillMs)} ms)`,
    );
    console.log('| route | status | body bytes | median ms | all ms |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const url of routes) {
      const times: number[] = [];
      let status = 0;
      let bytes = 0;
      for (let r = 0; r < REPEATS; r++) {
        started = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { authorization } });
        times.push(performance.now() - started);
        status = res.statusCode;
        bytes = res.body.length;
      }
      const shown = url.replace(q, '…').replace(/after=[^&]+/, 'after=<middle>');
      console.log(
        `| GET ${shown} | ${status} | ${bytes} | ${median(times).toFixed(1)} | ${times.map((t) => t.toFixed(0)).join(', ')} |`,
      );
    }
    await app.close();
  } finally {
    await db.close();
    await drop();
  }
}

await main();
