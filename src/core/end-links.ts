import type { ExecuteContext, LinkChanges } from './executor-support.js';
import type { Link } from './link.js';
import type { RunEndLinks, SyncScope, SyncStateStore } from './ports.js';

/*
 * The links of a run's last group of Outlook writes go with the run's end (issue 12 §2, delta-bc-1pct:
 * the last write answered, then its links were one store round trip, then the end another). Only
 * links nothing waits for: once the Outlook phase has started with no link-only items after it,
 * and every one of its groups and every BC id stamp group has answered. Then nothing of the run
 * writes after them but BC writes sent behind the phases (WriteSession.behind), which the end waits
 * for anyway, and whose links go the same way: the last of them to answer finds the others held
 * (issue 12, delta-outlook-1pct at 10,000: BC's updates behind answered after the last stamps, then
 * their links were a store round trip of their own before the end). Leaving them to the end (one
 * store call with the cursor, SyncStateStore.endRun) leaves a run that stops meanwhile where
 * storing them a round trip earlier would have: a stop before their store call loses them either
 * way, and the next run converges as after a crash between a write and its links (pending creates
 * found again by BC id, updates compared). A write behind that answers stale re-plans only its own
 * pairs, whose links are merged by BC id after those held (HeldEndLinks: the newer lands last).
 * The cursor is stored in the same call, never before them.
 * Except where the end waits for a Graph read that starts as the last write answers (the echo
 * round's catch-up page, ExecuteContext.endReadsAfter): the links then go beside that read, no
 * round trip of their own, and only their pending entries are cleared with the end.
 */

/** Counts what of an executor still writes, to tell when a group's links may wait for the end. */
export class EndStretch {
  /** The Outlook phase has started, with no link-only item after it, and the run takes end links. */
  private started = false;
  private outlookGroups = 0;
  private stampGroups = 0;
  /** Links of writes behind that answered while a group was out: they go with the next group's. */
  private parked: LinkChanges[] = [];

  constructor(
    private readonly take: ExecuteContext['endLinks'],
    private readonly readsAfter: ExecuteContext['endReadsAfter'] = undefined,
  ) {}

  /** The Outlook phase starts with `groups` groups; `linksAfter`: link-only items follow it. */
  outlookPhase(groups: number, linksAfter: boolean): void {
    this.outlookGroups = groups;
    this.started = !linksAfter && this.take !== undefined;
  }

  /** An Outlook phase group's write calls answered. */
  outlookAnswered(): void {
    this.outlookGroups--;
  }

  /** A stamp group is scheduled (a group that never answers keeps every later group's links). */
  stampGroup(): void {
    this.stampGroups++;
  }

  /** A stamp group's write call answered. */
  stampAnswered(): void {
    this.stampGroups--;
  }

  /**
   * Stores `changes` now, or hands them to the run's end when nothing of the run writes any more.
   * Called after the group's answer (and its `answered` count), so the last group finds all zero.
   */
  async store(store: SyncStateStore, scope: SyncScope, changes: LinkChanges): Promise<void> {
    const { upserts, deletes, clearPending } = this.unparked(changes);
    if (upserts.length + deletes.length + clearPending.length === 0) return;
    const last = this.started && this.outlookGroups === 0 && this.stampGroups === 0;
    if (last && this.take) {
      if (!this.readsAfter?.()) {
        this.take({ upserts, deletes, clearPending });
        return;
      }
      // The end waits for a Graph read that starts now (the echo round's catch-up page): the links
      // go beside it rather than after it in the end's call (issue 12, first full sync: 200 links
      // were most of that call). Pending entries are handed to the end only once their links are
      // stored: an entry cleared before its link would leave a landed create unfindable.
      if (upserts.length > 0) await store.upsertLinks(scope, upserts);
      if (deletes.length > 0) await store.deleteLinks(scope, deletes);
      if (clearPending.length > 0) this.take({ upserts: [], deletes: [], clearPending });
      return;
    }
    if (upserts.length > 0) await store.upsertLinks(scope, upserts);
    if (clearPending.length > 0) await store.clearPendingCreates(scope, clearPending);
    if (deletes.length > 0) await store.deleteLinks(scope, deletes);
  }

  /**
   * Stores the links of writes sent behind the phases (WriteSession.behind) once they answered:
   * while an Outlook or stamp group is out in the Outlook phase, they wait for its links and go in
   * the same store call (or with the end, its links' way); otherwise as `store` does. Their pairs
   * are written by nothing else of the run (a stale one is re-planned before its links are made),
   * so no newer link of theirs can land before them. A group's answer comes within its call's
   * timeout; one that fails leaves them to `leftOver`.
   */
  async storeBehind(store: SyncStateStore, scope: SyncScope, changes: LinkChanges): Promise<void> {
    if (this.started && this.outlookGroups + this.stampGroups > 0) {
      this.parked.push(changes);
      return;
    }
    await this.store(store, scope, changes);
  }

  /** Links still parked once the run's writes ended (their group failed): to the run's end. */
  leftOver(): void {
    const changes = this.unparked({ upserts: [], deletes: [], clearPending: [] });
    if (changes.upserts.length + changes.deletes.length + changes.clearPending.length > 0)
      this.take?.(changes);
  }

  /** `changes` after the parked ones (merged: one store call), no longer parked. */
  private unparked(changes: LinkChanges): LinkChanges {
    if (this.parked.length === 0) return changes;
    const all = [...this.parked, changes];
    this.parked = [];
    return {
      upserts: all.flatMap((c) => c.upserts),
      deletes: all.flatMap((c) => c.deletes),
      clearPending: all.flatMap((c) => c.clearPending),
    };
  }
}

/**
 * The link changes a run holds for its end (runSync): what `add` was given, merged by bcId (a later
 * change of a pair replaces an earlier one), taken once by the end's store call.
 */
export class HeldEndLinks {
  private readonly links = new Map<string, Link | null>();
  private readonly cleared = new Set<string>();
  private scope: SyncScope | null = null;

  add(scope: SyncScope, changes: LinkChanges): void {
    this.scope = scope;
    for (const link of changes.upserts) {
      this.links.delete(link.bcId);
      this.links.set(link.bcId, link);
    }
    for (const bcId of changes.deletes) {
      this.links.delete(bcId);
      this.links.set(bcId, null);
    }
    for (const bcId of changes.clearPending) this.cleared.add(bcId);
  }

  /**
   * Pending entries no write of the run took (entries-ahead.ts), cleared by the end too when it
   * stores for their scope (or nothing else); else left to the next run's recovery.
   */
  clearToo(scope: SyncScope, keys: readonly string[]): void {
    const held = this.scope;
    if (held !== null && (held.userId !== scope.userId || held.folderId !== scope.folderId)) return;
    this.add(scope, { upserts: [], deletes: [], clearPending: keys });
  }

  /** What the end stores (null: nothing held), no longer held here: an end retried goes without. */
  take(): RunEndLinks | null {
    const scope = this.scope;
    if (scope === null) return null;
    const upserts: Link[] = [];
    const deletes: string[] = [];
    for (const [bcId, link] of this.links) {
      if (link) upserts.push(link);
      else deletes.push(bcId);
    }
    const clearPending = [...this.cleared];
    this.scope = null;
    this.links.clear();
    this.cleared.clear();
    return { scope, upserts, deletes, clearPending };
  }
}
