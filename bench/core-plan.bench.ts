/**
 * Planner benchmark (not a test): a full sync of 100,000 contacts per side, its inputs made as a
 * run makes them (core-plan-input.ts). Target (issue 12): under 0.5 s of CPU and under 300 MB.
 *
 * How the target is read (printed with the figures): CPU is the first plan's, JIT warm-up
 * included, as a server's first run at this size. Memory is the process's peak RSS over its idle
 * baseline (this process with the planner loaded, before any input), the inputs included: a
 * planner cannot plan 100,000 × 100,000 without holding both sides and the links, and issue 12
 * reads the engine's memory the same way ("over its idle baseline"). The planner's own share
 * above its inputs is shown apart, never as the target's figure.
 * Memory is reported in parts: the idle baseline, the inputs' heap and RSS, the planner's own
 * high-water mark above them (sampled between its steps), what the plan keeps, the peak, and the
 * inputs' heap by kind (links, Outlook contacts, BC contacts).
 *
 * The first plan's CPU depends on how much of a core V8's background compiler gets: while it waits
 * for one, the main thread goes on running the planner unoptimized. At load 19–27 on this 2-core
 * machine (interleaved, same commit) it was 1,101 / 1,242 / 1,132 ms as run here and
 * 985 / 989 / 975 ms with `--no-concurrent-recompilation` (compiles on the main thread at once),
 * warm plans alike. A first plan that moves by 100–400 ms between runs is this, not the planner.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { buildPlanInput, fullSyncInput } from './core-plan-input.js';
import { compiledCore } from './compiled-core.js';
import { machineReferenceMs } from './machine-reference.js';

const { compileFilter, summarizePlan, planInSteps, planSync } = await compiledCore('core-plan');

const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
/** How long the bench waits after its gc() before the first plan (the sweep, see below). */
const SETTLE_MS = 200;
const gc = (globalThis as { gc?: () => void }).gc;

gc?.();
/** The process idle: runtime, harness and the compiled planner, no input yet. */
const idleRss = process.memoryUsage().rss;
const input = buildPlanInput(N, gc);
const compiled = compileFilter({ city: "<>Stockholm&<>''" });
if (!compiled.ok) throw new Error('filter');
/** Minor GCs (scavenges) seen so far: a measure of what a plan allocates, beside the heap's growth. */
let scavenges = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
      scavenges++;
}).observe({ entryTypes: ['gc'] });
const planInput = fullSyncInput(input, compiled.filter);
gc?.();
// The collection above leaves V8 sweeping the heap it collected (the inputs' 230 MB at 100,000 a
// side) on its sweeper threads and lazily on the main thread: work of the bench's gc(), not of the
// planner, that fell inside the first plan's figure (300 M of its 5,000 M instructions, callgrind
// --single-threaded). Waited out (the warm plans below wait 50 ms too), and its CPU printed apart:
// the first plan's figure as it was measured until then is about the two added.
const sweep0 = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const sweep = process.cpuUsage(sweep0);
const sweepMs = (sweep.user + sweep.system) / 1000;
const before = process.memoryUsage();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let plan: ReturnType<typeof planSync> | null = planSync(planInput);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// maxRSS is the process's high-water mark (KiB), so it covers the synchronous planning too.
const peakRss = process.resourceUsage().maxRSS * 1024;
gc?.();
// What the plan holds once made (the lists the executor and the store take).
const planHeap = process.memoryUsage().heapUsed - before.heapUsed;
const s = summarizePlan(plan);
const excludedByFilter = plan.excludedByFilter;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
console.log(`planner: full sync of ${N.toLocaleString('en')} contacts per side`);
console.log(`  time            ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU  (target < 500 ms CPU)`);
console.log(
  `  gc() before     ${sweepMs.toFixed(0)} ms CPU in the ${SETTLE_MS} ms waited after the bench's gc() (its sweep), ` +
    `not counted above; first plan and sweep together ${(cpuMs + sweepMs).toFixed(0)} ms`,
);
const [load1] = (await import('node:os')).loadavg();
if ((load1 ?? 0) > 1.5)
  console.log(
    `  note            machine busy (load ${load1?.toFixed(1)} on 2 cores): wall time is inflated, and so is CPU time ` +
      '(shared caches and cores): compare figures taken at the same load',
  );
