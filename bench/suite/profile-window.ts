/**
 * `node --import tsx bench/suite/profile-window.ts <dir> [top]`: the CPU of every process profiled
 * by BENCH_CPU_PROF=<dir> during the measured run only (the window engine-child.ts wrote), by
 * function (self time) and by file. The facade's and emulator's profiles span their whole life
 * (seeding, warm-ups, the out-of-sync check); only the samples inside the window are counted.
 * With several windows in the directory (one per measured run), the last one is used.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [dir, topText] = process.argv.slice(2);
if (!dir) throw new Error('usage: profile-window.ts <dir> [top]');
const top = Number(topText ?? 25);
const files = readdirSync(dir);
const windows = files
  .filter((f) => f.startsWith('window-'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { startUs: number; endUs: number })
  .sort((a, b) => a.startUs - b.startUs);
const window = windows.at(-1);
if (!window) throw new Error(`no window-*.json in ${dir}`);
process.stdout.write(`window ${((window.endUs - window.startUs) / 1e6).toFixed(2)} s\n`);

const short = (url: string): string => url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
for (const f of files.filter((x) => x.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  let t = p.startTime;
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (t < window.startUs || t > window.endUs) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const key = `${frame.functionName || '(anon)'} ${short(frame.url)}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    // Inclusive: every project function on the sample's stack, once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f || !/\/(src|bench)\//.test(f.url)) continue;
      const k = `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
    const file = short(frame.url) || frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + dt);
    total += dt;
  });
  if (total === 0) continue;
  const ms = (us: number): string => (us / 1000).toFixed(0).padStart(6);
  process.stdout.write(`\n== ${f}: ${ms(total)} ms in the window\n`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${ms(v)}  ${k}\n`);
  process.stdout.write('  -- inclusive, project functions\n');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${ms(v)}  ${k}\n`);
  process.stdout.write('  -- by file\n');
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12))
    process.stdout.write(`${ms(v)}  ${k}\n`);
}
