export interface MailboxCounters {
  requests: number;
  batchItems: number;
  throttled: number;
}

export interface CountersSnapshot extends MailboxCounters {
  faults: number;
  byMailbox: Record<string, MailboxCounters>;
}

/**
 * What benchmarks and tests read back: `requests` = HTTP requests on the Graph API (a $batch
 * envelope counts once), `batchItems` = sub-requests inside batches, `throttled` = 429s from the
 * limits (not injected ones), `faults` = injected faults of any kind.
 */
export class Counters {
  private totals = { requests: 0, batchItems: 0, throttled: 0, faults: 0 };
  /**
   * Keyed by mailbox id, which an app-only caller names in the path (`/users/{id}`): a Map, not a
   * plain object. `byMailbox['__proto__'] ??= {...}` answered Object.prototype, and its `requests++`
   * put an enumerable `requests` on every object of the process (prom-client's GC observer then
   * threw at the next collection, uncaught: the server exited).
   */
  private byMailbox = new Map<string, MailboxCounters>();

  reset(): void {
    this.totals = { requests: 0, batchItems: 0, throttled: 0, faults: 0 };
    this.byMailbox = new Map();
  }

  private mailbox(id: string): MailboxCounters {
    let counters = this.byMailbox.get(id);
    if (!counters) this.byMailbox.set(id, (counters = { requests: 0, batchItems: 0, throttled: 0 }));
    return counters;
  }

  httpRequest(): void {
    this.totals.requests++;
  }

  /** A call that reached a mailbox: a top-level request or one batch item. */
  mailboxCall(id: string, isBatchItem: boolean): void {
    if (isBatchItem) {
      this.totals.batchItems++;
      this.mailbox(id).batchItems++;
    } else this.mailbox(id).requests++;
  }

  throttled(id: string): void {
    this.totals.throttled++;
    this.mailbox(id).throttled++;
  }

  fault(): void {
    this.totals.faults++;
  }

  snapshot(): CountersSnapshot {
    // Object.fromEntries defines each id as an own property, `__proto__` included.
    return {
      ...this.totals,
      byMailbox: Object.fromEntries([...this.byMailbox].map(([id, c]) => [id, { ...c }])),
    };
  }
}
