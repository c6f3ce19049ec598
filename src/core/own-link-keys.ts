import type { Link } from './link.js';
import type { SyncScope, SyncStateStore } from './ports.js';

/**
 * The changeKeys of the links a run stored, by Outlook id, as the store holds them after the run's
 * writes: the echo round before the cursor is saved (run-folder-reads.ts linkPastOwnWrites) tells
 * the run's own writes from these instead of reading every reported contact's link back from the
 * store (issue 12 §2: one lookup of 1,000 ids at the end of a first full sync of 1,000).
 */
export class OwnLinkKeys {
  private readonly byOutlookId = new Map<string, string>();
  private readonly outlookIdOf = new Map<string, string>();

  /** The changeKey the stored link of `outlookId` holds, when this run stored it; else undefined. */
  changeKeyOf(outlookId: string): string | undefined {
    return this.byOutlookId.get(outlookId);
  }

  /**
   * `store` with its link writes noted here once they succeed (an upsert replaces the pair's link,
   * a delete drops it); every other call goes to `store` as it is.
   */
  noting(store: SyncStateStore): SyncStateStore {
    const keys: Pick<SyncStateStore, 'upsertLinks' | 'deleteLinks'> = {
      upsertLinks: async (scope: SyncScope, links: readonly Link[]) => {
        await store.upsertLinks(scope, links);
        for (const link of links) this.put(link);
      },
      deleteLinks: async (scope: SyncScope, bcIds: readonly string[]) => {
        await store.deleteLinks(scope, bcIds);
        for (const bcId of bcIds) this.drop(bcId);
      },
    };
    return Object.assign(Object.create(store) as SyncStateStore, keys);
  }

  /** Link changes the run stores with its end (end-links.ts): noted now, as they will be stored. */
  note(upserts: readonly Link[], deletes: readonly string[]): void {
    for (const link of upserts) this.put(link);
    for (const bcId of deletes) this.drop(bcId);
  }

  private put(link: Link): void {
    this.drop(link.bcId);
    this.byOutlookId.set(link.outlookId, link.outlookChangeKey);
    this.outlookIdOf.set(link.bcId, link.outlookId);
  }

  private drop(bcId: string): void {
    const outlookId = this.outlookIdOf.get(bcId);
    if (outlookId === undefined) return;
    this.outlookIdOf.delete(bcId);
    this.byOutlookId.delete(outlookId);
  }
}
