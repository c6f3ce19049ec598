/**
 * Reads what `BENCH_TRACE=1 npm run bench` printed (client-ours.ts: one line per port call, with
 * its start in the run and its duration) and answers, for the measured run (the last one the log
 * holds), the two questions a slower figure raises on a loaded machine, where wall times move by
 * 2x between identical runs but the calls and their order do not:
 * - which calls the run made (`shapeOf`: ids, tokens and addresses taken out), so two builds'
 *   runs compare as two lists (`compareShapes`): a call added or gone is a cause, a time is not;
 * - the chain of calls the run's end waited on (`criticalPath`): walking back from the last call
 *   to end, each step is the call that ended last before the current one started. The gap between
 *   them is the engine's own work (or a wait for a core). A call on that chain is a serial round
 *   trip; one off it overlaps others and costs nothing on the wall.
 *
 * Usage: `npm run bench:trace -- A.log [B.log]` (B: compared with A).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A port call as the trace printed it: start and end in ms from the run's start. */
export interface TracedCall {
  readonly start: number;
  readonly end: number;
  /** `store.name`, or `graph|bc METHOD path [items]`. */
  readonly what: string;
}

const CALL = /^@(\d+) cpu [\d.]+ (.+?) ([\d.]+) ms(?: (.*))?$/;
const RUN_END = /^run [\d.]+ ms$/;

/**
 * The port calls of the log's last traced run (the measured one: seeding and warm-up runs come
 * first), in the order they started; progress lines are left out. Empty when the log holds none.
 */
export function measuredRun(log: string): TracedCall[] {
  const lines = log.split('\n');
  const ends = lines.flatMap((l, i) => (RUN_END.test(l) ? [i] : []));
  if (ends.length === 0) return [];
  const last = ends[ends.length - 1] as number;
  const first = ends.length > 1 ? (ends[ends.length - 2] as number) + 1 : 0;
  const calls: TracedCall[] = [];
  for (const line of lines.slice(first, last)) {
    const m = CALL.exec(line);
    if (!m || m[2]?.startsWith('progress')) continue;
    const start = Number(m[1]);
    const items = m[4] ? ` ${m[4]}` : '';
    calls.push({ start, end: start + Number(m[3]), what: `${m[2] as string}${items}` });
  }
  return calls.sort((a, b) => a.start - b.start);
}

/**
 * A call without what differs between runs of one scenario: delta and skip tokens, ids in
 * filters, quoted values and e-mail addresses, and the detail past 120 characters.
 */
export function shapeOf(what: string): string {
  return what
    .replace(/\$(delta|skip)token=[^&\s]*/g, '$$$1token=…')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/%27[^%]*(%40[^%]*)?%27/g, '%27…%27')
    .slice(0, 120);
}

/** The calls of B that A lacks (`added`) and those of A that B lacks (`gone`), by shape and count. */
export function compareShapes(
  a: readonly TracedCall[],
  b: readonly TracedCall[],
): { added: string[]; gone: string[] } {
  const count = (calls: readonly TracedCall[]) => {
    const n = new Map<string, number>();
    for (const c of calls) n.set(shapeOf(c.what), (n.get(shapeOf(c.what)) ?? 0) + 1);
    return n;
  };
  const [na, nb] = [count(a), count(b)];
  const extra = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].flatMap(([s, k]) => Array.from({ length: Math.max(0, k - (y.get(s) ?? 0)) }, () => s));
  return { added: extra(nb, na), gone: extra(na, nb) };
}

/** A step of the critical path: the call, and the ms between its predecessor's end and its start. */
export interface PathStep {
  readonly call: TracedCall;
  readonly gapMs: number;
}

/**
 * The chain the run's last call waited on, first call first. `slackMs`: how far a predecessor's
 * end may lie past the next call's start (the trace rounds starts to 1 ms).
 */
export function criticalPath(calls: readonly TracedCall[], slackMs = 1): PathStep[] {
  if (calls.length === 0) return [];
  let cur = calls.reduce((x, c) => (c.end > x.end ? c : x));
  const chain: TracedCall[] = [cur];
  for (;;) {
    const start = cur.start;
    const before = calls.filter((c) => c !== cur && c.start < start && c.end <= start + slackMs);
    if (before.length === 0) break;
    cur = before.reduce((x, c) => (c.end > x.end ? c : x));
    chain.push(cur);
  }
  chain.reverse();
  return chain.map((call, i) => ({
    call,
    gapMs: i === 0 ? call.start : Math.max(0, call.start - (chain[i - 1] as TracedCall).end),
  }));
}

function show(name: string, calls: readonly TracedCall[]): void {
  const ports = ['graph', 'bc', 'store'].map(
    (p) => `${p} ${calls.filter((c) => c.what.startsWith(p)).length}`,
  );
  console.log(`${name}: ${calls.length} calls (${ports.join(', ')})`);
  const path = criticalPath(calls);
  const onPath = path.reduce((s, p) => s + p.call.end - p.call.start, 0);
  const gaps = path.reduce((s, p) => s + p.gapMs, 0);
  console.log(
    `  critical path: ${path.length} calls, ${onPath.toFixed(0)} ms in calls + ${gaps.toFixed(0)} ms between`,
  );
  for (const { call, gapMs } of path)
    console.log(
      `  ${call.start.toFixed(0).padStart(5)} ${call.end.toFixed(0).padStart(5)} (+${gapMs.toFixed(0)}) ${shapeOf(call.what).slice(0, 90)}`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [a, b] = process.argv.slice(2);
  if (a === undefined) throw new Error('usage: trace-path.ts A.log [B.log]');
  const runA = measuredRun(readFileSync(a, 'utf8'));
  show(a, runA);
  if (b !== undefined) {
    const runB = measuredRun(readFileSync(b, 'utf8'));
    show(b, runB);
    const { added, gone } = compareShapes(runA, runB);
    console.log(`calls added in B: ${added.length}${added.map((s) => `\n  + ${s}`).join('')}`);
    console.log(`calls gone in B: ${gone.length}${gone.map((s) => `\n  - ${s}`).join('')}`);
  }
}