console.log(
  `  inputs          ${N.toLocaleString('en')} + ${input.outlook.length.toLocaleString('en')} contacts, ` +
    `${input.links.length.toLocaleString('en')} links: heap ${mb(before.heapUsed)} MB, process RSS ${mb(before.rss)} MB`,
);
console.log(
  `  memory          peak RSS ${mb(peakRss)} MB = idle ${mb(idleRss)} MB + ${mb(peakRss - idleRss)} MB ` +
    '(inputs and planning)  (target < 300 MB over idle, inputs included)',
);
console.log(`  plan kept       ${mb(planHeap)} MB of heap once made`);
console.log(
  `  plan            outlook +${s.outlook.create} ~${s.outlook.update} -${s.outlook.delete}, bc +${s.bc.create} ~${s.bc.update}, ` +
    `conflicts ${s.conflicts}, skipped ${s.skipped}, excluded by filter ${excludedByFilter}`,
);
// This machine's speed at this minute (machine-reference.ts), measured after the first plan and again
// after the warm plans with the inputs still held: the least of both.
let refMs = machineReferenceMs();
// The first plan runs cold (JIT warm-up included, as a server's first run at this size); further plans
// show the steady cost, and their spread shows the machine's noise (CPU time also grows under load).
const REPEAT = Number(process.env.BENCH_REPEAT ?? 4);
const warm: { cpuMs: number; scavenges: number }[] = [];
for (let r = 0; r < REPEAT; r++) {
  gc?.();
  // GC entries reach the observer on a later turn of the event loop: waited for before and after.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const s0 = scavenges;
  const c0 = process.cpuUsage();
  planSync(planInput);
  const c = process.cpuUsage(c0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  warm.push({ cpuMs: (c.user + c.system) / 1000, scavenges: scavenges - s0 });
}
let warmMin = 0;
if (warm.length > 0) {
  const sorted = warm.map((w) => w.cpuMs).sort((a, b) => a - b);
  warmMin = sorted[0] ?? 0;
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    `  warm plans      ${warm.length}: CPU min ${sorted[0]?.toFixed(0)} ms, median ${median.toFixed(0)} ms; ` +
      `minor GCs per plan ${warm.map((w) => w.scavenges).join(' ')}`,
  );
}
refMs = Math.min(refMs, machineReferenceMs());
console.log(
  `  machine         reference work ${refMs.toFixed(0)} ms CPU (no product code, machine-reference.ts): ` +
    `first plan ${(cpuMs / refMs).toFixed(1)} ×, warm min ${(warmMin / refMs).toFixed(1)} × it ` +
    '(compare these across sessions: the reference moves with the machine as the planner does)',
);
// Where a warm plan's CPU goes, read between the planner's own steps (planInSteps pauses every 512
// links, every 512 contacts matched, after matching and at the end): indexing the views and
// deciding the links; matching the unlinked contacts (with the last ≤ 512 links); deciding the
// unlinked pairs; the lists and guard. The same pauses sample the heap: the planner's own
// high-water mark above its inputs (young garbage not yet collected included).
let ownPeak = 0;
{
  gc?.();
  const inputsHeap = getHeapStatistics().used_heap_size;
  const linkSteps = Math.ceil(input.links.length / 512);
  const phase = { links: 0, matching: 0, unlinked: 0, lists: 0 };
  let last = process.cpuUsage();
  const since = () => {
    const c = process.cpuUsage(last);
    last = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let linksDone = false;
  await planInSteps(planInput, async (step) => {
    const ms = since();
    ownPeak = Math.max(ownPeak, getHeapStatistics().used_heap_size - inputsHeap);
    // Matching's pauses repeat the last links step's count; the next count ends matching.
    if (!linksDone) phase.links += ms;
    else if (step.done < linkSteps) phase.matching += ms;
    else phase.unlinked += ms;
    if (step.done >= linkSteps - 1) linksDone = true;
  });
  phase.lists = since();
  ownPeak = Math.max(ownPeak, getHeapStatistics().used_heap_size - inputsHeap);
  console.log(
    `  warm plan CPU   index + links ${phase.links.toFixed(0)} ms, matching ${phase.matching.toFixed(0)} ms, ` +
      `unlinked pairs ${phase.unlinked.toFixed(0)} ms, lists + guard ${phase.lists.toFixed(0)} ms`,
  );
  console.log(`  planner heap    ${mb(ownPeak)} MB at most above its inputs (sampled at each of its pauses)`);
}
// Where the inputs' heap goes: each kind dropped in turn once every plan is done (the first plan,
// which holds some contacts and link bases in its items, let go first), the heap it frees.
plan = null;
const byKind: Record<string, number> = {};
if (gc)
  for (const [name, list] of [
    ['links', input.links],
    ['Outlook contacts', input.outlook],
    ['BC contacts', input.bc],
  ] as const) {
    gc();
    const held = process.memoryUsage().heapUsed;
    list.length = 0;
    gc();
    byKind[name] = held - process.memoryUsage().heapUsed;
  }
if (gc)
  console.log(
    `  inputs by kind  ${Object.entries(byKind)
      .map(([name, b]) => `${name} ${mb(b)} MB`)
      .join(', ')} of heap (each dropped in turn)`,
  );
// Issue 12 targets: < 0.5 s CPU and < 300 MB (read as the header says).
const cpuOk = cpuMs < 500;
const memOk = peakRss - idleRss < 300 * 1024 * 1024;
const ok = cpuOk && memOk;
console.log(
  `${ok ? 'within target' : 'OUTSIDE TARGET'}: first plan ${cpuMs.toFixed(0)} ms CPU (< 500: ${cpuOk ? 'met' : 'missed'}), ` +
    `${mb(peakRss - idleRss)} MB peak over idle with the inputs (< 300: ${memOk ? 'met' : 'missed'})`,
);
if (process.env.BENCH_JSON)
  console.log(
    `BENCH_RESULT ${JSON.stringify({ contacts: N, wallMs: Math.round(ms), cpuMs: Math.round(cpuMs), gcSweepCpuMs: Math.round(sweepMs), peakRssMb: Math.round(peakRss / 1024 / 1024), idleRssMb: Math.round(idleRss / 1024 / 1024), peakOverIdleMb: Math.round((peakRss - idleRss) / 1024 / 1024), warmCpuMinMs: Math.round(warmMin), refCpuMs: Math.round(refMs), firstPerRef: Number((cpuMs / refMs).toFixed(2)), warmPerRef: Number((warmMin / refMs).toFixed(2)), inputsRssMb: Math.round(before.rss / 1024 / 1024), inputsHeapMb: Math.round(before.heapUsed / 1024 / 1024), plannerHeapMb: Math.round(ownPeak / 1024 / 1024), linksHeapMb: Math.round((byKind.links ?? 0) / 1024 / 1024), outlookHeapMb: Math.round((byKind['Outlook contacts'] ?? 0) / 1024 / 1024), bcHeapMb: Math.round((byKind['BC contacts'] ?? 0) / 1024 / 1024), planHeapMb: Math.round(planHeap / 1024 / 1024), withinTarget: ok ? 'yes' : 'no' })}`,
  );
