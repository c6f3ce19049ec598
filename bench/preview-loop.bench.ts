/**
 * F89 figures (issue 10 §3): /healthz latency while bulk reads run at company scale. The `npm start`
 * product (facade + embedded Graph, PGlite unless DATABASE_URL) in this process; CONTACTS BC contacts
 * (default 26,308, the tester's company) in the demo company, OUTLOOK_CONTACTS (default 0) more in the
 * demo user's sync folder (the folder preview reads, plans and counts them); PREVIEWS requests at once (default 4)
 * of each route of ROUTE (a comma list; default every bulk route: match-preview, folder-preview,
 * bc-list (one page of the BC API, up to 1,000 mapped), dry-run (a full dry run: read, plan, then
 * its plan as JSON from GET /runs/{id}/plan)). /healthz is asked every 20 ms meanwhile; the loop's
 * own delay is sampled too: its max is the worst time the loop was held in one piece. Prints a
 * line per round and a table at the end; `npm run bench:preview-loop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { startServer } from '../src/server/main.js';
import { DEMO_USER } from '../src/server/embedded/demo-mailbox.js';
import { DEMO_COMPANY_ID } from '../src/store/demo-seed.js';
import { devObjectId } from '../src/server/auth/dev-issuer.js';

const PORT = Number(process.env.PORT ?? 3107);
const CONTACTS = Number(process.env.CONTACTS ?? 26_308);
const OUTLOOK_CONTACTS = Number(process.env.OUTLOOK_CONTACTS ?? 0);
const PREVIEWS = Number(process.env.PREVIEWS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const ROUTES = (process.env.ROUTE ?? 'match-preview,folder-preview,bc-list,dry-run').split(',');

const dir = mkdtempSync(join(tmpdir(), 'bcsync-preview-loop-'));
const server = await startServer({
  env: { DATA_DIR: dir, ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) },
  overrides: { port: PORT, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
});
const db = server.ctx.db;
const seedStart = performance.now();
await db.query(
  `INSERT INTO bc_contacts (id, company_id, number, type, display_name, first_name, surname, email,
     job_title, company_name, city, postal_code, country, last_modified)
   SELECT gen_random_uuid(), $1, 'LT' || lpad(i::text, 6, '0'), 'Person', 'Load Contact ' || i, 'Load',
     i::text, 'load' || i || '@example.com', 'Buyer', 'Contoso Ltd.',
     (ARRAY['London','Paris','Oslo','Copenhagen','Helsinki','Milan'])[1 + i % 6], (1000 + i % 9000)::text,
     'DK', now() - interval '1 day'
   FROM generate_series(1, $2::int) AS i`,
  [DEMO_COMPANY_ID, CONTACTS],
);
console.log(`seeded ${CONTACTS} BC contacts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
// Half of them the BC contacts' e-mails (matched), half new to BC.
server.graph?.emulator.seed({
  mailboxes: [
    {
      id: devObjectId(DEMO_USER),
      folders: [
        {
          displayName: 'Business Central',
          contacts: Array.from({ length: OUTLOOK_CONTACTS }, (_, k) => {
            const i = k + 1;
            const email = i % 2 === 0 && i <= CONTACTS ? `load${i}@example.com` : `outlook${i}@example.net`;
            return {
              givenName: 'Outlook',
              surname: String(i),
              displayName: `Outlook ${i}`,
              companyName: 'Fabrikam',
              emailAddresses: [{ address: email, name: `Outlook ${i}` }],
            };
          }),
        },
      ],
    },
  ],
});
if (OUTLOOK_CONTACTS > 0) console.log(`seeded ${OUTLOOK_CONTACTS} Outlook contacts in the sync folder`);

const token = await server.ctx.devIssuer!.userToken(DEMO_USER, 'facade');
const auth = { authorization: `Bearer ${token}` };
const base = server.url;

const json = { ...auth, 'content-type': 'application/json' };

/** A full dry run to its end, then its plan (the preview's JSON): the last answer. */
async function dryRun(): Promise<Response> {
  const started = await fetch(`${base}/sync/v1/runs`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ mode: 'full', dryRun: true }),
  });
  if (started.status !== 202) return started;
  const { run } = (await started.json()) as { run: { id: string } };
  for (;;) {
    const r = await fetch(`${base}/sync/v1/runs/${run.id}`, { headers: auth });
    // The run's record, bare or as `{ run }`.
    const body = (await r.json()) as { status?: string; run?: { status: string } };
    if ((body.run ?? body).status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return fetch(`${base}/sync/v1/runs/${run.id}/plan`, { headers: auth });
}

/** One bulk request of ROUTE; its status and time. */
async function bulk(ROUTE: string): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const r =
    ROUTE === 'dry-run'
      ? await dryRun()
      : ROUTE === 'bc-list'
        ? await fetch(`${base}/api/v2.0/companies(${DEMO_COMPANY_ID})/contacts`, { headers: auth })
        : ROUTE === 'folder-preview'
          ? await fetch(`${base}/sync/v1/folder-preview`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ folderName: 'Business Central' }),
            })
          : await fetch(`${base}/sync/v1/match-preview`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ filter: { name: '*7*|*3?*', city: 'London|Paris|Oslo' } }),
            });
  await r.arrayBuffer();
  return { status: r.status, ms: performance.now() - t };
}

