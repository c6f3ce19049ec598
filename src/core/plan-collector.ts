import type { EmailClaims } from './email-claims.js';
import { skipKey } from './pair.js';
import type { Pair, PairDecision } from './pair.js';
import type { PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';

/**
 * The skip keys a pair's decision speaks for: those of the contacts it read. A side a delta did not
 * read ('unchanged': as of the base) cannot show again what was refused on it — the refused value is
 * not in the base — so its skip stands until a decision reads that side (F48: a BC etag-only change
 * dropped an Outlook contact's whole-contact skip). BC's side is also read through the link's
 * values waiting for room in Outlook (owned-values.ts), the one BC skip a decision finds unread.
 */
function pairKeys(pair: Pair): string[] {
  switch (pair.kind) {
    case 'linked':
      return [
        ...(pair.outlook.kind !== 'unchanged' ? [skipKey('outlook', pair.link.outlookId)] : []),
        ...(pair.bc.kind !== 'unchanged' || pair.link.outlookOwn?.waiting
          ? [skipKey('bc', pair.link.bcId)]
          : []),
      ];
    case 'bcOnly':
      return [skipKey('bc', pair.bc.id)];
    case 'matched':
      return [skipKey('bc', pair.bc.id), skipKey('outlook', pair.outlook.id)];
    case 'outlookOnly':
      return [skipKey('outlook', pair.outlook.id)];
  }
}

/** The plan's lists a decision adds to (`Collector`). */
interface Lists {
  items: PlanItem[];
  conflicts: ConflictEntry[];
  resolvedConflicts: string[];
  skipped: SkipEntry[];
  unskipped: string[];
}

/** Where a decision put off (`Collector.defer`) goes: each list's length when it was put off, and the decision once made. */
export interface Slot {
  readonly at: { readonly [K in keyof Lists]: number };
  decided: { readonly pair: Pair; readonly d: PairDecision } | null;
}

/**
 * Gathers the pairs' decisions into the plan's lists, in the order of the pairs. A decision may be
 * made later than its pair's turn (`defer`, `fill`: planner.ts decideMovers decides E-Mail moves in
 * the order of their BC ids) and still takes its pair's place in the lists (`settle`), so the plan
 * is the one deciding in turn gives whenever no later decision depends on an earlier one.
 */
export class Collector implements Lists {
  items: PlanItem[] = [];
  conflicts: ConflictEntry[] = [];
  resolvedConflicts: string[] = [];
  skipped: SkipEntry[] = [];
  unskipped: string[] = [];
  excludedByFilter = 0;
  private slots: Slot[] = [];

  /**
   * `complete`: the store replaces its lists, so what went away is not collected (issue 12 §2: 200,000
   * keys at 100,000 contacts). `claims`: where each decision's E-Mail moves are noted, for the later
   * decisions of the plan (rule duplicates.bc).
   */
  constructor(
    private readonly complete: boolean,
    private readonly claims: EmailClaims,
  ) {}

  add(pair: Pair, d: PairDecision): void {
    this.claims.note(d.items);
    this.addTo(this, pair, d);
  }

  /** Holds the place of a pair whose decision comes later (`fill`), before `settle`. */
  defer(): Slot {
    const at = {
      items: this.items.length,
      conflicts: this.conflicts.length,
      resolvedConflicts: this.resolvedConflicts.length,
      skipped: this.skipped.length,
      unskipped: this.unskipped.length,
    };
    const slot: Slot = { at, decided: null };
    this.slots.push(slot);
    return slot;
  }

  /** The decision of a pair put off (`defer`): its writes claim their addresses now. */
  fill(slot: Slot, pair: Pair, d: PairDecision): void {
    this.claims.note(d.items);
    slot.decided = { pair, d };
  }

  /**
   * Puts every filled decision in its pair's place (one copy of each list, only when some decision
   * was put off); a slot never filled adds nothing.
   */
  settle(): void {
    if (this.slots.length === 0) return;
    const next: Lists = { items: [], conflicts: [], resolvedConflicts: [], skipped: [], unskipped: [] };
    const keys = Object.keys(next) as (keyof Lists)[];
    const from = { items: 0, conflicts: 0, resolvedConflicts: 0, skipped: 0, unskipped: 0 };
    const copyUpTo = (at: Slot['at'] | null) => {
      for (const k of keys) {
        const list = this[k] as unknown[];
        const end = at ? at[k] : list.length;
        for (let i = from[k]; i < end; i++) (next[k] as unknown[]).push(list[i]);
        from[k] = end;
      }
    };
    for (const slot of this.slots) {
      copyUpTo(slot.at);
      if (slot.decided) this.addTo(next, slot.decided.pair, slot.decided.d);
    }
    copyUpTo(null);
    this.slots = [];
    Object.assign(this, next);
  }

  private addTo(out: Lists, pair: Pair, d: PairDecision): void {
    for (let i = 0; i < d.items.length; i++) out.items.push(d.items[i]!);
    for (let i = 0; i < d.skipped.length; i++) out.skipped.push(d.skipped[i]!);
    if (d.conflict) out.conflicts.push(d.conflict);
    else if (!this.complete && pair.kind === 'linked') out.resolvedConflicts.push(pair.link.bcId);
    if (d.rule === 'scope.filteredOut') this.excludedByFilter++;
    if (this.complete) return;
    // A key this decision did not skip again no longer applies (delta runs edit the list).
    for (const key of pairKeys(pair)) if (!d.skipped.some((s) => s.key === key)) out.unskipped.push(key);
  }
}
