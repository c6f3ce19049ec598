/**
 * Paces Graph calls to the mailbox's request quota before Outlook refuses them. Outlook allows a
 * number of requests per app and mailbox in a sliding window (10,000 per 10 minutes,
 * graph-and-office-contracts.md §5) and says neither number in its answers; the pacer learns both
 * from the first quota 429 and its Retry-After:
 * - quota  = the calls admitted so far (the window was full when the 429 came);
 * - window = the 429's time + Retry-After − the first admitted call's send time (the oldest call
 *   leaves the window then).
 * From then on call k may start no earlier than call k − quota was answered plus the window, so a
 * long run sends as fast as the window frees up instead of meeting a 429 for every slot that has
 * not. A call in flight counts against the budget from the moment it is let through (`admit`): its
 * slot frees only a window after its answer, so parallel callers cannot all take the same free
 * room. Callers are let through in order of arrival (one turn), each waiting inside its turn.
 * A later quota 429 (another client shares the mailbox) lowers the learned quota to the calls of
 * ours the window still holds, and at least halves it (the first 429 of a pause; our calls tell our
 * pace, not the other client's). It rises again once the other client has gone (recover): a window
 * without a quota 429 raises it by a step, up to the highest quota learned, each step that holds a
 * window doubling the next, so the whole quota is back a few windows after the other client's last
 * call. A raise refused (the other client is still there) goes back to where it held and doubles
 * the calm the next raise waits for, up to CALM_MAX windows: while the mailbox stays shared a raise
 * probes once per CALM_MAX windows, so 429s stay rare. Without a 429 nothing is paced but by the
 * assumed limits (below), if any. A 429 after
 * fewer than MIN_QUOTA admitted calls is no window quota (Outlook's is 10,000) and teaches nothing,
 * and what was learned is forgotten FORGET_AFTER windows after it last mattered (a quota 429, or a call it held
 * back): a 429 of another cause cannot slow a mailbox for good, and a paced run keeps its budget.
 * Before anything is learned, calls older than MAX_WINDOW_MS are forgotten, so a budget shared by
 * the runs of one process never takes an old run's first call for the window's start.
 *
 * `assumed`: the limits to pace by before anything is learned (OUTLOOK_QUOTA, Outlook's documented
 * ones): a run that needs more calls than one window admits is held back at the quota's edge
 * instead of meeting a 429 there (issue 12: a first full sync of 10,000 met 2). They are not
 * learned: the first quota 429 teaches as it does without them (a mailbox that admits fewer, e.g.
 * one another client of the same app shares), and once what was learned is forgotten the pacer
 * paces by them again. A 429 is still met and honoured whatever they say.
 */
const MIN_QUOTA = 100;
const FORGET_AFTER = 5;
/** Most windows without a quota 429 a raise waits for (a probe of a shared mailbox's room). */
const CALM_MAX = 8;
/** A raise's first step is the highest quota learned over this (it doubles while raises hold). */
const STEP_PARTS = 8;
/** Outlook's documented window (graph-and-office-contracts.md §5); no window is learned longer. */
const MAX_WINDOW_MS = 10 * 60 * 1000;
/** Limits per app and mailbox: `quota` requests in any `windowMs`. */
export interface QuotaLimits {
  readonly quota: number;
  readonly windowMs: number;
}

/** Outlook's documented limits per app and mailbox (graph-and-office-contracts.md §5). */
export const OUTLOOK_QUOTA: QuotaLimits = { quota: 10_000, windowMs: MAX_WINDOW_MS };

/** `at` of a call let through whose answer has not come yet. */
const PENDING = Infinity;

/** One call of ours: when it was let through, and when it was answered (PENDING until then). */
interface Call {
  readonly sentAt: number;
  at: number;
}

/** The calls one `admit` let through; hand it back to `settle` when they are answered. */
export type PacedCalls = readonly Call[];

export class QuotaPacer {
  /** Our calls in the order they were let through; only the last `quota` are kept once learned. */
  private calls: Call[] = [];
  private head = 0;
  private quota: number | null = null;
  private windowMs: number | null = null;
  /** A quota 429 taught `quota` and `windowMs` (false while they are the assumed ones, or none). */
  private taught = false;
  /** When the learned budget last mattered: a quota 429, or a call held back by it. */
  private lastUsed = 0;
  /** The highest quota learned since it was last forgotten: raises stop there. */
  private peak = 0;
  /** Since when no quota 429 came (or the last raise), and how many windows the next raise waits. */
  private calmSince = 0;
  private calm = 1;
  /** The calm after a refusal: doubled by each raise refused, back to 1 once the peak holds. */
  private backoff = 1;
  /** The next raise, and the last while it has yet to hold a window (0: none pending). */
  private step = 1;
  private raisedBy = 0;
  /** When the last quota 429's Retry-After ends. */
  private pausedUntil = 0;
  /** The turn: each admit waits for the one before it. */
  private turn: Promise<unknown> = Promise.resolve();
  /** Callers waiting for a call in flight to be answered. */
  private waiters: (() => void)[] = [];

