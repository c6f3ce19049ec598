import { byCodePoint } from '../pure/code-point-order.js';
import { assertStorableText, assertUniqueBatch } from '../core/state-refusal.js';
import type { Link } from '../core/link.js';
import type {
  ConflictEntry,
  LeaseFence,
  LeaseHolder,
  LeaseResult,
  LinkKeys,
  RunEnd,
  SkipEntry,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from '../core/ports.js';
import type { RunRecord, SyncSettings } from '../core/records.js';
import { STATE_REQUEST_LIMITS as L, pageLimit } from '../core/state-limits.js';
import type { Page, PageRequest } from '../core/state-limits.js';
import { SyncApiCaller, SyncApiError } from './sync-api-call.js';
import { checkedWalk, refusalLog } from '../platform/page-walk.js';
import type { Query, SyncApiCallOptions } from './sync-api-call.js';
import { jsonBytes, requestChunks } from './request-chunks.js';

/** Room left in a body for what surrounds its lists (the other members, the braces). */
const ENVELOPE_BYTES = 64 * 1024;
const LINK_BYTES = L.linkBytes - ENVELOPE_BYTES;
const ENTRY_BYTES = L.entryBytes - ENVELOPE_BYTES;
const idChunks = (ids: readonly string[]) => requestChunks(ids, L.ids, ENTRY_BYTES);

/** Where the sync API is, and (SyncApiCallOptions) each request's deadline and the run's signal. */
export interface HttpSyncStateStoreOptions extends SyncApiCallOptions {
  /** The sync API root, e.g. `https://localhost:3000/sync/v1`. */
  readonly baseUrl: string;
  /** A bearer token for the facade (MSAL in the pane, the dev issuer in tests). */
  readonly getToken: () => Promise<string> | string;
  /** Defaults to the global fetch (browser and Node 20+). */
  readonly fetch?: typeof fetch;
  /** Links per upsert request (the server takes at most 1000, and 4 MiB). */
  readonly linkChunkSize?: number;
  /** Entries per page when listing links, conflicts and skipped entries (at most 1,000). */
  readonly pageSize?: number;
}

/**
 * `SyncStateStore` over the facade's `/sync/v1/state` routes, so the pane's in-browser engine keeps
 * its links and run state where the scheduled runs find them. Uses only fetch; a refused value is a
 * `StateStoreRefusal` (as in every store), every other failure a `SyncApiError`. Every list goes in
 * requests within STATE_REQUEST_LIMITS (F112): each request is atomic, a list sent in several is not
 * (as upsertLinks always was); a batch's duplicates are refused up front, since chunks could split them.
 */
export class HttpSyncStateStore implements SyncStateStore {
  private readonly api: SyncApiCaller;
  private readonly chunk: number;
  private readonly pageSize: number;
  /** The lease this view's writes are fenced by (`fenced`); null: unfenced. */
  private fence: LeaseFence | null = null;

  constructor(options: HttpSyncStateStoreOptions) {
    this.api = new SyncApiCaller(options.baseUrl, options.getToken, options.fetch, options);
    this.chunk = Math.min(1000, Math.max(1, options.linkChunkSize ?? 500));
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  }

  async getSettings(userId: string): Promise<SyncSettings | null> {
    return (await this.call<{ settings: SyncSettings | null }>('GET', '/state/settings', { userId }))
      .settings;
  }

  async putSettings(userId: string, settings: SyncSettings): Promise<void> {
    await this.call('PUT', '/state/settings', { userId }, settings);
  }

  async getCursor(scope: SyncScope): Promise<SyncCursor | null> {
    return (await this.call<{ cursor: SyncCursor | null }>('GET', '/state/cursor', q(scope))).cursor;
  }

  async putCursor(scope: SyncScope, cursor: SyncCursor): Promise<void> {
    await this.call('PUT', '/state/cursor', this.w(q(scope)), cursor);
  }

  async listLinks(scope: SyncScope): Promise<Link[]> {
    return this.every((page) => this.pageLinks(scope, page));
  }

  async pageLinks(scope: SyncScope, page: PageRequest): Promise<Page<Link>> {
    return this.page<Link>('/state/links', 'links', scope, page);
  }

  /** Ids go in requests of at most `linkChunkSize` ids; links found by both keys come once. */
  async findLinks(scope: SyncScope, keys: LinkKeys): Promise<Link[]> {
    const found = new Map<string, Link>();
    const ask = async (bcIds: readonly string[], outlookIds: readonly string[]) => {
      const r = await this.call<{ links: Link[] }>('POST', '/state/links/find', q(scope), {
        bcIds,
        outlookIds,
      });
      for (const l of r.links) found.set(l.bcId, l);
    };
    for (let i = 0; i < keys.bcIds.length; i += this.chunk)
      await ask(keys.bcIds.slice(i, i + this.chunk), []);
    for (let i = 0; i < keys.outlookIds.length; i += this.chunk)
      await ask([], keys.outlookIds.slice(i, i + this.chunk));
    return [...found.values()].sort((a, b) => byCodePoint(a.bcId, b.bcId));
  }

  async countLinks(scope: SyncScope): Promise<number> {
    return (await this.call<{ count: number }>('GET', '/state/links/count', q(scope))).count;
  }

  /**
   * Sent in chunks; each chunk is atomic, the whole batch is not. Duplicates are refused up front
   * with the stores' refusal (`duplicateInBatch`), since chunks could otherwise split them.
   */
  async upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void> {
    assertUniqueBatch(links, ['bcId', 'outlookId']);
    for (const chunk of requestChunks(links, this.chunk, LINK_BYTES))
      await this.call('POST', '/state/links', this.w(q(scope)), { links: chunk });
  }

  async deleteLinks(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    for (const chunk of idChunks(bcIds))
      await this.call('POST', '/state/links/delete', this.w(q(scope)), { bcIds: chunk });
  }

  async addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    for (const chunk of idChunks(bcIds))
      await this.call('POST', '/state/pending-creates', this.w(q(scope)), { bcIds: chunk });
  }

  async listPendingCreates(scope: SyncScope): Promise<string[]> {
    return this.every((page) => this.pagePendingCreates(scope, page));
  }

  async pagePendingCreates(scope: SyncScope, page: PageRequest): Promise<Page<string>> {
    return this.page<string>('/state/pending-creates', 'bcIds', scope, page);
  }

  async clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    for (const chunk of idChunks(bcIds))
      await this.call('POST', '/state/pending-creates/clear', this.w(q(scope)), { bcIds: chunk });
  }

  /** The facade's /lease/acquire marks interrupted runs (issue 9 §4): no extra request here. */
  readonly marksInterruptedOnLease = true;

  async acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    _holder?: LeaseHolder | null,
    take?: string,
  ): Promise<LeaseResult> {
    const r = await this.call<LeaseResult>(
      'POST',
      '/state/lease/acquire',
      {},
      {
        key,
        owner,
        now,
        ttlMs,
        ...(take === undefined ? {} : { take }),
      },
    );
    // The port's result: the answer's `expiresAt` (on the facade's clock) is for its replays.
    return r.ok ? { ok: true, ...(r.place === undefined ? {} : { place: r.place }) } : r;
  }

  async renewLease(key: string, owner: string, now: string, ttlMs: number, take?: string): Promise<boolean> {
    const body = { key, owner, now, ttlMs, ...(take === undefined ? {} : { take }) };
    return (await this.call<{ ok: boolean }>('POST', '/state/lease/renew', {}, body)).ok;
  }

  async releaseLease(key: string, owner: string, take?: string): Promise<void> {
    await this.letGo(key, owner, take, this.writesInFlight);
  }

  /** The release route with writes in flight: the facade keeps the lease for its settle (SyncStateStore). */
  async releaseInFlight(key: string, owner: string, take?: string): Promise<void> {
    await this.letGo(key, owner, take, true);
  }

  /** The release route; `inFlight`: the facade keeps the lease until the holder's writes can no longer land. */
  protected async letGo(
    key: string,
    owner: string,
    take: string | undefined,
    inFlight: boolean,
  ): Promise<void> {
    await this.call(
      'POST',
      '/state/lease/release',
      {},
      {
        key,
        owner,
        ...(take === undefined ? {} : { take }),
        ...(inFlight ? { inFlight: true } : {}),
      },
    );
  }

  /**
   * Writes this store's holder sent may be unanswered (its calls aborted: the pane going away):
   * its releases say so, and the facade keeps the lease until they can no longer land.
   */
  protected writesInFlight = false;

  /**
   * Writes name the fence (`leaseKey`, `leaseOwner`): the facade checks it at its store with the
   * write, and a write whose run lost the lease comes back as LeaseLostError (409 `LeaseLost`).
   */
  fenced(fence: LeaseFence): SyncStateStore {
    const view = Object.create(this) as HttpSyncStateStore;
    view.fence = fence;
    return view;
  }

  /**
   * The sync API's routes, in the port's order: the links, the cursor and the record each fenced by the facade
   * (the first refused throws LeaseLostError before anything else is sent), then the release. Not
   * one transaction as in the SQL store: a record refused after its cursor landed leaves the cursor
   * moved, as the separate calls did before.
   */
  async endRun(end: RunEnd): Promise<void> {
    // What every store refuses is refused before the first request: a refusal stores nothing.
    assertStorableText([end.cursor ?? null, end.run]);
    const writer = this.fenced(end.fence);
    // The links before the cursor, as the run stored them before it ended (nothing here is one
    // transaction: a cursor stored ahead of its links would skip their changes for good).
    if (end.links) {
      const { scope, upserts, deletes, clearPending } = end.links;
      if (upserts.length > 0) await writer.upsertLinks(scope, upserts);
      if (deletes.length > 0) await writer.deleteLinks(scope, deletes);
      if (clearPending.length > 0) await writer.clearPendingCreates(scope, clearPending);
    }
    if (end.cursor) await writer.putCursor(end.cursor.scope, end.cursor.next);
    await writer.saveRun(end.run);
    // Writes the run sent may land still (RunEnd.keepMs: the pane's Cancel aborted them): the
    // facade keeps the lease for its own settle, which knows its timeouts and the pane's.
    await this.letGo(end.fence.key, end.fence.owner, undefined, this.writesInFlight || (end.keepMs ?? 0) > 0);
  }

  /** A write's query with the fence, when this view has one. */
  private w(query: Query): Query {
    return this.fence ? { ...query, leaseKey: this.fence.key, leaseOwner: this.fence.owner } : query;
  }

  async saveRun(run: RunRecord): Promise<void> {
    // The create turn the run's BC creates go under (LeaseFence.turn): the facade keeps it with the
    // lease while the record counts creates out (state-runs.ts), as the SQL and memory stores do.
    const turn = this.fence?.turn;
    const query = turn ? this.w({ turnKey: turn.key, turnOwner: turn.owner }) : this.w({});
    await this.call('PUT', `/state/runs/${encodeURIComponent(run.id)}`, query, run);
  }

  async getRun(userId: string, runId: string): Promise<RunRecord | null> {
    return (
      await this.call<{ run: RunRecord | null }>('GET', `/state/runs/${encodeURIComponent(runId)}`, {
        userId,
      })
    ).run;
  }

  async listRuns(userId: string, limit: number): Promise<RunRecord[]> {
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return [];
    return (
      await this.call<{ runs: RunRecord[] }>('GET', '/state/runs', { userId, limit: Math.min(n, 1000) })
    ).runs;
  }

  async listConflicts(scope: SyncScope): Promise<ConflictEntry[]> {
    return this.every((page) => this.pageConflicts(scope, page));
  }

  async pageConflicts(scope: SyncScope, page: PageRequest): Promise<Page<ConflictEntry>> {
    return this.page<ConflictEntry>('/state/conflicts', 'conflicts', scope, page);
  }

  async putConflicts(
    scope: SyncScope,
    upserts: readonly ConflictEntry[],
    remove: readonly string[],
  ): Promise<void> {
    assertUniqueBatch(upserts, ['bcId']);
    await entriesThenRemovals(upserts, remove, false, (part, drops) =>
      this.call('POST', '/state/conflicts', this.w(q(scope)), { upserts: part, remove: drops }),
    );
  }

  async listSkipped(scope: SyncScope): Promise<SkipEntry[]> {
    return this.every((page) => this.pageSkipped(scope, page));
  }

  async pageSkipped(scope: SyncScope, page: PageRequest): Promise<Page<SkipEntry>> {
    return this.page<SkipEntry>('/state/skipped', 'skipped', scope, page);
  }

  /** One page of a list route (`{<name>: [...], next}`, keyset by `after`). */
  private async page<T>(path: string, name: string, scope: SyncScope, page: PageRequest): Promise<Page<T>> {
    const r = await this.call<Record<string, unknown> & { next: string | null }>('GET', path, {
      ...q(scope),
      after: page.after,
      limit: pageLimit(page.limit),
    });
    return { items: r[name] as T[], next: r.next };
  }

  /** Every entry of a paged list, `pageSize` a request. */
  private async every<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
    const all: T[] = [];
    // The facade's cursors: none twice, at most MAX_PAGES (platform/page-walk.ts).
    const walk = checkedWalk(null, (r) => new SyncApiError(502, r.code, refusalLog(r)));
    let after: string | undefined;
    for (;;) {
      const page = await read({ limit: this.pageSize, ...(after !== undefined ? { after } : {}) });
      all.push(...page.items);
      if (page.next === null) return all;
      walk.check(page.next);
      after = page.next;
    }
  }

  async putSkipped(
    scope: SyncScope,
    entries: readonly SkipEntry[],
    options: { readonly replace: boolean; readonly remove?: readonly string[] },
  ): Promise<void> {
    assertUniqueBatch(entries, ['key']);
    // Only the first request replaces; the rest add to it, then the removals (the port's order).
    await entriesThenRemovals(entries, options.remove ?? [], options.replace, (part, drops, first) =>
      this.call('POST', '/state/skipped', this.w(q(scope)), {
        entries: part,
        replace: first && options.replace,
        remove: drops,
      }),
    );
  }

  private call<T = void>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    return this.api.call<T>(method, path, query, body);
  }
}

/**
 * Upserts, then removals — the order every store applies them in — in as few requests as the limits
 * allow: one (atomic, as before F112) when both fit; else the entries' chunks, then the removals'.
 * `always`: send one request even when both lists are empty (a replace with nothing clears).
 */
async function entriesThenRemovals<E>(
  entries: readonly E[],
  remove: readonly string[],
  always: boolean,
  send: (entries: readonly E[], remove: readonly string[], first: boolean) => Promise<unknown>,
): Promise<void> {
  const parts = requestChunks(entries, L.entries, ENTRY_BYTES);
  const drops = idChunks(remove);
  if (parts.length <= 1 && drops.length <= 1 && jsonBytes(entries) + jsonBytes(remove) <= ENTRY_BYTES) {
    if (always || entries.length + remove.length > 0) await send(entries, remove, true);
    return;
  }
  let first = true;
  for (const part of parts) {
    await send(part, [], first);
    first = false;
  }
  for (const part of drops) {
    await send([], part, first);
    first = false;
  }
}

function q(scope: SyncScope): Query {
  return { userId: scope.userId, folderId: scope.folderId };
}
