import { concurrencyThrottled, tooManyRequests } from './errors.js';
import type { ThrottlingConfig } from './options.js';

/** Timestamps of admitted requests inside the window, oldest first (a queue with a moving head). */
interface RequestLog {
  times: number[];
  head: number;
}

/**
 * Outlook's per app + mailbox limits: a sliding request window and a concurrency cap. Time comes
 * from the injected clock so tests can compress or jump windows.
 */
export class Throttle {
  private readonly logs = new Map<string, RequestLog>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly config: ThrottlingConfig,
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.logs.clear();
    // In-flight counts belong to requests still running; they release their own slots.
  }

  /** Admits one request against the window or throws 429 with the seconds until a slot frees. */
  admit(key: string): void {
    if (!this.config.enabled) return;
    const now = this.now();
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = { times: [], head: 0 }));
    const windowStart = now - this.config.windowMs;
    while (log.head < log.times.length && (log.times[log.head] ?? Infinity) <= windowStart) log.head++;
    if (log.head > 1024 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.head = 0;
    }
    if (log.times.length - log.head >= this.config.quota) {
      const oldest = log.times[log.head] ?? now;
      throw tooManyRequests((oldest + this.config.windowMs - now) / 1000);
    }
    log.times.push(now);
  }

  /** Takes a concurrency slot or throws ApplicationThrottled; call the returned function when done. */
  acquire(key: string): () => void {
    if (!this.config.enabled) return () => {};
    const held = this.inFlight.get(key) ?? 0;
    if (held >= this.config.concurrency) {
      throw concurrencyThrottled(this.config.concurrencyRetryAfterSeconds);
    }
    this.inFlight.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
  }
}

/** A small counting semaphore: a batch runs at most this many of its own items at once. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so newcomers cannot overtake.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    }
  }
}
