import { emailForms, normalizeEmail } from '../core/model.js';
import type { OutlookContact, OutlookContactDraft } from '../core/model.js';
import type {
  KnownVersions,
  MailFolder,
  PageBeat,
  Mailbox,
  MailboxChanges,
  OutlookDelete,
  OutlookUpdate,
  WriteOutcome,
} from '../core/ports.js';
import { runBatched } from './batch-runner.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CONTACT_QUERY, CONTACT_SELECT, fromGraphContact } from './contact-mapping.js';
import { createContacts, deleteContacts, updateContacts } from './contact-writes.js';
import type { WriteContext } from './contact-writes.js';
import { RawGraphClient } from './graph-client.js';
import type { FetchLike, RawResponse } from './graph-client.js';
import { abortableSleep } from '../platform/deadline.js';
import { replayableLink } from './delta-link.js';
import { deltaHeaders, deltaRound } from './graph-delta.js';
import type { DeltaRound } from './graph-delta.js';
import { GraphError, isResyncError, toPortFailure } from './graph-error.js';
import { GraphFolders } from './graph-folders.js';
import { GraphTransport, MAX_BATCH } from './graph-transport.js';
import type { ItemRequest } from './graph-transport.js';
import { DEFAULT_RETRY } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';

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
}

/** What the caller's lease beat threw, carried past the port's own error mapping. */
class CallersError {
  constructor(readonly error: unknown) {}
}

/** The caller's beat between pages: what it throws (its lease was lost) reaches the caller as it is. */
function callersBeat(onPage: PageBeat | undefined): PageBeat | undefined {
  return (
    onPage &&
    (async () => {
      try {
        await onPage();
      } catch (e) {
        throw new CallersError(e);
      }
    })
  );
}

