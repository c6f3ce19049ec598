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

/**
 * A small counting semaphore: a batch runs at most this many of its own items at once. It keeps
 * the emulator's clock too: a slot is free from when its last call ended (that call's deadline,
 * not when its timer fired or its write was done), and a call starts on it then, or when the call
 * became ready if that is later — so a batch's rounds follow one another at the latency, like the
 * slots of the bound (bench/suite/bound.ts), whatever the emulator's own work between them.
 */
export class Semaphore {
  /** When each idle slot became free; a slot never used has been free forever. */
  private readonly idle: number[];
  private readonly waiters: ((freedAt: number) => void)[] = [];

  constructor(limit: number) {
    this.idle = Array.from({ length: limit }, () => -Infinity);
  }

  /** Runs `task` on a slot, from `readyAt` or when the slot frees if later; its result says when it ended. */
  async run<T extends { endedAt: number }>(
    readyAt: number,
    task: (startedAt: number) => Promise<T>,
  ): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so newcomers cannot overtake.
    const freedAt =
      this.idle.length > 0
        ? this.takeEarliest()
        : await new Promise<number>((resolve) => this.waiters.push(resolve));
    const startedAt = Math.max(readyAt, freedAt);
    let endedAt = startedAt;
    try {
      const result = await task(startedAt);
      endedAt = Math.max(startedAt, result.endedAt);
      return result;
    } finally {
      const next = this.waiters.shift();
      if (next) next(endedAt);
      else this.idle.push(endedAt);
    }
  }

  private takeEarliest(): number {
    let best = 0;
    for (let i = 1; i < this.idle.length; i++)
      if ((this.idle[i] as number) < (this.idle[best] as number)) best = i;
    return this.idle.splice(best, 1)[0] as number;
  }
}
