/**
 * The planner's first plan and warm plans at 100,000 a side (bench/core-plan-input.ts), measured in
 * figures that do not depend on the machine's load (issue 12). Not a benchmark of its own: the tool
 * behind the figures in the planner's commits. Modes (PROFILE_MODE):
 *
 * - `callgrind`: instructions of the first plan only. Run under
 *     valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.out \
 *       node --single-threaded --expose-gc --import tsx bench/core-plan-profile.ts
 *   Instrumentation is switched on just before planSync and off just after it (callgrind_control,
 *   from a child; the driver spins until the child is done, so the switch lands where it is asked).
 *   --single-threaded puts TurboFan and the GC on the main thread, so they are counted and repeat.
 *   Note: with no sweeper threads, the sweep of the driver's gc() before the plan (~300 M) falls
 *   inside the plan; it is the same for every commit. Add --perf-basic-prof to node and read the
 *   result by kind (TurboFan, GC, interpreter, JavaScript by function) with bench/callgrind-split.ts.
 * - `trace`: the first plan between two marker lines, for --trace-opt --trace-deopt (compiles and
 *   deopts of the plan alone: grep between `=== FIRST PLAN START` and `=== FIRST PLAN END`).
 * - `cpuprofile` (default): the first plan, then PROFILE_WARM warm plans (default 5) under V8's
 *   sampling profiler, written to PROFILE_OUT (default /tmp/core-plan-warm.cpuprofile): self time
 *   by function, load-independent as shares.
 * - `firstprofile`: the first plan alone under V8's sampling profiler, written to PROFILE_OUT
 *   (default /tmp/core-plan-first.cpuprofile): what a first plan spends beyond a warm one.
 * - `heap`: one warm plan under V8's sampling heap profiler (every 4 KB allocated, kept or not):
 *   the bytes each function allocated, top 25, and the plan's total. Load-independent; run with
 *   --no-turbo-inlining to charge a callee's allocations to itself, not to the caller it was inlined in.
 * - `hash`: the first plan's SHA-256, every object's keys in one order (a change of the planner's
 *   code must leave the plan of these 100,000 × 100,000 inputs as it was: compare the hash on the
 *   commits before and after; the inputs are the same on every commit that keeps core-plan-input.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlanInput, fullSyncInput } from './core-plan-input.js';
import { compiledCore } from './compiled-core.js';

const core = await compiledCore('core-plan-profile');
const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
const input = buildPlanInput(N, gc);
const compiled = core.compileFilter({ city: "<>Stockholm&<>''" });
if (!compiled.ok) throw new Error('filter');
const planInput = fullSyncInput(input, compiled.filter);
gc?.();
await new Promise((resolve) => setTimeout(resolve, 300));

/** A plan's SHA-256 over its JSON, each object's keys sorted (a literal's key order is no part of the plan). */
function planHash(plan: unknown): string {
  const sorted = (_key: string, value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return createHash('sha256').update(JSON.stringify(plan, sorted)).digest('hex');
}

/** Callgrind's instrumentation on or off for this process, returning once callgrind has done it. */
function instrument(on: boolean): void {
  const done = join(tmpdir(), `core-plan-profile-${process.pid}-${on ? 'on' : 'off'}`);
  spawn('sh', ['-c', `callgrind_control -i ${on ? 'on' : 'off'} ${process.pid} >/dev/null; touch ${done}`], {
    stdio: 'ignore',
  });
  // Spinning, not waiting: callgrind takes its commands while this process runs code.
  while (!existsSync(done));
  rmSync(done);
}

const mode = process.env.PROFILE_MODE ?? 'cpuprofile';
const summary = (plan: ReturnType<typeof core.planSync>) => JSON.stringify(core.summarizePlan(plan));
if (mode === 'callgrind') {
  instrument(true);
  const plan = core.planSync(planInput);
  instrument(false);
  console.log(`first plan ${summary(plan)}`);
} else {
  console.log('=== FIRST PLAN START');
  const firstSession = mode === 'firstprofile' ? new Session() : null;
  if (firstSession) {
    firstSession.connect();
    await firstSession.post('Profiler.enable');
    await firstSession.post('Profiler.setSamplingInterval', { interval: 200 });
    await firstSession.post('Profiler.start');
  }
  const c0 = process.cpuUsage();
  const first = core.planSync(planInput);
  const c = process.cpuUsage(c0);
  if (firstSession) {
    const { profile } = await firstSession.post('Profiler.stop');
    writeFileSync(process.env.PROFILE_OUT ?? '/tmp/core-plan-first.cpuprofile', JSON.stringify(profile));
  }
  console.log('=== FIRST PLAN END');
  console.log(`first plan ${((c.user + c.system) / 1000).toFixed(0)} ms CPU ${summary(first)}`);
  if (mode === 'hash') console.log(`first plan sha256 ${planHash(first)}`);
  if (mode === 'cpuprofile') {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const warm: number[] = [];
    for (let r = 0; r < Number(process.env.PROFILE_WARM ?? 5); r++) {
      const w0 = process.cpuUsage();
      core.planSync(planInput);
      const w = process.cpuUsage(w0);
      warm.push((w.user + w.system) / 1000);
    }
    const { profile } = await session.post('Profiler.stop');
    const out = process.env.PROFILE_OUT ?? '/tmp/core-plan-warm.cpuprofile';
    writeFileSync(out, JSON.stringify(profile));
    console.log(`warm plans ${warm.map((ms) => ms.toFixed(0)).join(' ')} ms CPU; profile ${out}`);
  }
  if (mode === 'heap') await heapProfile();
}

/** Bytes allocated by function over one warm plan (the `heap` mode); builtins named with their caller. */
async function heapProfile(): Promise<void> {
  gc?.();
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  core.planSync(planInput);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  type Node = typeof profile.head;
  const bytes = new Map<string, number>();
  let total = 0;
  const walk = (node: Node, caller: string): void => {
    const name = `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`;
    const key = node.callFrame.lineNumber < 0 ? `${name} in ${caller}` : name;
    bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child, name);
  };
  walk(profile.head, '');
  console.log(
    `warm plan allocated ${(total / 1e6).toFixed(1)} MB (sampled); by function (line in the esbuild bundle compiled-core.ts builds):`,
  );
  for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(size / 1e6).toFixed(1).padStart(6)} MB  ${key}`);
}
