import type { PlanItem } from './plan.js';
import type { SideCounts } from './records.js';
import { settleAll } from './executor-support.js';

/*
 * F114: writes whose outcome the run does not know. A record's counts say what was answered as
 * done; a write sent and never answered (the run was cancelled and its requests aborted, the lease
 * was lost, a request failed or timed out, the process died) may still have landed — one Graph
 * `$batch` of 20 creates applied after the client aborted left a record saying "0 created". Every
 * write call of the executor goes through `sending`, which counts its items as uncertain until the
 * call answers, and an item answered with an unknown outcome stays counted: the record carries
 * the count (RunRecord.uncertain) whatever way the run ends, and the next sync checks them (pending
 * creates found again by BC id on Outlook, by the key the contact carries on BC; updates compared).
 */

export interface WriteCounts {
  bc: SideCounts;
  outlook: SideCounts;
}

/** Which count a plan item's write goes under; null for items that write no contact. */
export function writeKindOf(item: PlanItem): keyof SideCounts | null {
  switch (item.kind) {
    case 'createInBc':
    case 'createInOutlook':
      return 'created';
    case 'update':
      return 'updated';
    case 'deleteInOutlook':
      return 'deleted';
    default:
      return null;
  }
}

/** Where a write call's items are counted while it is out, and how the run makes that count known. */
export interface UncertainLedger {
  readonly uncertain: WriteCounts;
  /**
   * Saves the count before the call goes out (the run's checkpoint: its record with the count).
   * F114's rest: counts were saved only with the lease's checkpoints, so a process killed while a
   * write group was out left a record saying 0 uncertain.
   */
  readonly announce?: () => Promise<void>;
  /**
   * The cancel's check of a call whose count was saved before a wait on BC or Graph (the BC id
   * stamps and the updates behind a group's BC creates, the creates after their look-up): a save
   * of the record only once IN_TURN_FRESH_MS passed since the run's last (run.ts `inTurn`), as a
   * Graph envelope in its turn; a failure's wait in that call saved already (its SendAgain).
   * Absent: `announce` (a save each time).
   */
  readonly recheck?: () => Promise<void>;
  /**
   * The run's lease is known held, just before the call goes out (the lease keeper's `confirm`: a
   * clock read while renewed within half its TTL). A run that stalled after its announce (review,
   * crash-hosts model seed 33: stalled after its pending creates were stored) while another run took
   * the folder and made those contacts must not send its creates after all. A check that throws
   * sends nothing and leaves nothing counted, as a failed announce. Not closed: a pause between this
   * check and the request reaching Graph (no fencing token there; model seed 22, stall at the call).
   * @throws LeaseLostError
   */
  readonly held?: () => Promise<void>;
}

/**
 * Sends one write call of `items`: they count as uncertain while it is out — saved before it is
 * sent (`announce`), so a run whose process dies meanwhile keeps the count in its record — and stop
 * counting once it answers (its per-item results say what happened). A call that throws leaves them
 * counted; a count that could not be saved sends nothing and counts nothing. No items: no call
 * (and no save), no answers — every writer of a group's kind relies on it.
 * `ready`: a store write the call must not go out before (the updates' pending entries,
 * sent-ahead.ts), awaited beside the announce; its failure, as the announce's, sends nothing and
 * counts nothing. Awaited inside `call` instead, its failure read as a call out with an unknown
 * outcome: the run's end kept the folder's lease for the write settle (65 s) with nothing sent.
 */
export async function sending<R>(
  ledger: UncertainLedger,
  side: 'bc' | 'outlook',
  kind: keyof SideCounts,
  items: readonly unknown[],
  call: () => Promise<R[]>,
  counted = 0,
  ready?: Promise<void>,
): Promise<R[]> {
  const n = items.length;
  if (n === 0) return [];
  const { uncertain } = ledger;
  // `counted` of them were counted and saved ahead (UpdatesAhead): only the rest are added.
  uncertain[side][kind] += n - counted;
  try {
    // Every item counted ahead (the stamps, in the save before BC's creates they follow): no count
    // to save, only the cancel's check (`recheck`: a cancel asked while BC made them, V10's kind).
    const check = counted < n ? ledger.announce : (ledger.recheck ?? ledger.announce);
    await settleAll([check?.() ?? Promise.resolve(), ready ?? Promise.resolve()]);
    // After the announce, right before the call: a run that stalled past its lease sends nothing.
    await ledger.held?.();
  } catch (e) {
    // Nothing goes out: the items counted ahead stop counting too.
    uncertain[side][kind] -= n;
    throw e;
  }
  const answer = await call();
  uncertain[side][kind] -= n;
  return answer;
}

/**
 * Outlook updates counted as uncertain (F114) in a save made before they are known to go out, keyed
 * by the Outlook contact's id (each contact gets at most one update a run):
 * - the BC id stamps that will follow a group's BC creates, counted in the save that announces the
 *   creates, beside the look-up under the create turn: a process that dies while BC makes the
 *   creates leaves them said (the store round trip issue 12, delta-outlook-1pct, had taken off the
 *   path from BC to Graph);
 * - the updates of the linked contacts a delta's BC read reports changed, counted in a save made
 *   while Graph still reads the folder's changes (updates-ahead.ts; issue 12, delta-bc-1pct: the
 *   announce was a store round trip between the plan and the first write).
 * Their call is checked again before it goes (`sending`'s `recheck`: a cancel marked meanwhile,
 * review V10's kind). An update that will not go out after all (its create was kept back, failed,
 * the plan has no such write or the run ended first) stops counting (`release`); one sent takes
 * its count (`take`).
 */
