/**
 * Two builds of the planner compared in one process on the same 100,000 × 100,000 inputs
 * (core-plan-input.ts), their warm plans interleaved: `BENCH_AB_BASE=<checkout> node --expose-gc
 * --import tsx bench/core-plan-ab.ts` compares that checkout's planner (A) with this one's (B).
 * Not a benchmark of its own: the check behind a planner change's CPU figure on a loaded machine
 * (issue 12). Four runs of bench:core on one build at load 17–22 gave warm minimums of 520–653 ms;
 * rounds of A then B, a few seconds apart, share the load they meet. Even so, two builds whose hot
 * paths are the same code gave B/A medians of 0.95–1.05 from run to run, and swapping A and B moved
 * it by as much: run it both ways, and read a change under 5% as none. Each build's first plan is
 * printed too, but the second runs with the inputs already in the caches: compare first plans with
 * bench:core. Also prints both plans' SHA-256 (core-plan-profile's hash): a faster planner plans the same.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPlanInput, fullSyncInput } from './core-plan-input.js';
import { compiledCore } from './compiled-core.js';
import type { CoreApi } from './compiled-core.js';

const base = process.env.BENCH_AB_BASE;
if (!base || !existsSync(resolve(base, 'src/core/planner.ts')))
  throw new Error('BENCH_AB_BASE: the checkout to compare with (a directory holding src/core/planner.ts)');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc: each plan starts from a collected heap');
const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 8);

const builds = {
  A: await compiledCore('core-plan-ab-a', resolve(base)),
  B: await compiledCore('core-plan-ab-b'),
};
const input = buildPlanInput(N, gc);
/** Each build's own plan input: its compiled filter is its own code's. */
function planInputOf(core: CoreApi) {
  const compiled = core.compileFilter({ city: "<>Stockholm&<>''" });
  if (!compiled.ok) throw new Error('filter');
  return fullSyncInput(input, compiled.filter);
}
const inputs = { A: planInputOf(builds.A), B: planInputOf(builds.B) };

/** A plan's SHA-256 over its JSON, each object's keys sorted (as core-plan-profile's hash mode). */
function planHash(plan: unknown): string {
  const sorted = (_key: string, value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return createHash('sha256').update(JSON.stringify(plan, sorted)).digest('hex');
}

/** One plan of a build from a collected heap: its CPU (ms) and the plan. */
function timed(which: 'A' | 'B') {
  gc?.();
  const c0 = process.cpuUsage();
  const plan = builds[which].planSync(inputs[which]);
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, plan };
}

const firstA = timed('A');
const firstB = timed('B');
const hashA = planHash(firstA.plan);
const hashB = planHash(firstB.plan);
console.log(`planner A/B: ${N.toLocaleString('en')} contacts a side; A ${resolve(base)}, B this checkout`);
console.log(
  `  first plans  A ${firstA.cpuMs.toFixed(0)} ms, B ${firstB.cpuMs.toFixed(0)} ms CPU (B's inputs warmer)`,
);
console.log(
  `  plan sha256  A ${hashA.slice(0, 16)}…, B ${hashB.slice(0, 16)}…: ${hashA === hashB ? 'same' : 'DIFFERENT'}`,
);
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(timed('A').cpuMs);
  b.push(timed('B').cpuMs);
}
const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
const ratios = a.map((x, r) => (b[r] ?? 0) / x);
console.log(
  `  warm plans   A min ${Math.min(...a).toFixed(0)} median ${median(a).toFixed(0)} ms, ` +
    `B min ${Math.min(...b).toFixed(0)} median ${median(b).toFixed(0)} ms CPU`,
);
console.log(
  `  B/A          median ${median(ratios).toFixed(2)}; by round ${ratios.map((x) => x.toFixed(2)).join(' ')}`,
);
if (hashA !== hashB) process.exitCode = 1;
