/**
 * `node --import tsx bench/suite/batch-cpu.ts [N]`: the CPU the facade's process (from /proc) and
 * its database's backends use per `$batch` of a sync's BC writes — 5 PATCHes of distinct contacts
 * (If-Match *) and 4 creates — on PostgreSQL at 127.0.0.1 (user postgres), N batches of each after
 * 30 to warm up. CPU, unlike wall time, holds still on a shared, busy machine (issue 12 figures).
 * With BENCH_CPU_PROF=<dir> the facade writes a V8 CPU profile there (processes.ts).
 */
import pg from 'pg';
import { BENCH_BC_USER, createCompany } from './bc-data.js';
import { cpuMsOf, meterDatabaseCpu, startChild } from './processes.js';

const N = Number(process.argv[2] ?? 200);
const admin = new pg.Client({
  connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
await admin.connect();
const name = `bench_batch_cpu_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${name}`;
const facade = await startChild<{ url: string; pid: number }>('bench/suite/facade-main.ts', [
  url.toString(),
  // No Graph call is made: the facade only needs an address for it.
  'http://127.0.0.1:9',
]);
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
try {
  const cid = await createCompany(pool, 'Batch CPU', 2000);
  const tokenUrl = `${facade.info.url}/dev/token?user=${encodeURIComponent(BENCH_BC_USER)}`;
  const { access_token: token } = (await (await fetch(tokenUrl)).json()) as { access_token: string };
  const ids = (
    await pool.query<{ id: string }>(
      'SELECT id::text FROM bc_contacts WHERE company_id = $1 ORDER BY number',
      [cid],
    )
  ).rows.map((r) => r.id);
  const send = async (requests: unknown[]): Promise<void> => {
    const r = await fetch(`${facade.info.url}/api/v2.0/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests }),
    });
    const b = (await r.json()) as { responses?: { status: number }[] };
    if (!b.responses || b.responses.some((x) => x.status >= 300))
      throw new Error(`$batch answered: ${JSON.stringify(b).slice(0, 300)}`);
  };
  const patches = (k: number) =>
    Array.from({ length: 5 }, (_, j) => ({
      id: String(j),
      method: 'PATCH',
      url: `companies(${cid})/contacts(${ids[(k * 5 + j) % ids.length]!})`,
      headers: { 'if-match': '*', 'content-type': 'application/json' },
      body: { jobTitle: `Title ${k}` },
    }));
  const creates = (k: number) =>
    Array.from({ length: 4 }, (_, j) => ({
      id: String(j),
      method: 'POST',
      url: `companies(${cid})/contacts`,
      headers: { 'content-type': 'application/json' },
      body: { type: 'Person', displayName: `New ${k} ${j}`, email: `new${k}.${j}@example.com` },
    }));
  for (let k = 0; k < 30; k++) await send(patches(k));
  for (const [label, make] of [
    ['5 PATCHes', patches],
    ['4 creates', creates],
  ] as const) {
    const db = meterDatabaseCpu(name, 50);
    const c0 = cpuMsOf(facade.info.pid);
    const t0 = performance.now();
    for (let k = 0; k < N; k++) await send(make(k + 100));
    const wall = performance.now() - t0;
    const facadeMs = cpuMsOf(facade.info.pid) - c0;
    const dbMs = db.stop();
    process.stdout.write(
      `${label}: facade CPU ${(facadeMs / N).toFixed(2)} ms/batch, database CPU ${(dbMs / N).toFixed(2)} ms/batch, wall ${(wall / N).toFixed(1)} ms/batch (N=${N})\n`,
    );
  }
} finally {
  await pool.end();
  await facade.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
