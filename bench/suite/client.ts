/** What one client run gets and reports: ours and the two reference clients share this shape. */
export interface ClientInput {
  readonly mode: 'full' | 'delta';
  readonly graphUrl: string;
  readonly graphToken: string;
  readonly facadeUrl: string;
  readonly facadeToken: string;
  readonly companyId: string;
  /** The user and mailbox (app-only access names the mailbox by UPN). */
  readonly upn: string;
  readonly databaseUrl: string;
  /** Where a reference client keeps its state between runs (BC's tables, in their algorithms). */
  readonly stateFile: string;
  /** Wall-time budget in ms (reference clients stop when it is spent); 0 = none. */
  readonly budgetMs: number;
}

export interface ClientResult {
  readonly status: string;
  /** Contacts written successfully, both sides. */
  readonly written: number;
  readonly detail: string;
  /** HTTP requests sent to Graph, as the client counted them ($batch envelopes count once). */
  readonly graphRequests: number;
  readonly throttled: number;
  readonly bcRequests: number;
  /** Calls on the SyncStateStore port (ours only; the reference clients keep BC-table state). */
  readonly storeCalls: number | null;
  /** The run stopped because its budget was spent. */
  readonly stopped: boolean;
  readonly errors: number;
}

export interface MeasuredResult extends ClientResult {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssIdle: number;
  /** Peak resident memory of the client process during the run, over its idle baseline. */
  readonly rssPeakOverIdle: number;
  readonly peakExact: boolean;
}

/** Budget checks for the reference clients: they stop between calls once the budget is spent. */
export class Budget {
  private readonly until: number;
  stopped = false;
  constructor(ms: number) {
    this.until = ms > 0 ? performance.now() + ms : Infinity;
  }
  spent(): boolean {
    if (performance.now() > this.until) this.stopped = true;
    return this.stopped;
  }
}