const health = async (): Promise<number> => {
  const t = performance.now();
  await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
  return performance.now() - t;
};
const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/**
 * The most CPU (process-wide, ms) one turn of the event loop took while `until` is unsettled: a
 * setImmediate chain runs once per turn, so the CPU between two of its runs is that turn's work.
 * Unlike the loop's delay it does not grow with the machine's load (other processes' CPU).
 */
function worstTurnCpu(until: Promise<unknown>): Promise<number> {
  let settled = false;
  void until.finally(() => (settled = true));
  return new Promise((resolve) => {
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let last = cpu();
    let worst = 0;
    const turn = () => {
      const now = cpu();
      worst = Math.max(worst, now - last);
      last = now;
      if (settled) resolve(worst);
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
}

const table: string[] = [];
for (const ROUTE of ROUTES) {
  const alone = await bulk(ROUTE);
  console.log(`one ${ROUTE} alone: ${alone.status} in ${alone.ms.toFixed(0)} ms`);
  let worstBlock = 0;
  let worstHealth = 0;
  let worstCpu = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const samples: number[] = [];
    let done = false;
    const started = performance.now();
    const all = Promise.all(Array.from({ length: PREVIEWS }, () => bulk(ROUTE))).then((r) => {
      done = true;
      return r;
    });
    const turnCpu = worstTurnCpu(all);
    while (!done) {
      samples.push(await health());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const results = await all;
    const cpuMs = await turnCpu;
    lag.disable();
    const statuses = results.map((r) => r.status).join(',');
    console.log(
      `round ${round}: ${PREVIEWS} × ${ROUTE} at ${CONTACTS} contacts (${statuses}) in ${(performance.now() - started).toFixed(0)} ms` +
        ` (slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms); /healthz ${samples.length} samples:` +
        ` p50 ${pct(samples, 50).toFixed(0)} ms, p99 ${pct(samples, 99).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms;` +
        ` loop delay max ${(lag.max / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms;` +
        ` worst turn ${cpuMs.toFixed(0)} ms CPU; load ${loadavg()[0]!.toFixed(1)}`,
    );
    worstBlock = Math.max(worstBlock, lag.max / 1e6);
    worstCpu = Math.max(worstCpu, cpuMs);
    worstHealth = Math.max(worstHealth, pct(samples, 99));
  }
  table.push(
    `| ${ROUTE} | ${alone.ms.toFixed(0)} | ${worstBlock.toFixed(0)} | ${worstCpu.toFixed(0)} | ${worstHealth.toFixed(0)} | ${loadavg()[0]!.toFixed(0)} |`,
  );
}
console.log(
  `\n${CONTACTS} BC contacts, ${OUTLOOK_CONTACTS} Outlook contacts, ${PREVIEWS} at once, ${ROUNDS} rounds`,
);
console.log('| route | alone ms | worst loop block ms | worst turn CPU ms | /healthz p99 ms | load |');
console.log('|---|---|---|---|---|---|');
for (const row of table) console.log(row);
await server.close();
rmSync(dir, { recursive: true, force: true });
