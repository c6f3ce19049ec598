import type { ExecuteContext, LinkChanges } from './executor-support.js';
import type { Link } from './link.js';
import type { RunEndLinks, SyncScope, SyncStateStore } from './ports.js';

/*
 * The links of a run's last group of Outlook writes go with the run's end (issue 12 §2, delta-bc-1pct:
 * the last write answered, then its links were one store round trip, then the end another). Only
 * links nothing waits for: once the Outlook phase has started with no link-only items after it,
 * every one of its groups and every BC id stamp group has answered, and no BC write sent behind
 * the phases is out. Then nothing of the run writes after them, so leaving them to the end (one
 * store call with the cursor, SyncStateStore.endRun) leaves a run that stops meanwhile where
 * storing them a round trip earlier would have: a stop before their store call loses them either
 * way, and the next run converges as after a crash between a write and its links (pending creates
 * found again by BC id, updates compared). The cursor is stored in the same call, never before them.
 */

/** Counts what of an executor still writes, to tell when a group's links may wait for the end. */
export class EndStretch {
  /** The Outlook phase has started, with no link-only item after it, and the run takes end links. */
  private started = false;
  private outlookGroups = 0;
  private stampGroups = 0;
  private behindWrites = 0;

  constructor(private readonly take: ExecuteContext['endLinks']) {}

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

  /** BC writes sent behind the phases (WriteSession.behind): out until `work` settles. */
  behind(work: Promise<void>): void {
    this.behindWrites++;
    const done = () => {
      this.behindWrites--;
    };
    work.then(done, done);
  }

  /**
   * Stores `changes` now, or hands them to the run's end when nothing of the run writes any more.
   * Called after the group's answer (and its `answered` count), so the last group finds all zero.
   */
  async store(store: SyncStateStore, scope: SyncScope, changes: LinkChanges): Promise<void> {
    const { upserts, deletes, clearPending } = changes;
    if (upserts.length + deletes.length + clearPending.length === 0) return;
    const last =
      this.started && this.outlookGroups === 0 && this.stampGroups === 0 && this.behindWrites === 0;
    if (last && this.take) {
      this.take(changes);
      return;
    }
    if (upserts.length > 0) await store.upsertLinks(scope, upserts);
    if (clearPending.length > 0) await store.clearPendingCreates(scope, clearPending);
    if (deletes.length > 0) await store.deleteLinks(scope, deletes);
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
