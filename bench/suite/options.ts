/**
 * Options of `npm run bench` (one suite, one table). Every time limit of Outlook's throttling is
 * divided by one compression factor so a benchmark meets the same regime sooner; the latency of a
 * Graph call is not compressed (it is what a user waits for).
 *
 * Outlook's limits per app and mailbox [graph-and-office-contracts.md §5]: 10,000 requests per
 * 10 minutes, 4 concurrent requests; a concurrency 429 says Retry-After 1 s here.
 */
import { parseArgs } from 'node:util';

export const SCENARIOS = [
  'first-full',
  'full-unchanged',
  'delta-after-full',
  'delta-unchanged',
  'delta-bc-1pct',
  'delta-outlook-1pct',
  'full-mixed',
  'delta-expired',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const CLIENTS = ['ours', 'bc-legacy', 'bc-wizard'] as const;
export type ClientName = (typeof CLIENTS)[number];

export const MICRO = ['planner', 'graph-adapter', 'pane'] as const;
export type MicroName = (typeof MICRO)[number];

export interface Limits {
  /** Latency of every Graph call, batch items included (ms). */
  readonly latencyMs: number;
  readonly concurrency: number;
  /** Requests per window per app and mailbox (Outlook: 10,000). */
  readonly quota: number;
  /** The window after compression (ms); Outlook's is 600,000. */
  readonly windowMs: number;
  /** Retry-After of a concurrency 429 after compression (s). */
  readonly concurrencyRetryAfterS: number;
  readonly compress: number;
}

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly scenarios: readonly ScenarioName[];
  readonly clients: readonly ClientName[];
  readonly micro: readonly MicroName[];
  readonly limits: Limits;
  /** Wall-time budget of one reference-client run (ms); 0 = none. */
  readonly refBudgetMs: number;
  /** Reference clients run only at sizes up to this (they are slow by design); Infinity = all. */
  readonly refMaxN: number;
  readonly databaseUrl: string;
  readonly outDir: string;
}

const OUTLOOK_WINDOW_MS = 600_000;
const OUTLOOK_QUOTA = 10_000;

export const USAGE = `npm run bench -- [options]
  --scenario <name>    one of ${SCENARIOS.join(', ')}, or ${MICRO.join(', ')} (repeatable; default all)
  --n <contacts>       folder size (repeatable; default 1000 and 10000, plus 50000 with --large)
  --large              add the 50,000-contact runs
  --client <name>      ${CLIENTS.join(', ')} (repeatable; default all)
  --latency <ms>       latency of every Graph call (default 40)
  --compress <factor>  divides Outlook's window (600 s) and Retry-After hints (default 5)
  --quota <n>          requests per window per app and mailbox (default 10000, Outlook's)
  --ref-budget <s>     wall-time budget of one reference-client run (default 60; 0 = none)
  --ref-max-n <n>      run the reference clients only at sizes up to n (default: every size)
  --out <dir>          where results go (default bench/results)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string', multiple: true },
      n: { type: 'string', multiple: true },
      large: { type: 'boolean', default: false },
      client: { type: 'string', multiple: true },
      latency: { type: 'string', default: '40' },
      compress: { type: 'string', default: '5' },
      quota: { type: 'string', default: String(OUTLOOK_QUOTA) },
      'ref-budget': { type: 'string', default: '60' },
      'ref-max-n': { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new UsageError(USAGE);
  const num = (name: string, text: string, min: number): number => {
    const v = Number(text);
    if (!Number.isFinite(v) || v < min)
      throw new UsageError(`--${name} ${text}: expected a number >= ${min}`);
    return v;
  };
  const picked = values.scenario ?? [];
  for (const s of picked)
    if (!(SCENARIOS as readonly string[]).includes(s) && !(MICRO as readonly string[]).includes(s))
      throw new UsageError(`--scenario ${s}: expected one of ${[...SCENARIOS, ...MICRO].join(', ')}`);
  const clients = values.client ?? [...CLIENTS];
  for (const c of clients)
    if (!(CLIENTS as readonly string[]).includes(c))
      throw new UsageError(`--client ${c}: expected one of ${CLIENTS.join(', ')}`);
  const sizes =
    values.n && values.n.length > 0
      ? values.n.map((t) => Math.round(num('n', t, 10)))
      : [1_000, 10_000, ...(values.large ? [50_000] : [])];
  const compress = num('compress', values.compress, 0.01);
  return {
    sizes,
    scenarios:
      picked.length === 0
        ? [...SCENARIOS]
        : (picked.filter((s) => (SCENARIOS as readonly string[]).includes(s)) as ScenarioName[]),
    micro:
      picked.length === 0
        ? [...MICRO]
        : (picked.filter((s) => (MICRO as readonly string[]).includes(s)) as MicroName[]),
    clients: clients as ClientName[],
    limits: {
      latencyMs: num('latency', values.latency, 0),
      concurrency: 4,
      quota: Math.round(num('quota', values.quota, 1)),
      windowMs: OUTLOOK_WINDOW_MS / compress,
      concurrencyRetryAfterS: 1 / compress,
      compress,
    },
    refBudgetMs: num('ref-budget', values['ref-budget'], 0) * 1000,
    refMaxN: values['ref-max-n'] === undefined ? Infinity : num('ref-max-n', values['ref-max-n'], 0),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    outDir: values.out,
  };
}

export class UsageError extends Error {}