export class UpdatesAhead {
  private readonly ids = new Set<string>();

  constructor(private readonly ledger: UncertainLedger) {}

  /** Counts the stamps of these Outlook contacts now: call it beside the creates' `announcing`. */
  count(outlookIds: readonly string[]): void {
    // Once per contact: a count taken twice would be released once and stay counted for good.
    for (const id of outlookIds) {
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      this.ledger.uncertain.outlook.updated++;
    }
  }

  /** These stamps will not go out: they stop counting. */
  release(outlookIds: readonly string[]): void {
    for (const id of outlookIds) if (this.ids.delete(id)) this.ledger.uncertain.outlook.updated--;
  }

  /** Of the Outlook updates about to be sent, how many were counted ahead (and now go with the call). */
  take(outlookIds: readonly string[]): number {
    return outlookIds.filter((id) => this.ids.delete(id)).length;
  }

  /** Every stamp still counted that never went out (the run's writes ended) stops counting. */
  releaseAll(): void {
    this.ledger.uncertain.outlook.updated -= this.ids.size;
    this.ids.clear();
  }
}

/** A write call announced before the caller knows which of its items go out (`announcing`). */
export interface AnnouncedCall {
  /**
   * Sends the `kept` items the caller still sends (the others stop counting), once the announce
   * is saved, as `sending` does: a count that could not be saved sends nothing and counts nothing.
   * `waited` (default true): the caller waited on BC or Graph since the announce (a look-up, BC's
   * creates): the cancel is checked again right before the call (UncertainLedger.recheck).
   */
  send<R>(kept: number, call: () => Promise<R[]>, waited?: boolean, ready?: Promise<void>): Promise<R[]>;
  /**
   * `count` of the items out were answered before the call ends (a call that answers in parts,
   * BcContacts.create's `answered`): they stop counting now, as the run counts them done (the
   * review's stamps-as-created-record: a record saved meanwhile held them in both).
   */
  answered(count: number): void;
  /** None of them goes out after all (the work before the call failed): they stop counting. */
  drop(): void;
}

/**
 * `sending` for a call whose items are known before the work that decides which of them go out
 * (the look-up by E-Mail under the create turn): the `n` items count as uncertain and are saved
 * now, beside that work, not a round trip after it (issue 12 §2). An item the work keeps back was
 * counted while it may still have been sent: once kept back it stops counting.
 */
export function announcing(
  ledger: UncertainLedger,
  side: 'bc' | 'outlook',
  kind: keyof SideCounts,
  n: number,
): AnnouncedCall {
  const { uncertain } = ledger;
  let open = n;
  const stop = (count: number) => {
    uncertain[side][kind] -= count;
    open -= count;
  };
  uncertain[side][kind] += n;
  const saved = n > 0 && ledger.announce ? ledger.announce() : Promise.resolve();
  saved.catch(() => undefined);
  return {
    async send<R>(
      kept: number,
      call: () => Promise<R[]>,
      waited = true,
      ready?: Promise<void>,
    ): Promise<R[]> {
      try {
        await saved;
      } catch (e) {
        stop(open);
        throw e;
      }
      stop(open - kept);
      if (kept === 0) return [];
      try {
        // Checked again right before the call: the announce went out beside the work before it (a
        // look-up; BC's creates, for the updates behind them), so a cancel marked meanwhile is
        // seen here once that took a while (`recheck`; the store refuses the save: V10's kind).
        // `ready` as `sending`'s: a store write the call must not go out before; failed, nothing goes.
        const check = waited ? (ledger.recheck ?? ledger.announce) : undefined;
        await settleAll([check?.() ?? Promise.resolve(), ready ?? Promise.resolve()]);
        await ledger.held?.();
      } catch (e) {
        stop(open);
        throw e;
      }
      const answer = await call();
      // The kept items not answered in parts already.
      stop(open);
      return answer;
    },
    answered: (count) => stop(Math.min(count, open)),
    drop: () => stop(open),
  };
}

/**
 * `announce` shared by the write calls counted in one synchronous stretch: the save starts a
 * microtask later, with every count added meanwhile (issue 12 §2: a BC group's creates and updates
 * went out after two saves of the record one after another). A call after that save began gets a
 * save of its own: no count is ever left out of the save its call waits for.
 */
export function coalescedAnnounce(announce: () => Promise<void>): () => Promise<void> {
  let next: Promise<void> | null = null;
  return () =>
    (next ??= Promise.resolve().then(() => {
      next = null;
      return announce();
    }));
}

/** How many writes in all are uncertain. */
export function uncertainTotal(counts: WriteCounts | undefined): number {
  if (!counts) return 0;
  const side = (s: SideCounts) => s.created + s.updated + s.deleted;
  return side(counts.bc) + side(counts.outlook);
}

/**
 * The record with its `uncertain` field as of `counts`: a copy while any write is uncertain, and no
 * field at all once none is (older records lack it too). F126: spreading "nothing" over a record
 * whose checkpoint had set the field kept the checkpoint's count on a run that then succeeded.
 */
export function withUncertain<R extends { readonly uncertain?: WriteCounts }>(
  record: R,
  counts: WriteCounts,
): R {
  if (uncertainTotal(counts) > 0)
    return { ...record, uncertain: { bc: { ...counts.bc }, outlook: { ...counts.outlook } } };
  if (record.uncertain === undefined) return record;
  const { uncertain: _cleared, ...rest } = record;
  return rest as R;
}
