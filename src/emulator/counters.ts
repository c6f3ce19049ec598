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
  private totals: CountersSnapshot = Counters.empty();

  private static empty(): CountersSnapshot {
    return { requests: 0, batchItems: 0, throttled: 0, faults: 0, byMailbox: {} };
  }

  reset(): void {
    this.totals = Counters.empty();
  }

  private mailbox(id: string): MailboxCounters {
    return (this.totals.byMailbox[id] ??= { requests: 0, batchItems: 0, throttled: 0 });
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
    return structuredClone(this.totals);
  }
}
