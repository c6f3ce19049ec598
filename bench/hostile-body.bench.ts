/**
 * F91 figures (issue 10 §3): server CPU per hostile request and /healthz latency while they arrive,
 * against the `npm start` product (facade + embedded Graph) in this process. Prints figures;
 * `npm run bench:hostile` (PORT default 3107, HOSTILE_CONCURRENCY default 4).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer } from '../src/server/main.js';

const PORT = Number(process.env.PORT ?? 3107);
const CONCURRENCY = Number(process.env.HOSTILE_CONCURRENCY ?? 4);

/** 800,000 keys, about 8 MB: the tester's body (F91). */
function manyKeys(keys = 800_000): string {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":1`);
  return `{${parts.join(',')}}`;
}

const dir = mkdtempSync(join(tmpdir(), 'bcsync-hostile-'));
const server = await startServer({
  env: { DATA_DIR: dir },
  overrides: { port: PORT, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
});
const issuer = server.ctx.devIssuer!;
const facadeToken = await issuer.userToken('mallory@contoso.com', 'facade');
const graphToken = await issuer.userToken('mallory@contoso.com', 'graph');
const body = manyKeys();
const base = server.url;

const targets: Array<[string, string, string | null]> = [
  ['POST', '/sync/v1/no-such-route', facadeToken],
  ['POST', '/sync/v1/match-preview', facadeToken],
  ['PUT', '/sync/v1/settings', facadeToken],
  ['POST', '/api/v2.0/$batch', facadeToken],
  ['POST', '/sync/v1/runs', null],
  ['POST', '/graph/v1.0/me/contacts', graphToken],
  ['POST', '/graph/v1.0/nowhere', graphToken],
  ['POST', '/graph/v1.0/me/contacts', null],
];

// The client is curl, another process: this process's CPU is the server's alone.
const bodyFile = join(dir, 'body.json');
writeFileSync(bodyFile, body);
function send(method: string, path: string, token: string | null): Promise<number> {
  const args = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-X',
    method,
    '-H',
    'content-type: application/json',
  ];
  if (token) args.push('-H', `authorization: Bearer ${token}`);
  args.push('--data-binary', `@${bodyFile}`, base + path);
  return new Promise((resolve) => execFile('curl', args, (_e, out) => resolve(Number(out) || 0)));
}

console.log(`body: ${(body.length / 1e6).toFixed(1)} MB, 800,000 keys; ${base}`);
for (const [method, path, token] of targets) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const status = await send(method, path, token);
  const used = process.cpuUsage(cpu);
  console.log(
    `${method} ${path} ${token ? 'signed in' : 'no token'}: ${status}, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, wall ${(performance.now() - t).toFixed(0)} ms`,
  );
}

// /healthz while CONCURRENCY hostile requests arrive at once.
const health = async (): Promise<number> => {
  const t = performance.now();
  await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
  return performance.now() - t;
};
const idle = await health();
const hostile = Array.from({ length: CONCURRENCY }, (_, i) => {
  const [m, p, tk] = targets[i % targets.length]!;
  return send(m, p, tk);
});
const samples: number[] = [];
let done = false;
const all = Promise.all(hostile).then(() => (done = true));
while (!done) samples.push(await health());
await all;
console.log(
  `/healthz idle ${idle.toFixed(0)} ms; under ${CONCURRENCY} hostile requests: ${samples.length} samples, worst ${Math.max(...samples).toFixed(0)} ms, median ${samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!.toFixed(0)} ms`,
);
await server.close();
rmSync(dir, { recursive: true, force: true });
