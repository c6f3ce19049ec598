import type { ConflictEntry, SkipEntry, SyncScope, SyncStateStore } from './state-store-port.js';
import type { Page, PageRequest } from './state-limits.js';

/** A write of a keyed list: upsert the entries, then delete the keys in `remove`; `replace` empties it first. */
export interface KeyedListWrite {
  readonly replace?: boolean;
  readonly remove?: readonly string[];
}

/**
 * One of a scope's lists keyed by a field of its entries (conflicts by `bcId`, skipped contacts by
 * `key`), as a store adapter keeps it: the port's three operations on such a list, whichever it is.
 */
export interface KeyedScopeList<T> {
  /** Every entry of the scope, in key order (code point). */
  list(scope: SyncScope): Promise<T[]>;
  /** One page in key order, as `pageLinks`. */
  page(scope: SyncScope, page: PageRequest): Promise<Page<T>>;
  put(scope: SyncScope, entries: readonly T[], options: KeyedListWrite): Promise<void>;
}

type KeyedListMethods =
  'listConflicts' | 'pageConflicts' | 'putConflicts' | 'listSkipped' | 'pageSkipped' | 'putSkipped';

/**
 * The port's conflict and skipped-contact methods over an adapter's two keyed lists: the memory and
 * SQL stores extend it and supply the lists, so the port's per-list methods are written here once.
 * Prototype methods (not bound fields), so a subclass may override one and call `super` (the
 * schema-checked test store does) and a fenced view (`Object.create`) reaches the lists.
 */
export abstract class KeyedListsStore implements Pick<SyncStateStore, KeyedListMethods> {
  protected abstract readonly conflicts: KeyedScopeList<ConflictEntry>;
  protected abstract readonly skipped: KeyedScopeList<SkipEntry>;

  listConflicts(scope: SyncScope): Promise<ConflictEntry[]> {
    return this.conflicts.list(scope);
  }

  pageConflicts(scope: SyncScope, page: PageRequest): Promise<Page<ConflictEntry>> {
    return this.conflicts.page(scope, page);
  }

  /** The port's conflicts take their removals as a third argument; the list's write as an option. */
  putConflicts(
    scope: SyncScope,
    upserts: readonly ConflictEntry[],
    remove: readonly string[],
  ): Promise<void> {
    return this.conflicts.put(scope, upserts, { remove });
  }

  listSkipped(scope: SyncScope): Promise<SkipEntry[]> {
    return this.skipped.list(scope);
  }

  pageSkipped(scope: SyncScope, page: PageRequest): Promise<Page<SkipEntry>> {
    return this.skipped.page(scope, page);
  }

  putSkipped(scope: SyncScope, entries: readonly SkipEntry[], options: KeyedListWrite): Promise<void> {
    return this.skipped.put(scope, entries, options);
  }
}
