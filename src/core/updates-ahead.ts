import { UpdatesAhead } from './uncertain-writes.js';
import type { UncertainLedger } from './uncertain-writes.js';
import type { Link } from './link.js';
import { sameSyncFields } from './model.js';
import type { BcContact } from './model.js';

/**
 * The Outlook ids of the linked contacts among BC's reported `changed` whose values a BC change may
 * send to Outlook: those whose BC values differ from their link's base, as the planner's BC fact
 * (pair.ts viewLinked: `sameSyncFields(bc, base)` is 'same', no Outlook update of BC's). A contact
 * that holds the base is our own write's echo or a change of nothing synced — BC's delta token
 * reports again ~2 min before its issue (bc-delta-token.ts TRACKING_MARGIN_MS), i.e. the earlier
 * runs' writes: counted, a delta with nothing to do said ~460 writes "were sent" and a run killed
 * while reading kept its folder for the write settle (attack 2026-12-07, fault 1). Compared with
 * what the link holds already: no request. An update the plan makes anyway is announced by its
 * own call (`sending`), as any write not counted ahead.
 */
export function updatesAheadOf(
  changed: readonly BcContact[],
  linkOf: (bcId: string) => Link | undefined,
): string[] {
  const ids: string[] = [];
  for (const c of changed) {
    const link = linkOf(c.id);
    if (link && !sameSyncFields(c, link.base)) ids.push(link.outlookId);
  }
  return ids;
}

/**
 * The Outlook updates a delta's BC changes make, counted as uncertain (F114) and saved while Graph
 * still reads the folder's changes (issue 12, delta-bc-1pct at 1,000: their announce — the save of
 * the run's record with their count, which is also the cancel's check, review V10 — was a store
 * round trip between the plan and the first write). Each linked contact BC reports changed gets at
 * most one Outlook update, known once BC's read and the links of what it reports answered: BC is
 * on loopback, Graph a round trip away. Their write call then goes on the check of a write counted
 * before a wait (`sending`'s `recheck`: a save again once IN_TURN_FRESH_MS passed since the last,
 * else the lease's), as the BC id stamps counted with their creates do.
 *
 * The reads tell the Outlook ids (`tell`), possibly before the run may count them (a delta's reads
 * start as it takes the lease, before its record exists): they are counted and saved from `start`
 * on. An update the plan does not make stops counting as the writes end (the executor's
 * `releaseAll`); a run that ends without writing releases them before its record's end (`release`).
 */
export class UpdatesCountedAhead {
  private told: readonly string[] = [];
  private counting: { readonly ahead: UpdatesAhead; readonly save: () => Promise<void> } | null = null;
  private saves: Promise<void>[] = [];
  /** Counts no more: the run is writing (`ready`) or wrote (`release`). */
  private closed = false;

  /** From the reads: the Outlook ids of the linked contacts BC reports changed. */
  tell(outlookIds: readonly string[]): void {
    if (this.counting === null) this.told = [...this.told, ...outlookIds];
    else this.countAndSave(outlookIds);
  }

  /**
   * Counts the ids told so far and from now on on `ledger`, each time in a save of the run's record
   * (`save`, the run's checkpoint). Not for a dry run (it writes nothing).
   */
  start(ledger: UncertainLedger, save: () => Promise<void>): void {
    this.counting = { ahead: new UpdatesAhead(ledger), save };
    const told = this.told;
    this.told = [];
    this.countAndSave(told);
  }

  /**
   * Before the run's first write: the updates counted ahead (for ExecuteContext.updatesAhead), once
   * every save of their count answered. A save that failed leaves them to their write call's own
   * announce (they stop counting here), whatever failed it: a cancel asked elsewhere refuses that
   * announce too, and the call does not go.
   */
  async ready(): Promise<UpdatesAhead | undefined> {
    this.closed = true;
    if (this.counting === null) return undefined;
    const { ahead } = this.counting;
    const settled = await Promise.allSettled(this.saves);
    if (settled.some((s) => s.status === 'rejected')) ahead.releaseAll();
    return ahead;
  }

  /** The run writes nothing more: what no write call took stops counting, and nothing more is counted. */
  release(): void {
    this.closed = true;
    this.counting?.ahead.releaseAll();
  }

  private countAndSave(outlookIds: readonly string[]): void {
    if (this.counting === null || this.closed || outlookIds.length === 0) return;
    this.counting.ahead.count(outlookIds);
    const saved = this.counting.save();
    saved.catch(() => undefined);
    this.saves.push(saved);
  }
}
