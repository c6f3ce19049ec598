import { isDeepStrictEqual } from 'node:util';
import type { Link } from '../core/link.js';
import type {
  ConflictEntry,
  LeaseFence,
  LeaseHolder,
  LeaseResult,
  LinkKeys,
  RunEnd,
  RunOpening,
  RunOpeningRequest,
  SkipEntry,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from '../core/ports.js';
import type { RunRecord, SyncSettings } from '../core/records.js';
import { byCodePoint } from '../pure/code-point-order.js';
import { KeyedListsStore } from '../core/keyed-lists-store.js';
import type { KeyedListWrite, KeyedScopeList } from '../core/keyed-lists-store.js';
import { fencedWrites, leaseLost } from '../core/lease-fence.js';
import { announcedKeepEndMs, announcedTurnKeepEndMs } from '../store/announced-keep.js';
import { CancelRequestedError } from '../core/run-errors.js';
import type { CancelMarkAnswer } from '../core/run-cancel-marks.js';
import { leaseKeyOf } from '../core/lease.js';
import { toIso } from '../store/sql-helpers.js';
import { settingsInTextForm } from '../core/settings-rules.js';
import {
  assertRoomInScope,
  assertStorableText,
  assertWritableBatch,
  outlookIdTaken,
} from '../core/state-refusal.js';
import { STATE_LIMITS, pageOf } from '../core/state-limits.js';
import type { Page, PageRequest, ScopeCaps, ScopeList } from '../core/state-limits.js';

/**
 * An in-memory `SyncStateStore` for tests, as strict as the SQL store: values are copied in and
 * out (a caller mutating what it passed or got back never changes stored state), and the same
 * inputs are refused with the same messages (duplicate keys in a batch, an Outlook id already
 * linked to another BC contact, a run id owned by another user, a timestamp that is not ISO 8601,
 * text PostgreSQL cannot store).
 */
export class MemorySyncStateStore extends KeyedListsStore implements SyncStateStore {
  private readonly settings = new Map<string, SyncSettings>();
  private readonly cursors = new Map<string, SyncCursor>();
  private readonly links = new Map<string, Map<string, Link>>();
  private readonly pending = new Map<string, Set<string>>();
  private readonly leases = new Map<string, { owner: string; expiresMs: number; take: string | null }>();
  private readonly runs = new Map<string, RunRecord>();
  /** The company each user's state belongs to, lower case: claimed once (SyncStateStore.getStateCompany). */
  private readonly stateCompanies = new Map<string, string>();
  /** Runs whose cancel was asked (runKey), as `sync_runs.cancel_requested_at` keeps it. */
  private readonly cancelAsked = new Set<string>();
  protected readonly conflicts: ScopeLists<'bcId', ConflictEntry>;
  protected readonly skipped: ScopeLists<'key', SkipEntry>;
  private readonly caps: ScopeCaps;

  /**
   * `caps`: entries per scope and list (default STATE_LIMITS.perScope; tests lower them).
   * `opensRuns`: the store has `openRun` (as the SQL store), so a run opens in one call; without
   * it a run reads its settings, records and cursor and takes its lease by the calls a test can
   * hook one by one (as over HTTP).
   */
  constructor(options: { readonly caps?: ScopeCaps; readonly opensRuns?: boolean } = {}) {
    super();
    this.caps = options.caps ?? STATE_LIMITS.perScope;
    if (options.opensRuns === true)
      this.openRun = (request) => openRunIn(this, request, (key) => this.leases.has(key));
    this.conflicts = new ScopeLists('conflicts', 'bcId', this.caps.conflicts);
    this.skipped = new ScopeLists('skipped', 'key', this.caps.skipped);
  }

  async getSettings(userId: string): Promise<SyncSettings | null> {
    return copy(this.settings.get(userId) ?? null);
  }

  async putSettings(userId: string, settings: SyncSettings): Promise<void> {
    assertStorableText([userId, settings]);
    this.settings.set(userId, copy(settingsInTextForm(settings)));
  }

  async getCursor(scope: SyncScope): Promise<SyncCursor | null> {
    return copy(this.cursors.get(scopeKey(scope)) ?? null);
  }

  async putCursor(scope: SyncScope, cursor: SyncCursor): Promise<void> {
    assertStorableText([scope, cursor]);
    this.cursors.set(scopeKey(scope), copy(cursor));
  }

  async listLinks(scope: SyncScope): Promise<Link[]> {
    return sortedValues(this.links.get(scopeKey(scope))).map(copy);
  }

  async pageLinks(scope: SyncScope, page: PageRequest): Promise<Page<Link>> {
    return pageCopy(this.links.get(scopeKey(scope)), page);
  }

  async findLinks(scope: SyncScope, keys: LinkKeys): Promise<Link[]> {
    const m = this.links.get(scopeKey(scope));
    if (!m) return [];
    const found = new Map<string, Link>();
    for (const id of keys.bcIds) {
      const l = m.get(id);
      if (l) found.set(l.bcId, l);
    }
    if (keys.outlookIds.length > 0) {
      const wanted = new Set(keys.outlookIds);
      for (const l of m.values()) if (wanted.has(l.outlookId)) found.set(l.bcId, l);
    }
    return sortedValues(found).map(copy);
  }

  async countLinks(scope: SyncScope): Promise<number> {
    return this.links.get(scopeKey(scope))?.size ?? 0;
  }

  async upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void> {
    putLinks(this.links, this.caps.links, scope, links);
  }

  async deleteLinks(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    const m = this.links.get(scopeKey(scope));
    for (const id of bcIds) m?.delete(id);
  }

  async addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    assertStorableText([scope, bcIds]);
    const key = scopeKey(scope);
    const set = this.pending.get(key) ?? new Set<string>();
    const added = new Set(bcIds.filter((id) => !set.has(id))).size;
    assertRoomInScope('pending', set.size, set.size + added, this.caps.pending);
    for (const id of bcIds) set.add(id);
    this.pending.set(key, set);
  }

  async listPendingCreates(scope: SyncScope): Promise<string[]> {
    return [...(this.pending.get(scopeKey(scope)) ?? [])].sort(byCodePoint);
  }

  async pagePendingCreates(scope: SyncScope, page: PageRequest): Promise<Page<string>> {
    return pageOf(await this.listPendingCreates(scope), (id) => id, page);
  }

  async clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    const set = this.pending.get(scopeKey(scope));
    for (const id of bcIds) set?.delete(id);
  }

  async acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    _holder?: LeaseHolder | null,
    take?: string,
  ): Promise<LeaseResult> {
    assertStorableText([key, owner, take ?? null]);
    const nowMs = isoMs(now);
    const held = this.leases.get(key);
    if (held && held.owner !== owner && held.expiresMs > nowMs) {
      return { ok: false, heldBy: { owner: held.owner, expiresAt: new Date(held.expiresMs).toISOString() } };
    }
    // The owner's own again: never earlier than its keep (leaseExpiryMs); another's, from now.
    const expiresMs = leaseExpiryMs(held?.owner === owner ? held.expiresMs : null, nowMs + ttlMs);
    this.leases.set(key, { owner, expiresMs, take: take ?? null });
    return { ok: true };
  }

  /** As SyncStateStore.openRun (the SQL store's), when made with `opensRuns`. */
  openRun?: (request: RunOpeningRequest) => Promise<RunOpening>;

  async renewLease(key: string, owner: string, now: string, ttlMs: number, take?: string): Promise<boolean> {
    const nowMs = isoMs(now);
    const held = this.leases.get(key);
    // Still ours even past expiry when nobody took it over: the run may go on safely.
    if (!held || held.owner !== owner || (take !== undefined && held.take !== take)) return false;
    // Never earlier: a lease kept while its holder's writes may land is not cut short (letGoOrKeep).
    held.expiresMs = leaseExpiryMs(held.expiresMs, nowMs + ttlMs);
    return true;
  }

  async releaseLease(key: string, owner: string, take?: string): Promise<void> {
    const held = this.leases.get(key);
    if (held?.owner === owner && (take === undefined || held.take === take)) this.leases.delete(key);
  }

  async holdsLease(keys: readonly string[], owner: string): Promise<boolean> {
    return keys.some((key) => this.leases.get(key)?.owner === owner);
  }

  fenced(fence: LeaseFence): SyncStateStore {
    // Checked and written in one turn of the event loop (the writes below do not await before
    // they store), so no acquire can come between the check and the write.
    const view = fencedWrites(this, (write) => {
      if (this.leases.get(fence.key)?.owner !== fence.owner) return Promise.reject(leaseLost());
      return write(this);
    });
    const save = view.saveRun.bind(view);
    // A `running` record of a run whose cancel was asked is refused, as saveRunFenced refuses it;
    // so is one over an `interrupted` record (its run was let go: saveRunFenced's `ended`).
    return Object.assign(view, {
      saveRun: (run: RunRecord) => {
        const held = this.leases.get(fence.key);
        if (held?.owner !== fence.owner || run.status !== 'running') return save(run);
        const key = runKey(run.userId, run.id);
        if (this.runs.get(key)?.status === 'interrupted') return Promise.reject(leaseLost());
        if (this.cancelAsked.has(key)) return Promise.reject(new CancelRequestedError());
        // Kept while the writes this save announces may land, as saveRunFenced keeps it.
        const keep = announcedKeepEndMs(run, fence.settleMs ?? 0);
        const turnKeep = fence.turn ? announcedTurnKeepEndMs(run, fence.settleMs ?? 0) : null;
        return save(run).then(() => {
          if (keep !== null && this.leases.get(fence.key) === held)
            held.expiresMs = leaseExpiryMs(held.expiresMs, keep);
          // The create turn its BC creates went out under, where the run's turn owner holds it.
          const turn = fence.turn && this.leases.get(fence.turn.key);
          if (turnKeep !== null && turn && turn.owner === fence.turn?.owner)
            turn.expiresMs = leaseExpiryMs(turn.expiresMs, turnKeep);
        });
      },
    });
  }

  /**
   * Marks `userId`'s run cancel-requested while its record is `running` (sqlRunCancelMarks'
   * `request` on the run's row): its fenced saves of a `running` record are refused from then on.
   */
  requestCancel(userId: string, runId: string): CancelMarkAnswer {
    const key = runKey(userId, runId);
    const run = this.runs.get(key);
    if (!run) return 'unknown';
    if (run.status !== 'running') return 'ended';
    this.cancelAsked.add(key);
    return 'marked';
  }

  /** Whether `userId`'s run was marked by requestCancel. */
  cancelRequested(userId: string, runId: string): boolean {
    return this.cancelAsked.has(runKey(userId, runId));
  }

  async endRun(end: RunEnd): Promise<void> {
    // As a fenced write: checked and stored in one turn of the event loop (saveRun stores before
    // its first await), every value checked first, so a refusal stores and releases nothing.
    if (this.leases.get(end.fence.key)?.owner !== end.fence.owner) throw leaseLost();
    assertStorableText([
      end.cursor ?? null,
      end.run,
      end.links?.deletes ?? [],
      end.links?.clearPending ?? [],
    ]);
    isoMs(end.run.startedAt);
    // The links first, checked whole before anything is stored (putLinks): a refused batch
    // leaves the whole end unstored, and the lease held.
    if (end.links) {
      const { scope, upserts, deletes, clearPending } = end.links;
      putLinks(this.links, this.caps.links, scope, upserts);
      const m = this.links.get(scopeKey(scope));
      for (const id of deletes) m?.delete(id);
      const set = this.pending.get(scopeKey(scope));
      for (const id of clearPending) set?.delete(id);
    }
    if (end.cursor) this.cursors.set(scopeKey(end.cursor.scope), copy(end.cursor.next));
    const saved = this.saveRun(end.run);
    // Kept while the run's writes may land (RunEnd.keepMs), as renewLease keeps it; else let go.
    const held = this.leases.get(end.fence.key)!;
    if (end.keepMs)
      held.expiresMs = leaseExpiryMs(
        held.expiresMs,
        isoMs(end.run.finishedAt ?? end.run.startedAt) + end.keepMs,
      );
    else this.leases.delete(end.fence.key);
    await saved;
  }

  async saveRun(run: RunRecord): Promise<void> {
    assertStorableText(run);
    isoMs(run.startedAt);
    // Keyed per user, as sync_runs is (user_id, id): another user's run id is simply unknown here.
    const key = runKey(run.userId, run.id);
    const isNew = !this.runs.has(key);
    this.runs.set(key, copy(run));
    // The first record naming a company that is no dry run's claims the state (as the SQL trigger).
    if (run.companyId && !run.dryRun && !this.stateCompanies.has(run.userId))
      this.stateCompanies.set(run.userId, run.companyId.toLowerCase());
    // A new record past the user's cap drops their oldest of its kind (F122; a dry run's are
    // counted apart, review V3), in listRuns' order.
    const max = run.dryRun ? STATE_LIMITS.perUser.dryRuns : STATE_LIMITS.perUser.runs;
    const kind = newestFirst(this.runs.values(), run.userId).filter((r) => r.dryRun === run.dryRun);
    if (isNew && kind.length > max)
      for (const old of kind.slice(max)) this.runs.delete(runKey(old.userId, old.id));
  }

  async getStateCompany(userId: string): Promise<string | null> {
    return this.stateCompanies.get(userId) ?? null;
  }

  async replaceRun(expected: RunRecord, next: RunRecord): Promise<boolean> {
    assertStorableText(next);
    isoMs(next.startedAt);
    if (expected.id !== next.id || expected.userId !== next.userId) return false;
    // Compared as the SQL store compares (jsonb): key order and absent keys do not count.
    const stored = this.runs.get(runKey(next.userId, next.id));
    if (!stored || !isDeepStrictEqual(asJson(stored), asJson(expected))) return false;
    this.runs.set(runKey(next.userId, next.id), copy(next));
    return true;
  }

  async getRun(userId: string, runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runKey(userId, runId));
    return run ? copy(run) : null;
  }

  /** Not a dry run's record (review V3: only getRun answers one, as SyncStateStore.listRuns says). */
  async listRuns(userId: string, limit: number): Promise<RunRecord[]> {
    return newestFirst(this.runs.values(), userId)
      .filter((r) => !r.dryRun)
      .slice(0, Math.max(0, Math.floor(limit)))
      .map(copy);
  }
}

