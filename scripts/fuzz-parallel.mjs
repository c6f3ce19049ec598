// `npm run fuzz`: the API fuzz (test/server/api-fuzz) in FUZZ_PARALLEL shards at once, each a jest
// process with its own in-process server driven through Fastify's `inject` (no sockets), then one
// summary: inputs and statuses per endpoint, inputs per second, 5xx count, worst request time.
//
// FUZZ_RUNS inputs per endpoint (default 100,000); FUZZ_PARALLEL shards (default 2: this machine's
// cores); FUZZ_SECONDS_PER_ENDPOINT a time box per endpoint (default 60; 0 = none), so the run stops
// by itself — about endpoints × 60 s / shards (~40 min for 80 endpoints on 2 shards) — and still
// reports what it did. The facade's rate limit and the embedded Graph's throttling are off, so no
// input is answered 429 instead of being handled. Exit 1 when a shard failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const parallel = Math.max(1, Number(process.env.FUZZ_PARALLEL ?? 2));
const runs = process.env.FUZZ_RUNS ?? '100000';
const secondsPerEndpoint = process.env.FUZZ_SECONDS_PER_ENDPOINT ?? '60';
const dir = mkdtempSync(join(tmpdir(), 'bcsync-fuzz-report-'));
const started = Date.now();

/** One shard: resolves with its exit code. */
function shard(k) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        'node_modules/jest/bin/jest.js',
        '--testTimeout=86400000',
        'test/server/api-fuzz',
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          FUZZ_RUNS: runs,
          FUZZ_SECONDS_PER_ENDPOINT: secondsPerEndpoint,
          FUZZ_REPORT: '1',
          FUZZ_SHARD: `${k}/${parallel}`,
          FUZZ_REPORT_FILE: join(dir, `${k}.json`),
          FUZZ_TIMEOUT_MS: process.env.FUZZ_TIMEOUT_MS ?? '86400000',
        },
      },
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const codes = await Promise.all(Array.from({ length: parallel }, (_, k) => shard(k)));
const reports = [];
for (let k = 0; k < parallel; k++) {
  try {
    reports.push(JSON.parse(readFileSync(join(dir, `${k}.json`), 'utf8')));
  } catch {
    // A shard that ended before its report: its exit code says so below.
  }
}
rmSync(dir, { recursive: true, force: true });
const rows = reports.flatMap((r) => r.rows);
const inputs = rows.reduce((n, r) => n + r.inputs, 0);
const wallMs = Date.now() - started;
const worst = rows.reduce((a, b) => (a === null || b.worstMs > a.worstMs ? b : a), null);
console.log(
  JSON.stringify(
    {
      shards: parallel,
      shardExitCodes: codes,
      endpoints: rows.length,
      inputsPerEndpoint: {
        asked: Number(runs),
        min: Math.min(...rows.map((r) => r.inputs)),
        max: Math.max(...rows.map((r) => r.inputs)),
      },
      secondsPerEndpoint: Number(secondsPerEndpoint),
      totalInputs: inputs,
      throttled: rows.reduce((n, r) => n + (r.statuses['429'] ?? 0), 0),
      wallSeconds: Math.round(wallMs / 1000),
      inputsPerSecond: Math.round((inputs / Math.max(1, wallMs)) * 1000 * 10) / 10,
      fiveHundreds: rows.reduce((n, r) => n + r.fiveHundreds, 0),
      worstMs: worst?.worstMs ?? null,
      worstEndpoint: worst?.endpoint ?? null,
      worstInput: worst?.worstInput ?? null,
      slowestFilterEvaluation:
        reports.map((r) => r.slowestFilterEvaluation).sort((a, b) => b.ms - a.ms)[0] ?? null,
      rows: rows.map(({ endpoint, inputs: n, statuses, fiveHundreds, worstMs, perSecond }) => ({
        endpoint,
        inputs: n,
        statuses,
        fiveHundreds,
        worstMs,
        perSecond,
      })),
    },
    null,
    1,
  ),
);
process.exit(codes.every((c) => c === 0) ? 0 : 1);
