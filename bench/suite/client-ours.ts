/** Our engine, as the facade's scheduler runs it: runSync over Graph, the BC API and the SQL store. */
import { HttpBcContacts } from '../../src/bc/index.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { openStore } from '../../src/store/open-store.js';
import { splitOf } from './client.js';
import type { ClientInput, ClientResult, PortKind } from './client.js';

/**
 * Counts every call on the port; with BENCH_TRACE=1 prints each call's time to stderr (with the
 * run's progress events: where the run is between its port calls). `fenced`
 * answers at once with a view (lease-fence.ts), whose calls count here too: runs write through it.
 */
function counting(store: SyncStateStore): { store: SyncStateStore; calls: () => number } {
  const tally = { calls: 0 };
  return { store: countingProxy(store, tally), calls: () => tally.calls };
}

/** When the measured run started (performance.now()), for the trace's start offsets. */
let runStart = 0;
/** Every port call of the run as [start, end, port] (performance.now()), for the wall split. */
const portCalls: [number, number, PortKind][] = [];
/** The engine process's CPU so far (ms), and at the run's start. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let cpuStart = 0;
/** A trace line's head: when a call started in the run (ms) and the run's CPU by then (ms). */
const at = (t0: number): string => `@${(t0 - runStart).toFixed(0)} cpu ${(cpuMs() - cpuStart).toFixed(1)}`;

function countingProxy(store: SyncStateStore, tally: { calls: number }): SyncStateStore {
  const trace = process.env.BENCH_TRACE === '1';
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'fenced')
        return (fence: Parameters<SyncStateStore['fenced']>[0]) =>
          countingProxy((value as SyncStateStore['fenced']).call(target, fence), tally);
      return async (...args: unknown[]) => {
        tally.calls++;
        const t0 = performance.now();
        const a0 = trace ? at(t0) : '';
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          portCalls.push([t0, performance.now(), 'store']);
          if (trace)
            process.stderr.write(`${a0} store.${String(prop)} ${(performance.now() - t0).toFixed(1)} ms\n`);
        }
      };
    },
  });
}

/**
 * A request's URL as the trace shows it: no origin, ids of folders, companies and contacts as
 * `{id}`, at most 160 characters. Cut at 90 characters with the origin and ids, every call to a
 * folder read the same (`…/contactFolders/AAMkAGI2AAEO…`): the delta, the list of the newest and
 * a read by id could not be told apart.
 */
function shownUrl(url: string): string {
  return url
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/\/contactFolders\/[^/?]+/, '/contactFolders/{id}')
    .replace(/\/contacts\/(?!delta\b|bcsync\.)[^/?]+/, '/contacts/{id}')
    .replace(/\(([0-9a-f-]{36})\)/gi, '({id})')
    .replace(/\$deltatoken=[^&]*/, '$deltatoken=…')
    .slice(0, 160);
}

/** A $batch body's items as `METHOD url` (the trace's view of what one envelope carried). */
function itemsOf(init: RequestInit | undefined): string {
  if (typeof init?.body !== 'string' || !init.body.startsWith('{"requests"')) return '';
  const { requests } = JSON.parse(init.body) as {
    requests: { method: string; url: string; dependsOn?: string[] }[];
  };
  const kinds = new Map<string, number>();
  for (const r of requests) {
    const k = `${r.method} ${shownUrl(r.url.replace(/\?.*/, '?…'))}`;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  // Chained items (dependsOn) run one at a time: the envelope holds one of the mailbox's slots.
  const chained = requests.filter((r) => r.dependsOn).length;
  return `[${[...kinds].map(([k, c]) => `${c}× ${k}`).join('; ')}]${chained > 0 ? ` chained ${chained}` : ''}`;
}

export interface PreparedOurs {
  run(): Promise<ClientResult>;
  close(): Promise<void>;
}

/** Connects first (not measured), so the run measures the sync alone. */
export async function prepareOurs(input: ClientInput): Promise<PreparedOurs> {
  const opened = await openStore({ databaseUrl: input.databaseUrl });
  const { store, calls } = counting(opened.stateStore);
  const trace = process.env.BENCH_TRACE === '1';
  const timed =
    (name: PortKind) =>
    async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const t0 = performance.now();
      const a0 = trace ? at(t0) : '';
      try {
        return await fetch(url, init);
      } finally {
        portCalls.push([t0, performance.now(), name]);
        if (trace)
          process.stderr.write(
            `${a0} ${name} ${init?.method ?? 'GET'} ${shownUrl(String(url))} ${(performance.now() - t0).toFixed(1)} ms ${itemsOf(init)}\n`,
          );
      }
    };
  const mailbox = new GraphMailbox({
    baseUrl: `${input.graphUrl}/v1.0`,
    mailbox: { kind: 'user', id: input.upn },
    getToken: async () => input.graphToken,
    // Nothing may be lost: keep honouring Retry-After however often the quota is met.
    retry: { maxThrottledAttempts: 1_000 },
    assumedQuota: input.quota,
    fetch: timed('graph'),
  });
  const bc = new HttpBcContacts({
    baseUrl: `${input.facadeUrl}/api/v2.0`,
    companyId: input.companyId,
    getToken: async () => input.facadeToken,
    fetch: timed('bc') as typeof fetch,
  });
  return {
    close: () => opened.close(),
    run: async () => {
      const t0 = performance.now();
      runStart = t0;
      cpuStart = cpuMs();
      portCalls.length = 0;
      const { record } = await runSync(
        { bc, mailbox, store, clock: systemClock, logger: silentLogger },
        {
          runId: `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          userId: input.upn,
          mode: input.mode,
          dryRun: false,
          trigger: 'cli',
        },
        trace
          ? {
              onProgress: (e) =>
                process.stderr.write(`${at(performance.now())} progress ${e.phase} ${e.done}/${e.total}\n`),
            }
          : {},
      );
      const t1 = performance.now();
      if (trace) process.stderr.write(`run ${(t1 - t0).toFixed(1)} ms\n`);
      const wallSplit = splitOf(portCalls, t0, t1);
      const c = record.counts;
      const written = c.outlook.created + c.outlook.updated + c.outlook.deleted + c.bc.created + c.bc.updated;
      const graph = mailbox.stats();
      return {
        status: record.status,
        written,
        detail: `outlook +${c.outlook.created} ~${c.outlook.updated} -${c.outlook.deleted}, bc +${c.bc.created} ~${c.bc.updated}`,
        graphRequests: graph.requests,
        throttled: graph.throttled,
        bcRequests: bc.stats().requests,
        storeCalls: calls(),
        stopped: false,
        errors: record.errors.length,
        wallSplit,
      };
    },
  };
}