/** A read's failure as the port reports it; the caller's own error unchanged. */
function failureOf(error: unknown): unknown {
  return error instanceof CallersError ? error.error : toPortFailure(error);
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Mailbox port over Microsoft Graph (or the emulator), through the Graph JS SDK. */
export class GraphMailbox implements Mailbox {
  readonly maxBatch = MAX_BATCH;
  private readonly transport: GraphTransport;
  private readonly limiter: ConcurrencyLimiter;
  private readonly root: string;
  private readonly deltaPageSize: number;
  private readonly folders: GraphFolders;

  constructor(options: GraphMailboxOptions) {
    const sleep = abortableSleep(options.sleep ?? realSleep, options.signal);
    const now = options.now ?? Date.now;
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency ?? 4, sleep, now);
    const client = new RawGraphClient({
      baseUrl: options.baseUrl,
      getToken: options.getToken,
      onRequest: () => this.transport.countRequest(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.transport = new GraphTransport({
      client,
      limiter: this.limiter,
      sleep,
      random: options.random ?? Math.random,
      now,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      silentResends: options.silentResends ?? false,
    });
    this.root = options.mailbox.kind === 'me' ? '/me' : `/users/${encodeURIComponent(options.mailbox.id)}`;
    this.deltaPageSize = options.deltaPageSize ?? 200;
    this.folders = new GraphFolders(this.transport, this.root);
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

  async listContacts(folderId: string, onPage?: PageBeat): Promise<OutlookContact[]> {
    const contacts: OutlookContact[] = [];
    const beat = callersBeat(onPage);
    try {
      await this.transport.pages(
        { method: 'GET', url: `${this.contactsUrl(folderId)}?$top=1000&${CONTACT_QUERY}` },
        async (body) => {
          for (const item of (body.value ?? []) as Record<string, unknown>[])
            contacts.push(fromGraphContact(item));
          await beat?.();
        },
      );
    } catch (error) {
      throw failureOf(error);
    }
    return contacts;
  }

  /**
   * `deltaLink` is a stored link: host-neutral as this method returns it (see delta-link.ts), or an
   * absolute link stored before, which is rebased on this mailbox. The link returned is host-neutral.
   */
  async readChanges(
    folderId: string,
    deltaLink: string | null,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<MailboxChanges> {
    const beat = callersBeat(onPage);
    try {
      // A stored link that does not name this folder's delta is not followed (delta-link.ts).
      const replay = deltaLink === null ? null : replayableLink(deltaLink, folderId, this.root);
      if (replay !== null) {
        try {
          return await this.changesOf(
            folderId,
            await deltaRound(this.transport, this.deltaPageSize, replay, beat),
            known,
          );
        } catch (error) {
          // The service forgot this sync state (410 SyncStateNotFound): start over, caller reconciles by id.
          if (!(error instanceof GraphError && isResyncError(error))) throw error;
        }
      }
      return await this.snapshot(folderId, beat);
    } catch (error) {
      throw failureOf(error);
    }
  }

  /** A delta page lacks the extended properties (BC id, fax): what the caller does not hold is read whole by id. */
  private async changesOf(
    folderId: string,
    round: DeltaRound,
    known?: KnownVersions,
  ): Promise<MailboxChanges> {
    const held = known && round.changed.length > 0 ? await known(round.changed) : new Set<string>();
    const changed = await this.getMany(
      folderId,
      round.changed.filter((c) => !held.has(c.id)).map((c) => c.id),
    );
    return { kind: 'changes', changed, removedIds: round.removedIds, deltaLink: round.deltaLink };
  }

  /**
   * The folder list's first page and the delta's first page in one `$batch` (one HTTP request for
   * an idle delta, issue 12 §2). The folder is looked for as `folderById` does (Contacts' children:
   * a deleted one is in Deleted Items); past the first 100 folders the list is read to its end.
   */
  async folderWithChanges(
    folderId: string,
    deltaLink: string,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<{ folder: MailFolder; changes: MailboxChanges } | null> {
    const replay = replayableLink(deltaLink, folderId, this.root);
    if (replay === null) {
      const folder = await this.folderById(folderId);
      return folder && { folder, changes: await this.readChanges(folderId, null, known, onPage) };
    }
    try {
      const [list, delta] = await runBatched<RawResponse | GraphError>(
        this.transport,
        [
          { method: 'GET', url: `${this.root}/contactFolders?$top=100&$select=id,displayName` },
          { method: 'GET', url: replay, headers: deltaHeaders(this.deltaPageSize) },
        ],
        {
          settle: (_i, raw) => ({ done: raw }),
          recoverLost: async () => new Map(),
          giveUp: (_i, error) => error,
        },
      );
      const listed = this.okBody(list);
      const found = ((listed.value ?? []) as { id?: unknown; displayName?: unknown }[]).find(
        (f) => f.id === folderId,
      );
      const folder: MailFolder | null = found
        ? { id: folderId, displayName: typeof found.displayName === 'string' ? found.displayName : '' }
        : typeof listed['@odata.nextLink'] === 'string'
          ? await this.folderById(folderId)
          : null;
      if (!folder) return null;
      if (!(delta instanceof GraphError) && delta?.status === 200) {
        const round = await deltaRound(
          this.transport,
          this.deltaPageSize,
          this.okBody(delta),
          callersBeat(onPage),
        );
        return { folder, changes: await this.changesOf(folderId, round, known) };
      }
      // A forgotten link (410) or a failed page: as readChanges answers it.
      return { folder, changes: await this.readChanges(folderId, deltaLink, known, onPage) };
    } catch (error) {
      throw failureOf(error);
    }
  }

  /** The body of a 200 item answer; the item's error otherwise. */
  private okBody(raw: RawResponse | GraphError | undefined): Record<string, unknown> {
    if (raw instanceof GraphError) throw raw;
    if (!raw || raw.status !== 200)
      throw raw ? this.transport.errorOf(raw) : new GraphError(0, 'NetworkError', 'No answer.');
    return (raw.body ?? {}) as Record<string, unknown>;
  }

  /**
   * A first round: the delta round only yields the link; the contacts come from a list (1000 per
   * page with extended properties, where delta gives 200 without). Listing after the round is
   * safe: anything changed in between is also reported by the next round.
   */
  private async snapshot(folderId: string, onPage?: PageBeat): Promise<MailboxChanges> {
    const url = `${this.contactsUrl(folderId)}/delta?$select=${CONTACT_SELECT}`;
    let round: DeltaRound;
    try {
      round = await deltaRound(this.transport, this.deltaPageSize, url, onPage);
    } catch (error) {
      // A mid-round link can expire too; one fresh start is enough, a second failure is real.
      if (!(error instanceof GraphError && isResyncError(error))) throw error;
      round = await deltaRound(this.transport, this.deltaPageSize, url, onPage);
    }
    const contacts = await this.listContacts(folderId, onPage);
    return { kind: 'snapshot', contacts, deltaLink: round.deltaLink };
  }

  /** Complete contacts by id, 20 GETs per $batch; ids no longer in the folder are left out. */
  async getMany(folderId: string, ids: readonly string[]): Promise<OutlookContact[]> {
    if (ids.length === 0) return [];
    const requests: ItemRequest[] = ids.map((id) => ({
      method: 'GET',
      url: `${this.contactsUrl(folderId)}/${encodeURIComponent(id)}?${CONTACT_QUERY}`,
    }));
    const results = await runBatched<OutlookContact | null | GraphError>(this.transport, requests, {
      settle: (_i, raw) => {
        if (raw.status === 200)
          return { done: fromGraphContact((raw.body ?? {}) as Record<string, unknown>) };
        if (raw.status === 404) return { done: null };
        return { done: this.transport.errorOf(raw) };
      },
      // Reads are safe to resend.
      recoverLost: async () => new Map(),
      giveUp: (_i, error) => error,
    });
    const failure = results.find((r): r is GraphError => r instanceof GraphError);
    if (failure) throw toPortFailure(failure);
    return results.filter((r): r is OutlookContact => r !== null && !(r instanceof GraphError));
  }

  /** Graph cannot filter on extended property values for contacts: list with the expand, filter here. */
  async findByBcIds(folderId: string, bcIds: readonly string[]): Promise<OutlookContact[]> {
    const wanted = new Set(bcIds.filter((b) => b !== ''));
    if (wanted.size === 0) return [];
    return (await this.listContacts(folderId)).filter((c) => c.bcId !== '' && wanted.has(c.bcId));
  }

  /** One `emailAddresses/any(a:a/address eq …)` list per address, 20 to a $batch. */
  async findByEmails(folderId: string, emails: readonly string[]): Promise<OutlookContact[]> {
    // Graph compares the address as a string: ask for both forms of an IDN domain (F57).
    const wanted = [...new Set(emails.flatMap(emailForms))];
    if (wanted.length === 0) return [];
    const requests: ItemRequest[] = wanted.map((email) => {
      const filter = encodeURIComponent(
        `emailAddresses/any(a:a/address eq '${email.replaceAll("'", "''")}')`,
      );
      return {
        method: 'GET',
        url: `${this.contactsUrl(folderId)}?$filter=${filter}&$top=1000&${CONTACT_QUERY}`,
      };
    });
    const results = await runBatched<OutlookContact[] | GraphError>(this.transport, requests, {
      settle: (_i, raw) => {
        if (raw.status !== 200) return { done: this.transport.errorOf(raw) };
        const items = ((raw.body as { value?: unknown[] } | null)?.value ?? []) as Record<string, unknown>[];
        return { done: items.map(fromGraphContact) };
      },
      recoverLost: async () => new Map(),
      giveUp: (_i, error) => error,
    });
    const failure = results.find((r): r is GraphError => r instanceof GraphError);
    if (failure) throw toPortFailure(failure);
    const byId = new Map<string, OutlookContact>();
    for (const r of results) if (!(r instanceof GraphError)) for (const c of r) byId.set(c.id, c);
    const keys = new Set(wanted);
    return [...byId.values()].filter((c) =>
      c.emailAddresses.some((e) => keys.has(normalizeEmail(e.address))),
    );
  }

  create(folderId: string, drafts: readonly OutlookContactDraft[]): Promise<WriteOutcome<OutlookContact>[]> {
    return createContacts(this.writeContext(folderId), drafts);
  }

  update(folderId: string, updates: readonly OutlookUpdate[]): Promise<WriteOutcome<OutlookContact>[]> {
    return updateContacts(this.writeContext(folderId), updates);
  }

  delete(folderId: string, deletes: readonly OutlookDelete[]): Promise<WriteOutcome<null>[]> {
    return deleteContacts(this.writeContext(folderId), deletes);
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
    return `${this.root}/contactFolders/${encodeURIComponent(folderId)}/contacts`;
  }
}
