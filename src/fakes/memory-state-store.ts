import type { Link } from '../core/link.js';
import type {
  ConflictEntry,
  LeaseFence,
  LeaseResult,
  LinkKeys,
  SkipEntry,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from '../core/ports.js';
import type { RunRecord, SyncSettings } from '../core/records.js';
import { byCodePoint } from '../core/code-point-order.js';
import { fencedWrites, leaseLost } from '../core/lease-fence.js';
import { toIso } from '../store/sql-helpers.js';
import { settingsInTextForm } from '../core/settings-rules.js';
import {
  assertRoomInScope,
  assertStorableText,
  assertWritableBatch,
  outlookIdTaken,
} from '../core/state-refusal.js';
import { STATE_LIMITS, pageOf } from '../core/state-limits.js';
import type { Page, PageRequest, ScopeCaps } from '../core/state-limits.js';

/**
 * An in-memory `SyncStateStore` for tests, as strict as the SQL store: values are copied in and
 * out (a caller mutating what it passed or got back never changes stored state), and the same
 * inputs are refused with the same messages (duplicate keys in a batch, an Outlook id already
 * linked to another BC contact, a run id owned by another user, a timestamp that is not ISO 8601,
 * text PostgreSQL cannot store).
 */
export class MemorySyncStateStore implements SyncStateStore {
  private readonly settings = new Map<string, SyncSettings>();
  private readonly cursors = new Map<string, SyncCursor>();
  private readonly links = new Map<string, Map<string, Link>>();
  private readonly pending = new Map<string, Set<string>>();
  private readonly leases = new Map<string, { owner: string; expiresMs: number }>();
  private readonly runs = new Map<string, RunRecord>();
  private readonly conflicts = new Map<string, Map<string, ConflictEntry>>();
  private readonly skipped = new Map<string, Map<string, SkipEntry>>();
  private readonly caps: ScopeCaps;

  /** `caps`: entries per scope and list (default STATE_LIMITS.perScope; tests lower them). */
  constructor(options: { readonly caps?: ScopeCaps } = {}) {
    this.caps = options.caps ?? STATE_LIMITS.perScope;
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
    assertWritableBatch(scope, links, ['bcId', 'outlookId']);
    const current = this.links.get(scopeKey(scope)) ?? new Map<string, Link>();
    // Built aside and checked whole, so a refused batch changes nothing (as one SQL statement).
    const next = new Map(current);
    for (const l of links) next.set(l.bcId, copy(l));
    const owners = new Set<string>();
    for (const l of next.values()) {
      if (owners.has(l.outlookId)) throw outlookIdTaken(l.outlookId);
      owners.add(l.outlookId);
    }
    assertRoomInScope('links', current.size, next.size, this.caps.links);
    this.links.set(scopeKey(scope), next);
  }

  async deleteLinks(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    const m = this.links.get(scopeKey(scope));
    for (const id of bcIds) m?.delete(id);
  }

  async addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    assertStorableText([scope, bcIds]);
    const key = scopeKey(scope);
    const set = this.pending.get(key) ?? new Set<string>();
    for (const id of bcIds) set.add(id);
    this.pending.set(key, set);
  }

  async listPendingCreates(scope: SyncScope): Promise<string[]> {
    return [...(this.pending.get(scopeKey(scope)) ?? [])].sort(byCodePoint);
  }

  async clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void> {
    const set = this.pending.get(scopeKey(scope));
    for (const id of bcIds) set?.delete(id);
  }

  async acquireLease(key: string, owner: string, now: string, ttlMs: number): Promise<LeaseResult> {
    assertStorableText([key, owner]);
    const nowMs = isoMs(now);
    const held = this.leases.get(key);
    if (held && held.owner !== owner && held.expiresMs > nowMs) {
      return { ok: false, heldBy: { owner: held.owner, expiresAt: new Date(held.expiresMs).toISOString() } };
    }
    this.leases.set(key, { owner, expiresMs: nowMs + ttlMs });
    return { ok: true };
  }

  async renewLease(key: string, owner: string, now: string, ttlMs: number): Promise<boolean> {
    const nowMs = isoMs(now);
    const held = this.leases.get(key);
    // Still ours even past expiry when nobody took it over: the run may go on safely.
    if (!held || held.owner !== owner) return false;
    held.expiresMs = nowMs + ttlMs;
    return true;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }

  fenced(fence: LeaseFence): SyncStateStore {
    // Checked and written in one turn of the event loop (the writes below do not await before
    // they store), so no acquire can come between the check and the write.
    return fencedWrites(this, (write) => {
      if (this.leases.get(fence.key)?.owner !== fence.owner) return Promise.reject(leaseLost());
      return write(this);
    });
  }

  async saveRun(run: RunRecord): Promise<void> {
    assertStorableText(run);
    isoMs(run.startedAt);
    // Keyed per user, as sync_runs is (user_id, id): another user's run id is simply unknown here.
    const key = runKey(run.userId, run.id);
    const isNew = !this.runs.has(key);
    this.runs.set(key, copy(run));
    // A new record past the user's cap drops their oldest (F122), in listRuns' order.
    const max = STATE_LIMITS.perUser.runs;
    if (isNew && [...this.runs.values()].filter((r) => r.userId === run.userId).length > max)
      for (const old of (await this.listRuns(run.userId, Infinity)).slice(max))
        this.runs.delete(runKey(old.userId, old.id));
  }

  async getRun(userId: string, runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runKey(userId, runId));
    return run ? copy(run) : null;
  }

  async listRuns(userId: string, limit: number): Promise<RunRecord[]> {
    return [...this.runs.values()]
      .filter((r) => r.userId === userId)
      .sort((a, b) => isoMs(b.startedAt) - isoMs(a.startedAt) || byCodePoint(b.id, a.id))
      .slice(0, Math.max(0, Math.floor(limit)))
      .map(copy);
  }

  async listConflicts(scope: SyncScope): Promise<ConflictEntry[]> {
    return sortedValues(this.conflicts.get(scopeKey(scope))).map(copy);
  }

  async pageConflicts(scope: SyncScope, page: PageRequest): Promise<Page<ConflictEntry>> {
    return pageCopy(this.conflicts.get(scopeKey(scope)), page);
  }

  async putConflicts(
    scope: SyncScope,
    upserts: readonly ConflictEntry[],
    remove: readonly string[],
  ): Promise<void> {
    assertWritableBatch(scope, upserts, ['bcId']);
    const current = this.conflicts.get(scopeKey(scope)) ?? new Map<string, ConflictEntry>();
    // Built aside, so a refused write changes nothing.
    const m = new Map(current);
    for (const c of upserts) m.set(c.bcId, copy(c));
    for (const id of remove) m.delete(id);
    assertRoomInScope('conflicts', current.size, m.size, this.caps.conflicts);
    this.conflicts.set(scopeKey(scope), m);
  }

  async listSkipped(scope: SyncScope): Promise<SkipEntry[]> {
    return sortedValues(this.skipped.get(scopeKey(scope))).map(copy);
  }

  async pageSkipped(scope: SyncScope, page: PageRequest): Promise<Page<SkipEntry>> {
    return pageCopy(this.skipped.get(scopeKey(scope)), page);
  }

  async putSkipped(
    scope: SyncScope,
    entries: readonly SkipEntry[],
    options: { readonly replace: boolean; readonly remove?: readonly string[] },
  ): Promise<void> {
    assertWritableBatch(scope, entries, ['key']);
    const key = scopeKey(scope);
    const current = this.skipped.get(key) ?? new Map<string, SkipEntry>();
    // Built aside, so a refused write changes nothing.
    const m = options.replace ? new Map<string, SkipEntry>() : new Map(current);
    for (const e of entries) m.set(e.key, copy(e));
    for (const k of options.remove ?? []) m.delete(k);
    assertRoomInScope('skipped', current.size, m.size, this.caps.skipped);
    this.skipped.set(key, m);
  }
}

function scopeKey(scope: SyncScope): string {
  // JSON keeps any character of either id from merging two scopes into one key.
  return JSON.stringify([scope.userId, scope.folderId]);
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