/** A user's records in listRuns' order (newest first); not a method: the store's methods are its port's. */
function newestFirst(runs: Iterable<RunRecord>, userId: string): RunRecord[] {
  return [...runs]
    .filter((r) => r.userId === userId)
    .sort((a, b) => isoMs(b.startedAt) - isoMs(a.startedAt) || byCodePoint(b.id, a.id));
}

/**
 * A list kept per scope and keyed by one field of its entries (conflicts by `bcId`, skipped
 * contacts by `key`), copied in and out. A write is built aside and checked whole, so a refused
 * one changes nothing (as the SQL store's one transaction): a batch with a key twice or text
 * PostgreSQL cannot store, or one that would take the scope past `cap`.
 */
class ScopeLists<K extends string, T extends Readonly<Record<K, string>>> implements KeyedScopeList<T> {
  private readonly byScope = new Map<string, Map<string, T>>();

  constructor(
    private readonly name: ScopeList,
    private readonly key: K,
    private readonly cap: number,
  ) {}

  async list(scope: SyncScope): Promise<T[]> {
    return sortedValues(this.byScope.get(scopeKey(scope))).map(copy);
  }

  async page(scope: SyncScope, page: PageRequest): Promise<Page<T>> {
    return pageCopy(this.byScope.get(scopeKey(scope)), page);
  }

