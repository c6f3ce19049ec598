import { countedReason } from '../../../core/scope.js';
import type { SkipView } from '../../api/types.js';

type SkipReason = SkipView['reason'];

/** Skipped contacts that share one reason, said once for all of them. */
export interface SkipGroup {
  readonly key: string;
  /** The reason the group's title and hint say (a BC contact out of scope: its first reason). */
  readonly reason: SkipReason;
  readonly side: SkipView['side'];
  readonly items: readonly SkipView[];
}

/**
 * The reason a skipped contact is grouped under. A BC contact out of scope for several reasons goes
 * under the one the settings preview counts it under (core's countedReason: a reason a filter change
 * cannot fix first, company contact first), so the 50 company contacts of a BC company are explained
 * once, not 50 times, and both panels give the same count per reason (F78).
 */
function groupReason(reason: SkipReason): SkipReason {
  const counted = reason.kind === 'outOfScope' ? countedReason(reason.reasons) : undefined;
  if (reason.kind === 'outOfScope' && counted && reason.reasons.length > 1)
    return { ...reason, reasons: [counted] };
  return reason;
}

/** Whether a contact is skipped for more than the one reason its group says (its own nested list). */
function hasFurther(s: SkipView): boolean {
  return (s.more?.length ?? 0) > 0 || (s.reason.kind === 'outOfScope' && s.reason.reasons.length > 1);
}

/**
 * A group's contacts with only its reason first, then those with further reasons (stable): a
 * contact's nested "Other reasons" block never stands between the group's title and contacts that
 * are skipped for the group's reason alone, where they read as skipped for the nested reason
 * (newuser finding 6: 4 of "privacy blocked (9)" followed a nested "no e-mail" block).
 */
function plainFirst(items: readonly SkipView[]): SkipView[] {
  return [...items.filter((s) => !hasFurther(s)), ...items.filter(hasFurther)];
}

/**
 * The skipped list by reason, in the order a user acts on it: Outlook contacts first (fixed in
 * Outlook), then BC's; within a side, small groups before large (the long lists of company
 * contacts, which need nothing done, come last). `text` says a reason in the user's language;
 * contacts whose reasons read the same are one group.
 */
export function skipGroups(skipped: readonly SkipView[], text: (r: SkipReason) => string): SkipGroup[] {
  const groups = new Map<string, { reason: SkipReason; side: SkipView['side']; items: SkipView[] }>();
  for (const s of skipped) {
    const reason = groupReason(s.reason);
    const key = `${s.side}:${text(reason)}`;
    const group = groups.get(key) ?? { reason, side: s.side, items: [] };
    group.items.push(s);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, ...g, items: plainFirst(g.items) }))
    .sort((a, b) => (a.side === b.side ? a.items.length - b.items.length : a.side === 'outlook' ? -1 : 1));
}
