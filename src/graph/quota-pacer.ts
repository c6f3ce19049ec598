/**
 * Paces Graph calls to the mailbox's request quota before Outlook refuses them. Outlook allows a
 * number of requests per app and mailbox in a sliding window (10,000 per 10 minutes,
 * graph-and-office-contracts.md §5) and says neither number in its answers; the pacer learns both
 * from the first quota 429 and its Retry-After:
 * - quota  = the calls admitted so far (the window was full when the 429 came);
 * - window = the 429's time + Retry-After − the first admitted call's send time (the oldest call
 *   leaves the window then).
 * From then on call k may start no earlier than call k − quota was admitted plus the window, so a
 * long run sends as fast as the window frees up instead of meeting a 429 for every slot that has
 * not. A later quota 429 (another client shares the mailbox) lowers the learned quota to the calls
 * of ours the window still holds. Without a 429 nothing is paced. A 429 after fewer than
 * MIN_QUOTA admitted calls is no window quota (Outlook's is 10,000) and teaches nothing, and what
 * was learned is forgotten FORGET_AFTER windows after the last quota 429: a 429 of another cause
 * cannot slow a mailbox for good.
 */
const MIN_QUOTA = 100;
const FORGET_AFTER = 5;

export class QuotaPacer {
  /** When each admitted call was answered (ms, ascending); only the last `quota` are kept once learned. */
  private admitted: number[] = [];
  private head = 0;
  private firstSent: number | null = null;
  private quota: number | null = null;
  private windowMs: number | null = null;
  private lastThrottle = 0;

  constructor(private readonly now: () => number) {}

  /** The learned limits, for tests and the run record; null until the first quota 429. */
  get learned(): { readonly quota: number; readonly windowMs: number } | null {
    return this.quota !== null && this.windowMs !== null
      ? { quota: this.quota, windowMs: this.windowMs }
      : null;
  }

  /** `count` calls sent at `sentAt` were admitted (answered with anything but a 429). */
  onAdmitted(sentAt: number, count = 1): void {
    if (count <= 0) return;
    this.firstSent ??= sentAt;
    const at = this.now();
    for (let i = 0; i < count; i++) this.admitted.push(at);
    this.trim();
  }

  /** A quota 429 (not a concurrency one) answered at now with Retry-After `retryAfterMs`. */
  onQuotaThrottle(retryAfterMs: number): void {
    const now = this.now();
    this.expire();
    this.lastThrottle = now;
    const frees = now + Math.max(0, retryAfterMs);
    const live = this.admitted.length - this.head;
    if (this.windowMs === null) {
      if (this.firstSent === null || live < MIN_QUOTA) return;
      this.windowMs = frees - this.firstSent;
      this.quota = live;
      this.trim();
      return;
    }
    // Calls of ours the window still holds: those answered after (frees − window).
    const since = frees - this.windowMs;
    let held = 0;
    for (let i = this.admitted.length - 1; i >= this.head && (this.admitted[i] as number) > since; i--)
      held++;
    if (held > 0 && held < (this.quota ?? Infinity)) this.quota = held;
  }

  /** How long to wait before `count` more calls fit in the learned window (0 when nothing is learned). */
  delayFor(count: number): number {
    this.expire();
    if (this.quota === null || this.windowMs === null) return 0;
    const live = this.admitted.length - this.head;
    // The call that must have left the window before the last of these `count` may start.
    const index = live + count - 1 - this.quota;
    if (index < 0) return 0;
    const at = this.admitted[this.head + Math.min(index, live - 1)] as number;
    return Math.max(0, at + this.windowMs - this.now());
  }

  private expire(): void {
    if (this.windowMs === null || this.now() <= this.lastThrottle + FORGET_AFTER * this.windowMs) return;
    this.admitted = [];
    this.head = 0;
    this.firstSent = null;
    this.quota = null;
    this.windowMs = null;
  }

  private trim(): void {
    if (this.quota === null) return;
    const excess = this.admitted.length - this.head - this.quota;
    if (excess > 0) this.head += excess;
    if (this.head > 4096 && this.head * 2 > this.admitted.length) {
      this.admitted = this.admitted.slice(this.head);
      this.head = 0;
    }
  }
}
