/**
 * One measured client run in a process of its own: argv[2] = client name, argv[3] = ClientInput
 * as JSON, argv[4] = optional warm-up inputs (a small folder of its own, changed on both sides and
 * synced delta then full, so the measured run meets warm code, its write paths included, as in a
 * long-running server). Then it prints READY and waits
 * for GO on stdin (the suite takes its "before" figures meanwhile), collects garbage, takes the idle
 * baseline, resets the peak-RSS mark, runs, and prints one JSON line (MeasuredResult). Memory is
 * this process's alone: the emulator and the facade run in processes of their own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLegacy } from '../reference/bc-legacy.js';
import { runWizard } from '../reference/bc-wizard.js';
import type { ClientInput, ClientResult, MeasuredResult } from './client.js';
import { prepareOurs } from './client-ours.js';
import { memoryOf, resetPeak } from './processes.js';

const [client, raw, warmRaw] = process.argv.slice(2);
const input = JSON.parse(raw ?? '{}') as ClientInput;
const warm = warmRaw ? (JSON.parse(warmRaw) as ClientInput[]) : [];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function prepare(
  i: ClientInput,
): Promise<{ run: () => Promise<ClientResult>; close: () => Promise<void> }> {
  const none = async (): Promise<void> => undefined;
  if (client === 'ours') return prepareOurs(i);
  if (client === 'bc-legacy') return { run: () => runLegacy(i), close: none };
  if (client === 'bc-wizard') return { run: () => runWizard(i), close: none };
  throw new Error(`unknown client ${client}`);
}

for (const w of warm) {
  const p = await prepare(w);
  await p.run();
  await p.close();
}
const { run, close } = await prepare(input);
process.stdout.write('READY\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

gc();
gc();
const idle = memoryOf('self').rss;
const exact = resetPeak('self');
let peak = idle;
// Sampling covers machines where the peak mark cannot be reset. Where it can, the mark is exact and
// the sampler is left out: it ran in this process's event loop during the timed run (a /proc read
// every 20 ms: ~25 ms of CPU in a 10 s first full sync), its work counted as the engine's and
// standing, at times, between an answered $batch envelope and the next one's send.
const sampler = exact ? null : setInterval(() => (peak = Math.max(peak, memoryOf('self').rss)), 20);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const hr0 = process.hrtime.bigint();
let result: ClientResult;
try {
  result = await run();
} catch (e) {
  result = {
    status: `failed: ${(e as Error).message}`,
    written: 0,
    detail: '',
    graphRequests: 0,
    throttled: 0,
    bcRequests: 0,
    storeCalls: null,
    stopped: false,
    errors: 1,
  };
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// The measured run's window on the monotonic clock V8's CPU profiles use (µs), so the facade's and
// the emulator's whole-life profiles can be cut to it (bench/suite/profile-window.ts).
if (process.env.BENCH_CPU_PROF)
  writeFileSync(
    join(process.env.BENCH_CPU_PROF, `window-${process.pid}.json`),
    JSON.stringify({ startUs: Number(hr0 / 1000n), endUs: Number(process.hrtime.bigint() / 1000n) }),
  );
if (sampler) clearInterval(sampler);
const mem = memoryOf('self');
peak = Math.max(peak, exact ? mem.hwm : mem.rss);
await close();
const measured: MeasuredResult = {
  ...result,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  rssIdle: idle,
  rssPeakOverIdle: Math.max(0, peak - idle),
  peakExact: exact,
};
process.stdout.write(`${JSON.stringify(measured)}\n`);
process.exit(0);
