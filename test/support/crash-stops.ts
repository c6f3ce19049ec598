import type { SyncStateStore } from '../../src/core/ports.js';

/*
 * The crash-hosts' stops (crash-hosts.ts): each host's every port call goes through its run's
 * Stopper, which dies, stalls or cancels at the one the run's Stop names.
 */

/**
 * Where a run stops: at its `at`-th port call, before it or after it was applied. `cancel`: the
 * user cancels the run there (its CancelToken says so from then on; a `cli` run's manager cancels
 * it, aborting its requests in flight) and it goes on to its end. `cancelAway`: the cancel reaches
 * another facade process (review R3), which marks the run's stored record (sql-run-cancel.ts);
 * the run meets the mark at its next record save (or not at all: the mark needs the record
 * `running`). `close`: the pane is closed there (`pagehide`): its process dies as with `die`, and
 * first lets go of the leases it holds (crash-hosts.ts: leave-on-close.ts's keepalive releases).
 */
export interface Stop {
  readonly at: number;
  readonly how: 'die' | 'stall' | 'cancel' | 'cancelAway' | 'close';
  readonly after: boolean;
  /**
   * Stop at a call whose description (`POST <url>`, `GET <url>`, `store <method>`, `bc <method>`)
   * holds this text (or one of these texts) instead of the `at`-th call — the `at`-th such call,
   * the first for `at` 0 or 1: a named scenario stays on its call when a change adds port calls
   * before it, and the model aims at a kind of call (a BC create, a Graph write) wherever it falls.
   */
  readonly on?: string | readonly string[];
}

class ProcessDied extends Error {
  constructor() {
    super('the host process died (test)');
  }
}

/** One run's port calls, and its stop. */
export class Stopper {
  calls = 0;
  dead = false;
  stalled = false;
  /** The user cancelled the run (a `cancel` stop was reached). */
  cancelled = false;
  /** The stop was reached (a stop `on` a call's text hits once). */
  stopped = false;
  /** The calls so far whose description matched the stop's `on`. */
  private matched = 0;
  /** What the host does at a `cancel` beside the token (a `cli` run: its manager's cancel). */
  onCancel: () => void = () => undefined;
  /** Another process marks the run (`cancelAway`); its answer (marked, ended, unknown). */
  onAway: () => Promise<string> = async () => 'unknown';
  awayAnswer: string | null = null;
  /** What the host does as its page goes away at a `close` (the pane: its leases let go). */
  onClose: () => Promise<void> = async () => undefined;
  /** Resolves when the run reached its stall (held until `resume`). */
  readonly reached: Promise<void>;
  private onReached!: () => void;
  private resumeGate!: () => void;
  private readonly gate = new Promise<void>((r) => (this.resumeGate = r));
  constructor(
    private readonly stop: Stop | null,
    private readonly name = '',
  ) {
    this.reached = new Promise((r) => (this.onReached = r));
  }
  resume(): void {
    this.resumeGate();
  }
  private async hit(): Promise<void> {
    if (this.stop!.how === 'cancel') {
      this.cancelled = true;
      this.onCancel();
      return;
    }
    if (this.stop!.how === 'cancelAway') {
      this.awayAnswer = await this.onAway();
      return;
    }
    if (this.stop!.how === 'die' || this.stop!.how === 'close') {
      this.dead = true;
      if (this.stop!.how === 'close') await this.onClose();
      throw new ProcessDied();
    }
    this.stalled = true;
    this.onReached();
    await this.gate;
  }
  private hits(stop: Stop, n: number, what: string): boolean {
    if (stop.on === undefined) return n === stop.at;
    const texts: readonly string[] = typeof stop.on === 'string' ? [stop.on] : stop.on;
    // A collection's URL names its own requests, not a bound action under it (the facade's
    // `…/contacts/bcsync.createdIds`, which the pane asks before its creates: not a create).
    const names = (t: string) =>
      what.includes(t) && !what.slice(what.indexOf(t) + t.length).startsWith('/bcsync.');
    if (!texts.some(names)) return false;
    return ++this.matched >= Math.max(1, stop.at);
  }
  async step<T>(call: () => Promise<T>, what = ''): Promise<T> {
    if (this.dead) throw new ProcessDied();
    // A stalled process makes no call at all until it goes on (its other branches wait too).
    if (this.stalled) await this.gate;
    const n = ++this.calls;
    const hit = this.stop !== null && !this.stopped && this.hits(this.stop, n, what);
    if (hit) this.stopped = true;
    // CRASH_MODEL_DEBUG=2: every port call of the run, numbered as `Stop.at` counts them.
    if (process.env.CRASH_MODEL_DEBUG === '2' || process.env.CRASH_MODEL_DEBUG === '3')
      process.stdout.write(`  ${this.name} call ${n}${hit ? ' (stop)' : ''}: ${what}\n`);
    if (hit && !this.stop!.after) await this.hit();
    const out = await call();
    if (hit && this.stop!.after) await this.hit();
    return out;
  }
}

/** `store` with every call through `stopper` (the fenced views it hands out too). */
export function stoppable(store: SyncStateStore, stopper: Stopper): SyncStateStore {
  return new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => unknown;
      if (prop === 'fenced')
        return (...a: unknown[]) => stoppable(f.apply(target, a) as SyncStateStore, stopper);
      return (...a: unknown[]) => stopper.step(async () => f.apply(target, a), `store ${String(prop)}`);
    },
  });
}

/** The BcContacts methods that reach the store (the port's asynchronous ones). */
const BC_CALLS = new Set<PropertyKey>([
  'listAll',
  'readChanges',
  'readInFull',
  'getMany',
  'findByEmails',
  'create',
  'update',
  'delete',
  'countriesRegions',
  'checkAccess',
]);

/** `bc` with each call that reaches the store through `stopper` (the in-process path's port calls). */
export function stoppableBc<T extends object>(bc: T, stopper: Stopper): T {
  return new Proxy(bc, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => unknown;
      if (!BC_CALLS.has(prop)) return (...a: unknown[]) => f.apply(target, a);
      return (...a: unknown[]) => stopper.step(async () => f.apply(target, a), `bc ${String(prop)}`);
    },
  });
}