  /** Upserts `entries`, then deletes the keys in `remove`; with `replace`, the list starts empty. */
  async put(scope: SyncScope, entries: readonly T[], options: KeyedListWrite): Promise<void> {
    assertWritableBatch(scope, entries, [this.key]);
    const key = scopeKey(scope);
    const current = this.byScope.get(key) ?? new Map<string, T>();
    const next = options.replace ? new Map<string, T>() : new Map(current);
    for (const e of entries) next.set(e[this.key], copy(e));
    for (const k of options.remove ?? []) next.delete(k);
    assertRoomInScope(this.name, current.size, next.size, this.cap);
    this.byScope.set(key, next);
  }
}

function scopeKey(scope: SyncScope): string {
  // JSON keeps any character of either id from merging two scopes into one key.
  return JSON.stringify([scope.userId, scope.folderId]);
}

function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function sortedValues<T>(m: Map<string, T> | undefined): T[] {
  if (!m) return [];
  return [...m.keys()].sort(byCodePoint).map((k) => m.get(k) as T);
}

/** One page of a scope's map in key order, copied out. */
function pageCopy<T>(m: Map<string, T> | undefined, page: PageRequest): Page<T> {
  const keys = m ? [...m.keys()].sort(byCodePoint) : [];
  const keyed = pageOf(keys, (k) => k, page);
  return { items: keyed.items.map((k) => copy(m?.get(k) as T)), next: keyed.next };
}

