/**
 * Where the first plan's instructions go, by kind, from a callgrind run of core-plan-profile.ts
 * (its `callgrind` mode, under `--single-threaded` so TurboFan and the GC run on the main thread and
 * are counted). Instructions do not move with the machine's load as CPU time does (issue 12: the
 * first plan's CPU moved 800–1,500 ms between runs of one commit at load 10–25), so a change of the
 * planner is judged here by what it does to each kind:
 *
 *   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.out \
 *     node --single-threaded --expose-gc --perf-basic-prof --import tsx bench/core-plan-profile.ts
 *   node --import tsx bench/callgrind-split.ts /tmp/cg.out /tmp/perf-<pid>.map
 *
 * Kinds: TurboFan compiling, the GC, the interpreter (Ignition's entry and handlers: code that ran
 * before it was optimized), JavaScript (compiled code, named through the perf map node writes with
 * --perf-basic-prof: `*` optimized, `^` baseline), V8's builtins (string compare, hashing, ICs) and
 * the rest of the runtime. Not a benchmark of its own: a reading of one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** node's perf map (`start size name` in hex, one a line), in the order node wrote it. */
function readPerfMap(path: string | undefined): CodeRange[] {
  if (path === undefined) return [];
  const ranges: CodeRange[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [start, size, ...name] = line.split(' ');
    if (start === undefined || size === undefined || name.length === 0) continue;
    const s = parseInt(start, 16);
    ranges.push({ start: s, end: s + parseInt(size, 16), name: name.join(' ') });
  }
  return ranges;
}

/**
 * The code at `address`: the last range written that holds it (the GC frees code and node's map
 * keeps every range it wrote, so an address can be named by code the inputs' building ran before
 * the plan; the planner's code is compiled after it).
 */
function rangeAt(ranges: readonly CodeRange[], address: number): CodeRange | undefined {
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i]!;
    if (address >= r.start && address < r.end) return r;
  }
  return undefined;
}

/** The kind of a callgrind function name, and the name to show it by. */
function kindOf(fn: string, ranges: readonly CodeRange[]): { kind: string; name: string } {
  const address = /^\?\?\?:0x([0-9a-f]+)/.exec(fn);
  if (address) {
    const r = rangeAt(ranges, parseInt(address[1]!, 16));
    // Bundle paths carry the pid: shown by line only.
    return { kind: 'javascript', name: r ? r.name.replace(/file:\/\/\S*?\.mjs/, 'bundle') : 'unnamed code' };
  }
  const name = fn.replace(/^\?\?\?:/, '').replace(/ \[.*$/, '');
  if (/compiler::|turboshaft|Pipeline|OptimizedCompilationJob/.test(name)) return { kind: 'turbofan', name };
  if (/Scaveng|MarkCompact|Sweep|Heap::|heap::|Marking|Evacuat|IteratePointers|Pretenuring/.test(name))
    return { kind: 'gc', name };
  if (/Interpreter|Bytecode|Handler/.test(name)) return { kind: 'interpreter', name };
  if (/^Builtins_/.test(name)) return { kind: 'builtins', name };
  return { kind: 'runtime', name };
}

const [outFile, mapFile] = process.argv.slice(2);
if (outFile === undefined) throw new Error('usage: callgrind-split.ts <callgrind.out> [perf-<pid>.map]');
const ranges = readPerfMap(mapFile);
const text = execFileSync('callgrind_annotate', ['--threshold=100', outFile], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const byKind = new Map<string, number>();
const byJs = new Map<string, number>();
let total = 0;
for (const line of text.split('\n')) {
  const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
  if (!m) continue;
  const n = Number(m[1]!.replaceAll(',', ''));
  if (m[2]!.includes('PROGRAM TOTALS')) {
    total = n;
    continue;
  }
  const { kind, name } = kindOf(m[2]!, ranges);
  byKind.set(kind, (byKind.get(kind) ?? 0) + n);
  if (kind === 'javascript') byJs.set(name, (byJs.get(name) ?? 0) + n);
}
const M = (n: number) => `${(n / 1e6).toFixed(0).padStart(6)} M`;
const share = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`${M(total)}         instructions in all`);
for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`${M(n)} ${share(n)}  ${kind}`);
console.log('JavaScript by function (top 15):');
for (const [name, n] of [...byJs].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${M(n)} ${share(n)}  ${name}`);