  constructor(
    private readonly now: () => number,
    /** The limits paced by until a quota 429 teaches others (null: nothing is paced before). */
    private readonly assumed: QuotaLimits | null = null,
  ) {
    this.assume();
  }

  /** Paces by the assumed limits, as not learned (a quota 429 teaches from scratch). */
  private assume(): void {
    this.quota = this.assumed?.quota ?? null;
    this.windowMs = this.assumed?.windowMs ?? null;
    this.peak = this.quota ?? 0;
  }

  /** The learned limits, for tests and the run record; null until the first quota 429. */
  get learned(): { readonly quota: number; readonly windowMs: number } | null {
    return this.taught && this.quota !== null && this.windowMs !== null
      ? { quota: this.quota, windowMs: this.windowMs }
      : null;
  }

  /**
   * Waits (in order of arrival) until `count` more calls fit in the learned window, counting the
   * calls in flight, then lets them through. Every call let through must be settled.
   */
  admit(count: number, sleep: (ms: number) => Promise<void>): Promise<PacedCalls> {
    const mine = this.turn.then(async () => {
      // The time a timed wait slept until: it ends on the sleep's own resolution, not on the clock
      // read after it. Read again, a clock behind the sleep (a virtual sleep that moves no clock; a
      // timer that fires a millisecond early) asked for the same wait again, and again: a spin.
      let slept = -Infinity;
      for (;;) {
        const wait = this.delayFor(count, slept);
        if (wait === 0) break;
        const now = this.now();
        this.lastUsed = now;
        if (wait === PENDING) await new Promise<void>((resolve) => this.waiters.push(resolve));
        else {
          await sleep(wait);
          slept = Math.max(now, slept) + wait;
        }
      }
      const sentAt = this.now();
      const out: Call[] = [];
      for (let i = 0; i < count; i++) out.push({ sentAt, at: PENDING });
      this.calls.push(...out);
      return out;
    });
    // A failed wait (the run was cancelled) must not block the callers behind it.
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /**
   * The answers of calls let through, by position (`admitted[i]` false: a 429, which the mailbox
   * did not count). A call whose answer was lost is taken as admitted (it may have counted).
   */
  settle(calls: PacedCalls, admitted: readonly boolean[] = []): void {
    const at = this.now();
    calls.forEach((call, i) => {
      if (call.at !== PENDING) return;
      if (admitted[i] === false) {
        const k = this.calls.indexOf(call, this.head);
        if (k >= 0) this.calls.splice(k, 1);
        call.at = at;
      } else call.at = at;
    });
    this.trim();
    const woken = this.waiters;
    this.waiters = [];
    for (const wake of woken) wake();
  }

  /** `count` calls sent at `sentAt` were admitted (answered with anything but a 429). */
  onAdmitted(sentAt: number, count = 1): void {
    if (count <= 0) return;
    const at = this.now();
    for (let i = 0; i < count; i++) this.calls.push({ sentAt, at });
    this.trim();
  }

  /** A quota 429 (not a concurrency one) answered at now with Retry-After `retryAfterMs`. */
  onQuotaThrottle(retryAfterMs: number): void {
    const now = this.now();
    this.expire();
    this.lastUsed = now;
    const frees = now + Math.max(0, retryAfterMs);
    // The first 429 of a pause: the items of one envelope refused together are one refusal.
    const fresh = now >= this.pausedUntil;
    this.pausedUntil = Math.max(this.pausedUntil, frees);
    if (!this.taught) {
      const answered = this.calls.slice(this.head).filter((c) => c.at !== PENDING);
      const first = answered[0];
      if (!first || answered.length < MIN_QUOTA) return;
      this.windowMs = Math.min(MAX_WINDOW_MS, frees - first.sentAt);
      this.quota = answered.length;
      this.taught = true;
      this.peak = this.quota;
      this.backoff = 1;
      this.raisedBy = 0;
      this.calmed(now);
      this.trim();
      return;
    }
    // A raise the mailbox refused: the other client is still there, so probe less often.
    const probe = this.raisedBy;
    if (probe > 0) this.backoff = Math.min(CALM_MAX, this.backoff * 2);
    this.calmed(now);
    // Calls of ours the window still holds: those answered after (frees − window).
    const since = frees - (this.windowMs ?? 0);
    let held = 0;
    for (let i = this.calls.length - 1; i >= this.head; i--) {
      const at = (this.calls[i] as Call).at;
      if (at === PENDING) continue;
      if (at <= since) break;
      held++;
    }
    let quota = this.quota ?? Infinity;
    if (held > 0 && held < quota) quota = held;
    // Our calls in the window tell our pace, not the room the other client leaves: halved per
    // refusal the budget finds that room in a few windows (recover raises it back in steps); a
    // refused raise goes back to where it held.
    const before = this.quota ?? 0;
    if (fresh) quota = Math.min(quota, probe > 0 ? before - probe : Math.ceil(before / 2));
    this.quota = Math.max(1, quota);
  }

  /** It paces by a quota (assumed or learned): a 429 is then another client's doing, rare. */
  get paces(): boolean {
    return this.quota !== null && this.windowMs !== null;
  }

  /**
   * How long to wait before `count` more calls fit in the learned window (0 when nothing is
   * learned; Infinity while the call whose slot they need is still in flight), in ms from now, or
   * from `sleptUntil` (ms on the pacer's clock) when later: a wait slept until then is over.
   */
  delayFor(count: number, sleptUntil = -Infinity): number {
    this.expire();
    if (this.quota === null || this.windowMs === null) return 0;
    if (this.taught) this.recover(this.windowMs);
    const live = this.calls.length - this.head;
    // The call that must have left the window before the last of these `count` may start; calls
    // are answered out of order, so its slot frees with the latest answer up to it.
    const index = Math.min(live + count - 1 - this.quota, live - 1);
    if (index < 0) return 0;
    let at = 0;
    for (let i = this.head; i <= this.head + index; i++) at = Math.max(at, (this.calls[i] as Call).at);
    if (at === PENDING) return PENDING;
    return Math.max(0, at + this.windowMs - Math.max(this.now(), sleptUntil));
  }

  /** A quota 429 at `now`: the calm starts again, from the first step. */
  private calmed(now: number): void {
    this.calmSince = now;
    this.calm = this.backoff;
    this.step = Math.max(1, Math.ceil(this.peak / STEP_PARTS));
    this.raisedBy = 0;
  }

  /** Raises the quota by a step per calm without a quota 429, up to the peak. */
  private recover(windowMs: number): void {
    const now = this.now();
    while (this.quota !== null && now >= this.calmSince + this.calm * windowMs) {
      this.calmSince += this.calm * windowMs;
      // The last raise held a whole window: the room is there, so the steps grow.
      if (this.raisedBy > 0) this.step *= 2;
      this.calm = 1;
      if (this.quota >= this.peak) {
        this.backoff = 1;
        this.raisedBy = 0;
        return;
      }
      this.raisedBy = Math.min(this.peak, this.quota + this.step) - this.quota;
      this.quota += this.raisedBy;
    }
  }

  private expire(): void {
    if (!this.taught || this.now() <= this.lastUsed + FORGET_AFTER * (this.windowMs ?? 0)) return;
    this.taught = false;
    this.assume();
    // A later 429 learns its window from the calls after this point, not from ones long gone.
    this.calls = this.calls.slice(this.head).filter((c) => c.at === PENDING);
    this.head = 0;
  }

  private trim(): void {
    // Until a 429 taught the limits, calls are kept for the longest window (the next 429 learns
    // from them), and no more than the assumed quota (the most a window admits as paced).
    const keep = (call: Call): boolean =>
      call.at === PENDING ||
      ((this.taught || call.at > this.now() - MAX_WINDOW_MS) &&
        (this.quota === null || this.calls.length - this.head <= this.quota));
    while (this.head < this.calls.length && !keep(this.calls[this.head] as Call)) this.head++;
    if (this.head > 4096 && this.head * 2 > this.calls.length) {
      this.calls = this.calls.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The learned budgets of a process, one per mailbox (the quota is per app and mailbox): a host
 * keeps one and hands it to every GraphMailbox it makes, so a run starts with what the runs
 * before it learned instead of meeting the quota again.
 */
export class QuotaBudgets {
  private readonly byMailbox = new Map<string, QuotaPacer>();

  /** `assumed`: what each mailbox's pacer paces by until a 429 teaches it (QuotaPacer). */
  constructor(private readonly assumed: QuotaLimits | null = OUTLOOK_QUOTA) {}

  /** The pacer of the mailbox `key` (its version root and path), made with `now` on first use. */
  of(key: string, now: () => number): QuotaPacer {
    let pacer = this.byMailbox.get(key);
    if (!pacer) this.byMailbox.set(key, (pacer = new QuotaPacer(now, this.assumed)));
    return pacer;
  }
}
