import { reportedSleep } from '../core/run-waits.js';
import type { WaitReporter } from '../core/run-waits.js';
import type { OutlookContactDraft, OutlookContact } from '../core/model.js';
import type { Mailbox, OutlookDelete, OutlookUpdate, SendAgain, WriteOutcome } from '../core/ports.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { GraphContactReads } from './contact-reads.js';
import { createContacts, deleteContacts, updateContacts } from './contact-writes.js';
import type { WriteContext } from './contact-writes.js';
import { RawGraphClient } from './graph-client.js';
import type { FetchLike } from './graph-client.js';
import { abortableSleep } from '../platform/deadline.js';
import { GraphFolders } from './graph-folders.js';
import { GraphTransport, MAX_BATCH } from './graph-transport.js';
import { OUTLOOK_QUOTA, QuotaPacer } from './quota-pacer.js';
import type { QuotaBudgets, QuotaLimits } from './quota-pacer.js';
import { DEFAULT_RETRY } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';

/** @internal */
export type MailboxTarget = { readonly kind: 'me' } | { readonly kind: 'user'; readonly id: string };

export interface GraphMailboxOptions {
  /** Version root: `https://graph.microsoft.com/v1.0`, or the emulator's `http://127.0.0.1:<port>/v1.0`. */
  readonly baseUrl: string;
  /** `me` for delegated tokens (the pane); `user` for app-only tokens (the facade). */
  readonly mailbox: MailboxTarget;
  /** Called for every HTTP request; cache and refresh tokens there (MSAL, client credentials). */
  readonly getToken: () => Promise<string>;
  /** Injected so tests never wait for real; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Hears each deliberate wait (a 429's pause, the quota's pacing, a retry's backoff) as it begins
   * and ends: the run's (core/run-waits.ts), so its progress says why it waits.
   */
  readonly waits?: WaitReporter;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Requests in flight per mailbox (Outlook allows 4 per app and mailbox). */
  readonly maxConcurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Delta page size asked for with `Prefer: odata.maxpagesize` (Graph caps it at 200). */
  readonly deltaPageSize?: number;
  /** Replaces global fetch (tests, the facade's in-process path to the embedded emulator). */
  readonly fetch?: FetchLike;
  /** Per HTTP attempt, in milliseconds (default 60 s, GRAPH_TIMEOUT_MS on the facade). */
  readonly timeoutMs?: number;
  /** The run's signal: Cancel aborts requests in flight and every wait (issue 9 §3). */
  readonly signal?: AbortSignal;
  /**
   * The HTTP stack may send a request again by itself, unseen: a browser does when a reused
   * keep-alive connection closes before any byte of the answer (F34). Every write is then taken
   * as possibly sent before (a 412 or 404 is checked as our own earlier write), and the creates
   * are checked for a second copy afterwards (resent-creates.ts). True in the pane; Node's fetch
   * does not resend a request that was sent.
   */
  readonly silentResends?: boolean;
  /**
   * The host's learned quota budgets (one per process): a mailbox made for a run starts with what
   * earlier runs of the same mailbox learned. Without it the budget lives as long as this object.
   */
  readonly quotaBudgets?: QuotaBudgets;
  /**
   * The mailbox's limits paced by until a quota 429 teaches others, for a mailbox without
   * `quotaBudgets` (those say their own); default Outlook's documented ones, null: none.
   */
  readonly assumedQuota?: QuotaLimits | null;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Mailbox port over Microsoft Graph (or the emulator), through the Graph JS SDK. */
export class GraphMailbox implements Mailbox {
  readonly maxBatch = MAX_BATCH;
  private readonly transport: GraphTransport;
  private readonly limiter: ConcurrencyLimiter;
  private readonly root: string;
  private readonly folders: GraphFolders;
  private readonly reads: GraphContactReads;

