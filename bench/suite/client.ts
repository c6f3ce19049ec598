import { criticalPath } from './trace-path.js';

/** What one client run gets and reports: ours and the two reference clients share this shape. */
export interface ClientInput {
  readonly mode: 'full' | 'delta';
  readonly graphUrl: string;
  readonly graphToken: string;
  readonly facadeUrl: string;
  readonly facadeToken: string;
  readonly companyId: string;
  /** The user and mailbox (app-only access names the mailbox by UPN). */
  readonly upn: string;
  readonly databaseUrl: string;
  /** Where a reference client keeps its state between runs (BC's tables, in their algorithms). */
  readonly stateFile: string;
  /** Wall-time budget in ms (reference clients stop when it is spent); 0 = none. */
  readonly budgetMs: number;
  /**
   * Outlook's documented limits per app and mailbox as the emulator applies them (time-compressed
   * like every limit of the run), which our client paces by until a 429 says otherwise.
   */
  readonly quota: { readonly quota: number; readonly windowMs: number };
}

export interface ClientResult {
  readonly status: string;
  /** Contacts written successfully, both sides. */
  readonly written: number;
  readonly detail: string;
  /** HTTP requests sent to Graph, as the client counted them ($batch envelopes count once). */
  readonly graphRequests: number;
  readonly throttled: number;
  readonly bcRequests: number;
  /** Calls on the SyncStateStore port (ours only; the reference clients keep BC-table state). */
  readonly storeCalls: number | null;
  /** Where the wall time went (ours only): see WallSplit. */
  readonly wallSplit?: WallSplit;
  /** The run stopped because its budget was spent. */
  readonly stopped: boolean;
  readonly errors: number;
}

export interface MeasuredResult extends ClientResult {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssIdle: number;
  /** Peak resident memory of the client process during the run, over its idle baseline. */
  readonly rssPeakOverIdle: number;
  readonly peakExact: boolean;
}

/** Budget checks for the reference clients: they stop between calls once the budget is spent. */
export class Budget {
  private readonly until: number;
  stopped = false;
  constructor(ms: number) {
    this.until = ms > 0 ? performance.now() + ms : Infinity;
  }
  spent(): boolean {
    if (performance.now() > this.until) this.stopped = true;
    return this.stopped;
  }
}

/**
 * A run's wall time by what it waited for: while a Graph call was out (`graphMs`), else a BC call
 * (`bcMs`), else a state-store call (`storeMs`), else none (`noneMs`: the engine's own work, or
 * waiting for a core on a busy machine). Graph's time is what the bound models; BC's and the
 * store's are not in it.
 */
export interface WallSplit {
  readonly graphMs: number;
  readonly bcMs: number;
  readonly storeMs: number;
  readonly noneMs: number;
  /**
   * The wall time no Graph call was out (what the ratio's excess over the bound is made of), by
   * where it fell: before the first Graph call went out, between Graph calls (a read's answer to the
   * first write: the plan, the saves a write waits for), after the last Graph answer (the run's
   * end). Absent when no Graph call was made.
   */
  readonly outsideGraph?: { readonly beforeMs: number; readonly betweenMs: number; readonly afterMs: number };
  /**
   * The calls of each port on the chain the run's end waited on (trace-path.ts criticalPath): the
   * serial round trips. Unlike the times, the same on a quiet and a busy machine as long as the
   * calls' order holds (issue 12: delta-outlook-1pct's ratio moved 1.52-3.77 between identical runs).
   */
  readonly path: Readonly<Record<PortKind, number>>;
}

export type PortKind = 'graph' | 'bc' | 'store';

/** Calls as [start, end, port] (ms, any origin) within a run from `from` to `to`: the split. */
export function splitOf(
  calls: readonly (readonly [number, number, PortKind])[],
  from: number,
  to: number,
): WallSplit {
  const rank: Record<PortKind, number> = { graph: 0, bc: 1, store: 2 };
  // Sweep the starts and ends in time order, counting the calls out of each kind.
  const edges = calls.flatMap(([s, e, k]) => [
    [Math.max(from, s), 1, rank[k]] as const,
    [Math.min(to, e), -1, rank[k]] as const,
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number, number, number] = [0, 0, 0, 0];
  const open: [number, number, number] = [0, 0, 0];
  let at = from;
  for (const [t, d, k] of edges) {
    const kind = open.findIndex((n) => n > 0);
    out[kind < 0 ? 3 : (kind as 0 | 1 | 2)] += Math.max(0, t - at);
    at = Math.max(at, t);
    open[k as 0 | 1 | 2] += d;
  }
  out[3] += Math.max(0, to - at);
  const path: Record<PortKind, number> = { graph: 0, bc: 0, store: 0 };
  for (const { call } of criticalPath(calls.map(([start, end, what]) => ({ start, end, what }))))
    path[call.what as PortKind]++;
  const split = { graphMs: out[0], bcMs: out[1], storeMs: out[2], noneMs: out[3], path };
  const graph = calls.filter(([, , k]) => k === 'graph');
  if (graph.length === 0) return split;
  const first = Math.max(from, Math.min(...graph.map(([s]) => s)));
  const last = Math.min(to, Math.max(...graph.map(([, e]) => e)));
  const beforeMs = Math.max(0, first - from);
  const afterMs = Math.max(0, to - last);
  const outside = to - from - split.graphMs;
  return {
    ...split,
    outsideGraph: { beforeMs, betweenMs: Math.max(0, outside - beforeMs - afterMs), afterMs },
  };
}

/**
 * `graph 1.20 / bc 3.10 / store 0.40 / none 0.30 s; not Graph: before 0.05, between 0.20, after
 * 0.01 s; serial: 3 graph + 2 bc + 3 store calls`.
 */
export function splitText(w: WallSplit): string {
  const f = (ms: number): string => (ms / 1000).toFixed(2);
  const o = w.outsideGraph;
  const outside = o
    ? `; not Graph: before ${f(o.beforeMs)}, between ${f(o.betweenMs)}, after ${f(o.afterMs)} s`
    : '';
  const path = `; serial: ${w.path.graph} graph + ${w.path.bc} bc + ${w.path.store} store calls`;
  return `graph ${f(w.graphMs)} / bc ${f(w.bcMs)} / store ${f(w.storeMs)} / none ${f(w.noneMs)} s${outside}${path}`;
}
