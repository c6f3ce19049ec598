import type { Clock } from './ports.js';

/*
 * Why a run waits on purpose, as data (brief waits: the pane showed progress with no reason while a
 * run sat out a 429 or a colleague's create turn). Every deliberate wait of a run — the engine's and
 * its adapters' — goes through one WaitReporter; the run (core/run.ts) carries the wait open now on
 * its progress events, and each edge words the reason from the catalogs (waiting_<reason>).
 */

/**
 * Every reason a run waits on purpose:
 * - createTurn: another run of the company holds its create turn (create-turn.ts, up to
 *   createTurnWaitMs); the end is the latest the run waits before it leaves its creates for later;
 * - outlookThrottled / bcThrottled / syncThrottled: Graph, Business Central or the sync service
 *   answered 429 (or 503 with Retry-After): the run waits as told;
 * - outlookPaced: the run keeps within the mailbox's learned request quota (graph/quota-pacer.ts);
 * - outlookRetry / bcRetry / syncRetry: a request failed for a moment (5xx, no answer) and goes
 *   again after a backoff.
 */
export const WAIT_REASONS = [
  'createTurn',
  'outlookThrottled',
  'outlookPaced',
  'outlookRetry',
  'bcThrottled',
  'bcRetry',
  'syncThrottled',
  'syncRetry',
] as const;

export type WaitReason = (typeof WAIT_REASONS)[number];

/** A wait open now: why, and when it ends (ISO 8601 UTC, from the run's Clock as the wait began). */
export interface RunWait {
  readonly reason: WaitReason;
  readonly until: string;
}

/**
 * Where a deliberate wait is reported: `waiting` is called as a wait of `ms` milliseconds begins and
 * returns its end, to be called once the wait is over (however it ended: a cancel cuts it short).
 */
export interface WaitReporter {
  waiting(reason: WaitReason, ms: number): () => void;
}

/**
 * Waits shorter than this are not shown: a 250 ms backoff or a pacer's few milliseconds would make
 * the pane flicker and a screen reader talk over itself, and tell the user nothing.
 */
const SHOWN_WAIT_MS = 1000;

const noEnd = (): void => undefined;

interface Open {
  readonly reason: WaitReason;
  readonly until: string;
  /** When it ends on the monotonic scale: which of the open waits ends last. */
  readonly endMs: number;
}

/**
 * One run's waits. Several may be open at once (four Graph requests each sitting out the same 429,
 * a pacer wait beside it): the one shown is the one that ends last — when the run is through all of
 * them. `watch`'s listener hears only changes of the wait shown (its reason or end), so a burst of
 * parallel retries of one 429 is one change, not one per request.
 */
export class RunWaits implements WaitReporter {
  private readonly open = new Map<number, Open>();
  private next = 0;
  private shown: RunWait | null = null;
  private readonly listeners = new Set<(wait: RunWait | null) => void>();

  constructor(private readonly clock: Clock) {}

  waiting(reason: WaitReason, ms: number): () => void {
    if (!(ms >= SHOWN_WAIT_MS)) return noEnd;
    const id = this.next++;
    const until = this.clock.shift(this.clock.now(), Math.ceil(ms));
    this.open.set(id, { reason, until, endMs: this.clock.monotonicMs() + ms });
    this.changed();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open.delete(id);
      this.changed();
    };
  }

  /** The wait shown now: the open one that ends last; null when the run waits for nothing. */
  current(): RunWait | null {
    return this.shown;
  }

  /** Hears every change of `current()`; returns the unsubscribe. */
  watch(listener: (wait: RunWait | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    let last: Open | null = null;
    for (const o of this.open.values()) if (last === null || o.endMs >= last.endMs) last = o;
    const next = last ? { reason: last.reason, until: last.until } : null;
    if (next?.reason === this.shown?.reason && next?.until === this.shown?.until) return;
    this.shown = next;
    for (const l of this.listeners) l(next);
  }
}

/**
 * `sleep(ms)` reported to `waits` as a wait for `reason` (none reported when `waits` is absent):
 * the one wrapper every adapter's deliberate sleep goes through.
 */
export async function reportedSleep(
  sleep: (ms: number) => Promise<void>,
  waits: WaitReporter | undefined,
  reason: WaitReason,
  ms: number,
): Promise<void> {
  const end = waits?.waiting(reason, ms) ?? noEnd;
  try {
    await sleep(ms);
  } finally {
    end();
  }
}

/** Whose answer a retry waits on: Graph (Outlook), Business Central, the facade's sync API. */
export type WaitService = 'outlook' | 'bc' | 'sync';

/**
 * Passes waits on to the run going now, for a reporter made before any run (the pane's one fetch,
 * taskpane/api/resilient-fetch.ts, whose retries the pane's run meets): `use` points it at a run's
 * waits and returns the undo. With no run, waits go unreported.
 */
export class WaitsRelay implements WaitReporter {
  private to: WaitReporter | null = null;

  use(reporter: WaitReporter): () => void {
    this.to = reporter;
    return () => {
      if (this.to === reporter) this.to = null;
    };
  }

  waiting(reason: WaitReason, ms: number): () => void {
    return this.to?.waiting(reason, ms) ?? noEnd;
  }
}

/**
 * Why a retry waits: the service said when to come back (429, or a 503 with Retry-After) —
 * throttled — or a request failed for a moment and backs off. `service` names whose answer it was.
 */
export function retryWaitReason(
  service: WaitService,
  error: { readonly status: number; readonly retryAfterMs: number | null },
): WaitReason {
  const throttled = error.status === 429 || error.retryAfterMs !== null;
  return `${service}${throttled ? 'Throttled' : 'Retry'}`;
}