/** Milliseconds of an ISO 8601 instant, refused like the SQL store refuses it. */
function isoMs(iso: string): number {
  return Date.parse(toIso(iso));
}

/** The run's key: its user and id (a NUL cannot occur in either: stores refuse it in text). */
function runKey(userId: string, runId: string): string {
  return `${userId}\u0000${runId}`;
}

/**
 * The one rule of every operation that moves a held lease's or turn's expiry (brief leases): to
 * `askedMs`, never earlier than the `storedMs` it has (null: none) — a keep promised while its
 * holder's writes may land (a save announcing them, a run's end, letGoOrKeep, a create turn's
 * creates sent) is not cut short by a renewal, a re-acquire or a keep sent before it. The SQL
 * store's statements say the same (store/sql-leases.ts neverEarlierSql, which also replaces a
 * spoilt expiry); the contract and test/store/lease-expiry-never-earlier check both.
 */
function leaseExpiryMs(storedMs: number | null, askedMs: number): number {
  return storedMs !== null && storedMs > askedMs ? storedMs : askedMs;
}

/** MemorySyncStateStore's openRun: its reads, then the lease as acquireLease grants it (a refusal writes nothing). */
async function openRunIn(
  store: SyncStateStore,
  request: RunOpeningRequest,
  leaseRowOf: (key: string) => boolean,
): Promise<RunOpening> {
  const { userId, owner, now, ttlMs } = request;
  const settings = await store.getSettings(userId);
  const key = settings ? leaseKeyOf(userId, settings.folderName) : request.defaultKey;
  // As the SQL statement: read under the lease when no lease of the key was there as the reads
  // were made (held or left behind) and the lease was made, not renewed or taken over.
  const noneAtRead = !leaseRowOf(key);
  const runs = await store.listRuns(userId, request.runs);
  const cursors = new Map<string, SyncCursor>();
  for (const folderId of new Set(runs.flatMap((r) => (r.folderId ? [r.folderId] : [])))) {
    const cursor = await store.getCursor({ userId, folderId });
    if (cursor) cursors.set(folderId, cursor);
  }
  const made = noneAtRead && !leaseRowOf(key);
  const taken = (await store.acquireLease(key, owner, now, ttlMs, request.holder)).ok;
  return { settings, runs, cursors, leaseKey: taken ? key : null, readUnderLease: taken && made };
}

/** upsertLinks at once (no await): a refused batch throws here and changes nothing. */
function putLinks(
  all: Map<string, Map<string, Link>>,
  cap: number,
  scope: SyncScope,
  links: readonly Link[],
): void {
  assertWritableBatch(scope, links, ['bcId', 'outlookId']);
  const current = all.get(scopeKey(scope)) ?? new Map<string, Link>();
  // Built aside and checked whole, so a refused batch changes nothing (as one SQL statement).
  const next = new Map(current);
  for (const l of links) next.set(l.bcId, copy(l));
  const owners = new Set<string>();
  for (const l of next.values()) {
    if (owners.has(l.outlookId)) throw outlookIdTaken(l.outlookId);
    owners.add(l.outlookId);
  }
  assertRoomInScope('links', current.size, next.size, cap);
  all.set(scopeKey(scope), next);
}