  constructor(options: GraphMailboxOptions) {
    const sleep = abortableSleep(options.sleep ?? realSleep, options.signal);
    const now = options.now ?? Date.now;
    // The limiter sleeps only to pause every request after a quota 429 (ConcurrencyLimiter.pause).
    const pause = (ms: number) => reportedSleep(sleep, options.waits, 'outlookThrottled', ms);
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency ?? 4, pause, now);
    const client = new RawGraphClient({
      baseUrl: options.baseUrl,
      getToken: options.getToken,
      onRequest: () => this.transport.countRequest(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const root = options.mailbox.kind === 'me' ? '/me' : `/users/${encodeURIComponent(options.mailbox.id)}`;
    this.transport = new GraphTransport({
      client,
      limiter: this.limiter,
      sleep,
      ...(options.waits ? { waits: options.waits } : {}),
      random: options.random ?? Math.random,
      now,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      silentResends: options.silentResends ?? false,
      // The quota is per app and mailbox: one budget per version root and mailbox path.
      pacer: options.quotaBudgets
        ? options.quotaBudgets.of(`${options.baseUrl}${root}`, now)
        : new QuotaPacer(now, options.assumedQuota === undefined ? OUTLOOK_QUOTA : options.assumedQuota),
    });
    this.root = root;
    this.folders = new GraphFolders(this.transport, this.root);
    this.reads = new GraphContactReads(this.transport, this.root, options.deltaPageSize ?? 200, this.folders);
  }

  stats(): { readonly requests: number; readonly throttled: number } {
    return this.transport.stats();
  }

  /** Highest number of HTTP requests that were in flight at once (benchmark and tests). */
  get peakInFlight(): number {
    return this.limiter.peakInFlight;
  }

  // The mailbox's contact folders (graph-folders.ts), forwarded.
  readonly ensureFolder: Mailbox['ensureFolder'] = (...a) => this.folders.ensureFolder(...a);
  readonly findFolder: Mailbox['findFolder'] = (...a) => this.folders.findFolder(...a);
  readonly folderById: Mailbox['folderById'] = (...a) => this.folders.folderById(...a);
  readonly renameFolder: GraphFolders['renameFolder'] = (...a) => this.folders.renameFolder(...a);
  readonly renameFolderById: Mailbox['renameFolderById'] = (...a) => this.folders.renameById(...a);

  // The contacts' reads (contact-reads.ts), forwarded.
  readonly listContacts: Mailbox['listContacts'] = (...a) => this.reads.listContacts(...a);
  readonly readChanges: Mailbox['readChanges'] = (...a) => this.reads.readChanges(...a);
  readonly folderWithChanges: GraphContactReads['folderWithChanges'] = (...a) =>
    this.reads.folderWithChanges(...a);
  readonly getMany: Mailbox['getMany'] = (...a) => this.reads.getMany(...a);
  readonly findByBcIds: Mailbox['findByBcIds'] = (...a) => this.reads.findByBcIds(...a);
  readonly findByEmails: Mailbox['findByEmails'] = (...a) => this.reads.findByEmails(...a);

  create(
    folderId: string,
    drafts: readonly OutlookContactDraft[],
    again?: SendAgain,
  ): Promise<WriteOutcome<OutlookContact>[]> {
    return createContacts(this.writeContext(folderId), drafts, again);
  }

  update(
    folderId: string,
    updates: readonly OutlookUpdate[],
    again?: SendAgain,
  ): Promise<WriteOutcome<OutlookContact>[]> {
    return updateContacts(this.writeContext(folderId), updates, again);
  }

  delete(
    folderId: string,
    deletes: readonly OutlookDelete[],
    again?: SendAgain,
  ): Promise<WriteOutcome<null>[]> {
    return deleteContacts(this.writeContext(folderId), deletes, again);
  }

  private writeContext(folderId: string): WriteContext {
    return {
      transport: this.transport,
      contactsUrl: this.contactsUrl(folderId),
      getMany: (ids) => this.getMany(folderId, ids),
      findByBcIds: (bcIds) => this.findByBcIds(folderId, bcIds),
      silentResends: this.transport.silentResends,
    };
  }

  private contactsUrl(folderId: string): string {
    return this.reads.contactsUrl(folderId);
  }
}
