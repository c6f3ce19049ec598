/**
 * `node --expose-gc --import tsx test/support/gc-metrics-main.ts`: the product (dev mode, PGlite)
 * in a process of its own, sent the requests that once polluted Object.prototype (every prototype
 * name as the mailbox an app-only caller names), then collected garbage and scraped: prints one
 * JSON line of what /metrics said. Before the fix it died at the first collection, uncaught
 * (test/server/gc-metrics).
 */
import { startQuietServer } from './quiet-server.js';

const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const server = await startQuietServer('bcsync-gc-');
try {
  const issuer = server.ctx.devIssuer!;
  const tokens = [await issuer.appToken('graph', ['Contacts.ReadWrite']), await issuer.appToken('graph', [])];
  const statuses: number[] = [];
  for (const name of PROTOTYPE_NAMES)
    for (const token of tokens) {
      const res = await server.app.inject({
        url: `/graph/v1.0/users/${encodeURIComponent(name)}/contacts`,
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(res.statusCode);
    }
  // Collections of both kinds; the GC observer's entries are dispatched on a later turn, and
  // prom-client 15.1.3 (metrics/gc.js) observes only the first entry of each dispatched list: a minor
  // collection dispatched with a major one in the same list (a loaded machine) hides the major. So
  // rounds go on until /metrics has counted 5 major collections, at most 100 rounds.
  const majorCount = async () => {
    const metrics = await server.app.inject({ url: '/metrics' });
    const major = /^nodejs_gc_duration_seconds_count\{kind="major"\} (\d+)$/m.exec(metrics.body);
    return { metrics, major: major ? Number(major[1]) : 0 };
  };
  let scraped = await majorCount();
  let rounds = 0;
  for (; rounds < 100 && scraped.major < 5; rounds++) {
    let garbage: unknown[] = [];
    for (let i = 0; i < 20_000; i++) garbage.push({ i, s: `x${i}` });
    garbage = [];
    gc();
    // A few turns, not a sleep (test/lint/load-margins): the observer's entries come on a later one.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    scraped = await majorCount();
  }
  const { metrics } = scraped;
  const collections = [
    ...metrics.body.matchAll(/^nodejs_gc_duration_seconds_count\{kind="(\w+)"\} (\d+)$/gm),
  ];
  const inherited: string[] = [];
  for (const key in {}) inherited.push(key);
  console.log(
    JSON.stringify({
      statuses: [...new Set(statuses)].sort(),
      metricsStatus: metrics.statusCode,
      gcByKind: Object.fromEntries(collections.map((m) => [m[1], Number(m[2])])),
      inherited,
      rounds,
    }),
  );
} finally {
  await server.close();
}
