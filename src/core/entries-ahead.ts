import { planSync } from './planner.js';
import type { PlanInput, PlanItem } from './plan.js';
import { sentAheadKey } from './sent-ahead.js';
import type { Link } from './link.js';
import type { BcContact } from './model.js';
import type { SyncScope, SyncStateStore } from './ports.js';
import type { StoredLists } from './run-folder-reads.js';
import type { CompiledFilter } from './filter/index.js';
import type { SyncSettings } from './records.js';
import type { RunRequest } from './run-types.js';

/*
 * The pending entries (sent-ahead.ts) of the Outlook updates a delta's BC changes make, stored
 * while Graph still reads the folder's changes (issue 12, delta-bc-1pct at 1,000: stored once the
 * plan was made, they were a store round trip between Graph's answer and the PATCH $batch, which
 * must not go out before them). BC is on loopback, Graph a round trip away: once BC's changes, their
 * links and the scope's stored lists have answered, the plan of those changes is made as if
 * Outlook reported nothing (the common case: a contact changed on one side only), and the entries
 * of its updates are stored beside the count's save. An update call then waits only for the
 * entries the plan did not foresee (`cover`): an entry is never taken as stored unless its own key
 * was, so every call still goes out after the exact entry of each of its items (entries-before-call).
 *
 * An entry stored here whose update never goes out (Outlook changed the contact too, the run
 * stopped) names values the written side does not hold: recovery keeps the link's base for it
 * (recoverSentAhead), as for an update whose call was never sent. The run's end clears the ones no
 * call took (`unused`), so the next run reads nothing for them.
 */

/** BC changes at most planned ahead: beyond, the round trip is a small share of the run's writes. */
const ENTRIES_AHEAD_MAX_CHANGES = 500;

type EntryStore = Pick<SyncStateStore, 'addPendingCreates'>;

/** What a run plans with beside the views and the state: its settings and the user's confirmation. */
type PlanSettings = Pick<PlanInput, 'policy' | 'filter' | 'massDeleteShare' | 'confirmMassDelete'>;

/** The run's PlanSettings: one source for its plan and the plan of its entries ahead. */
export function planSettingsOf(
  settings: SyncSettings,
  filter: CompiledFilter,
  req: Pick<RunRequest, 'confirmMassDelete'>,
): PlanSettings {
  return {
    policy: settings.conflictPolicy,
    filter,
    massDeleteShare: settings.massDeleteShare,
    confirmMassDelete: req.confirmMassDelete ?? false,
  };
}

/** What the reads tell once BC answered: its changes, their links, and the scope's stored lists. */
export interface BcChangesSeen {
  readonly scope: SyncScope;
  readonly changed: readonly BcContact[];
  readonly deletedIds: readonly string[];
  readonly links: readonly Link[];
  readonly lists: StoredLists;
}

export class EntriesAhead {
  private stored: { readonly scope: SyncScope; readonly keys: Set<string>; saved: Promise<void> } | null =
    null;
  private readonly taken = new Set<string>();
  /** Stores nothing more: the run writes (`close`) or ended. */
  private closed = false;

  /**
   * `started`: the save of the run's record of its start (null while not sent): the entries go once
   * it answered, as every write of the run does (plan-beside-first-save.test.ts: with `openRun`,
   * it makes the lease durable); not at all when it failed or was not sent.
   */
  constructor(
    private readonly store: EntryStore,
    private readonly settings: PlanSettings,
    private readonly started: () => Promise<void> | null,
  ) {}

  /**
   * From the reads: BC's changes planned as if Outlook reported nothing, with the scope's recorded
   * conflicts and skips. An entry the scope holds already (`lists.pending`) is this run's recovery's,
   * which clears it: not stored again here, nor taken as stored. Answers the items it planned (none
   * when it planned nothing: too many changes, planned already, or a held run).
   */
  plan(seen: BcChangesSeen): readonly PlanItem[] {
    if (this.closed || this.stored !== null || seen.changed.length > ENTRIES_AHEAD_MAX_CHANGES) return [];
    const { scope, lists } = seen;
    const plan = planSync({
      ...this.settings,
      mode: 'delta',
      links: seen.links,
      recorded: lists.conflicts,
      recordedSkipped: lists.skipped,
      bc: { kind: 'changes', changed: seen.changed, deletedIds: seen.deletedIds },
      outlook: { kind: 'changes', changed: [], removedIds: [] },
      countryCodes: null,
    });
    // A held run writes nothing.
    if (plan.guard) return [];
    const before = new Set(lists.pending);
    const keys = plan.items.flatMap((i) => {
      const key = i.kind === 'update' ? sentAheadKey(i) : null;
      return key !== null && !before.has(key) ? [key] : [];
    });
    const started = this.started();
    if (keys.length === 0 || started === null) return plan.items;
    const saved = started.then(() => this.store.addPendingCreates(scope, keys));
    saved.catch(() => undefined);
    this.stored = { scope, keys: new Set(keys), saved };
    return plan.items;
  }

  /** The run writes now: nothing more is planned ahead (a save sent later could land after its clear). */
  close(): void {
    this.closed = true;
  }

  /**
   * An update call's entries (`keys`, of `scope`): `saved`, the store write that holds those stored
   * ahead (sent again through `store` when the one ahead failed), and `rest`, those to store now.
   */
  cover(
    scope: SyncScope,
    keys: readonly string[],
    store: EntryStore,
  ): { saved: Promise<void> | null; rest: string[] } {
    const ahead = this.stored;
    if (ahead === null || !sameScope(ahead.scope, scope)) return { saved: null, rest: [...keys] };
    const covered = keys.filter((k) => ahead.keys.has(k) && !this.taken.has(k));
    if (covered.length === 0) return { saved: null, rest: [...keys] };
    for (const k of covered) this.taken.add(k);
    const took = new Set(covered);
    const saved = ahead.saved.catch(() => store.addPendingCreates(scope, covered));
    saved.catch(() => undefined);
    return { saved, rest: keys.filter((k) => !took.has(k)) };
  }

  /**
   * The entries stored ahead that no update call took (cleared with the run's end, once `settled`:
   * a save still out could land after the clear); none after.
   */
  unused(): { scope: SyncScope; keys: string[] } | null {
    this.closed = true;
    const ahead = this.stored;
    if (ahead === null) return null;
    const keys = [...ahead.keys].filter((k) => !this.taken.has(k));
    for (const k of keys) this.taken.add(k);
    return keys.length > 0 ? { scope: ahead.scope, keys } : null;
  }

  /** Settles once the save ahead answered (a run letting go of its reads waits for it). */
  async settled(): Promise<void> {
    this.closed = true;
    await this.stored?.saved.catch(() => undefined);
  }
}

const sameScope = (a: SyncScope, b: SyncScope): boolean => a.userId === b.userId && a.folderId === b.folderId;
