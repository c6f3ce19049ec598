/**
 * `npm run bench:schedule` (issue 12 §3): scheduled delta runs with 1% of BC changed, as runs per
 * minute with 1 and with 3 facade processes on one PostgreSQL (and one Graph emulator on loopback),
 * and the scaling ratio. Each round makes every user due at once and times until every user's run
 * of that round succeeded. Sizes: BENCH_USERS (default 20; the figure is 500) and
 * BENCH_CONTACTS (default 20; the is 200). Not a test: figures only.
 */
import { ScheduleCluster } from '../test/support/schedule-cluster.js';

const USERS = Number(process.env.BENCH_USERS ?? 20);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cluster = await ScheduleCluster.create({
  users: USERS,
  contacts: CONTACTS,
  scheduleMinutes: 60,
  tickSeconds: 1,
});

/** Makes every user due and waits (bounded) until each has `round` succeeded scheduled runs; ms. */
async function round(n: number): Promise<number> {
  await cluster.makeDue();
  const t0 = performance.now();
  for (let i = 0; i < 36_000; i++) {
    const runs = await cluster.scheduledRuns();
    const done = new Map<string, number>();
    for (const r of runs) if (r.status === 'succeeded') done.set(r.userId, (done.get(r.userId) ?? 0) + 1);
    if (cluster.users.every((u) => (done.get(u) ?? 0) >= n)) return performance.now() - t0;
    await pause(100);
  }
  throw new Error(`round ${n} did not finish`);
}

/** 1% of the company's BC contacts changed (at least one). */
async function changeOnePercent(tag: string): Promise<void> {
  const k = Math.max(1, Math.round(CONTACTS / 100));
  await cluster.store.db.query(
    `UPDATE bc_contacts SET job_title = $2, row_version = row_version + 1, last_modified = now()
      WHERE id IN (SELECT id FROM bc_contacts WHERE company_id = $1 ORDER BY random() LIMIT $3)`,
    [cluster.companyId, tag, k],
  );
}

try {
  await cluster.startFacades(1);
  const first = await round(1);
  console.log(
    `first sync of ${USERS} users x ${CONTACTS} contacts, 1 process: ${(first / 1000).toFixed(1)} s`,
  );
  await changeOnePercent('Round 2');
  const one = await round(2);
  await cluster.startFacades(2);
  await changeOnePercent('Round 3');
  const three = await round(3);
  const perMin = (ms: number) => (USERS / ms) * 60_000;
  console.log(
    `delta, 1% changed, 1 process:   ${perMin(one).toFixed(0)} runs/min (${(one / 1000).toFixed(1)} s)`,
  );
  console.log(
    `delta, 1% changed, 3 processes: ${perMin(three).toFixed(0)} runs/min (${(three / 1000).toFixed(1)} s)`,
  );
  console.log(`scaling ratio 3 / 1: ${(perMin(three) / perMin(one)).toFixed(2)}`);
} finally {
  await cluster.close();
}
