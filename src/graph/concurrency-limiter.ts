/**
 * Keeps the load one mailbox sees under Outlook's limit of 4 concurrent requests per app and
 * mailbox. Requests carry a weight: a $batch runs up to 4 of its items at once on Graph's side,
 * so a batch of 20 occupies all 4 slots while 4 single GETs may run side by side.
 *
 * A request may go *beside* the writes (a delta page of a run's echo round, issue 12 §2): queued
 * behind write envelopes, it lightens the last of them that may go lighter (its `lighter` weight:
 * sent as that many sequential envelopes, graph-transport.ts) and goes right behind it, so the two
 * run together on the mailbox's slots instead of the page waiting for a slot of its own after them.
 *
 * A write envelope may also go as one *lane* (one sequential envelope weighing one slot,
 * graph-transport.ts) when it heads the queue with a slot free but not its weight while other writes
 * that may go as lanes wait behind it: the slots it leaves take them (the next group's writes)
 * rather than idling until the slowest lane before it answers (issue 12, first full sync: every
 * group's first and last envelope of 20 waited for all 4 slots). With no such writes behind it (a
 * run's last writes, or a read waits behind it) it waits for its weight: its items then run 4 at a
 * time and end together, not 20 one after another on one slot.
 *
 * The limit adapts: a MailboxConcurrency 429 (another app or process shares the mailbox) halves it,
 * successes raise it back slowly. `pause` holds every request back while the mailbox is throttled,
 * so one Retry-After is honoured by all callers instead of each meeting its own 429.
 */
export class ConcurrencyLimiter {
  private limit: number;
  private inFlight = 0;
  private active = 0;
  private maxActiveSeen = 0;
  private readonly queue: Waiting[] = [];
  private pausedUntil = 0;
  private pauseSeq = 0;
  private paused = false;

  constructor(
    private readonly max: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
  ) {
    if (!(max >= 1)) throw new Error('maxConcurrency must be at least 1');
    this.limit = max;
  }

  /**
   * Runs `task` once `weight` slots are free (a weight above the limit runs alone); `task` is told
   * its `lighter` weight when a request queued `beside` it lightened it, 1 when it went as a `lane`
   * (else undefined).
   */
  async run<T>(
    weight: number,
    task: (lightened: number | undefined) => Promise<T>,
    how: { readonly lighter?: number; readonly beside?: boolean; readonly lane?: boolean } = {},
  ): Promise<T> {
    const w = Math.max(1, Math.min(weight, this.max));
    const granted = await new Promise<Waiting>((grant) => {
      const entry: Waiting = { weight: w, grant };
      if (how.lighter !== undefined && how.lighter >= 1 && how.lighter < w) entry.lighter = how.lighter;
      if (how.lane === true) entry.lane = true;
      if (how.beside) this.besideLast(entry);
      else this.queue.push(entry);
      this.pump();
    });
    this.active++;
    this.maxActiveSeen = Math.max(this.maxActiveSeen, this.active);
    try {
      return await task(granted.lightened);
    } finally {
      this.active--;
      this.inFlight -= granted.weight;
      this.pump();
    }
  }

  /**
   * Queues `entry` right behind the last waiting request that may go lighter, lightened (once: a
   * second request beside it queues as usual); with none waiting, at the end of the queue.
   */
  private besideLast(entry: Waiting): void {
    for (let k = this.queue.length - 1; k >= 0; k--) {
      const host = this.queue[k] as Waiting;
      if (host.lighter === undefined) continue;
      host.weight = host.lighter;
      host.lightened = host.lighter;
      delete host.lighter;
      delete host.lane;
      this.queue.splice(k + 1, 0, entry);
      return;
    }
    this.queue.push(entry);
  }

  /** Holds new requests back for `ms` (requests already sent are not affected). */
  pause(ms: number): void {
    if (ms <= 0) return;
    const until = this.now() + ms;
    if (this.paused && until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.paused = true;
    const seq = ++this.pauseSeq;
    // The pause ends when the injected sleep does, not by reading the clock: tests sleep zero.
    // A sleep cut short (the run's signal: a cancel, a shutdown) ends the pause too: the requests
    // held meet that signal themselves. Unhandled, its rejection ended the server's process
    // (attack A1: a Cancel pressed during a quota pause).
    const end = (): void => {
      if (seq !== this.pauseSeq) return;
      this.paused = false;
      this.pump();
    };
    this.sleep(ms).then(end, end);
  }

  /** Another client uses the mailbox too: send half as much at once. */
  onConcurrencyThrottle(): void {
    this.limit = Math.max(1, this.limit / 2);
  }

  /** Additive increase: about one slot back per four successful requests at the current limit. */
  onSuccess(): void {
    if (this.limit < this.max) this.limit = Math.min(this.max, this.limit + 0.25 / this.limit);
  }

  get currentLimit(): number {
    return this.limit;
  }

  /** Largest number of requests that were ever in flight at once (for tests and the benchmark). */
  get peakInFlight(): number {
    return this.maxActiveSeen;
  }

  private pump(): void {
    // FIFO: the head waits for room rather than being overtaken by lighter requests behind it.
    while (!this.paused && this.queue.length > 0) {
      const head = this.queue[0];
      if (!head) return;
      const capacity = Math.max(1, Math.floor(this.limit));
      const fits = this.inFlight === 0 || this.inFlight + Math.min(head.weight, capacity) <= capacity;
      if (!fits) {
        if (!head.lane || this.inFlight + 1 > capacity || !this.queue.some((e, k) => k > 0 && e.lane)) return;
        head.weight = 1;
        head.lightened = 1;
        delete head.lighter;
        delete head.lane;
      }
      this.queue.shift();
      this.inFlight += head.weight;
      head.grant(head);
    }
  }
}

/** A request waiting for its turn; `lighter`: the weight it may be lightened to (besideLast). */
interface Waiting {
  weight: number;
  lighter?: number;
  /** The weight a request beside it lightened it to (1: it went as a lane). */
  lightened?: number;
  /** A write that goes, or may go, as one lane (weight 1): the head goes so with one behind it (run's `lane`). */
  lane?: true;
  readonly grant: (granted: Waiting) => void;
}
