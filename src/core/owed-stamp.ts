import { outlookFieldsOf, outlookOwnOf } from './pair-actions.js';
import type { Outcome } from './pair-outcome.js';
import type { LinkedView } from './pair.js';
import type { PlanItem } from './plan.js';
import type { RuleId } from './rules.js';

/*
 * The BC id stamp a linked Outlook contact still owes. A contact typed in Outlook is created in BC
 * and its link stored as BC answers; the stamp is an Outlook write after that. When that write
 * failed (429, 5xx, a lost answer, the process gone), the pair was linked and equal on both sides,
 * so no later run wrote to it and the contact kept no BC id for good: the id that re-links it when
 * its link is lost (design §2 "Runs") and tells a crossed link apart (crossed-links.ts). Found by
 * test/server/crash-hosts.model.test.ts; test/core/owed-stamp.test.ts is its regression.
 */

/** The rows whose pair keeps both contacts: an Outlook contact read without its BC id gets it. */
const KEPT_PAIRS: ReadonlySet<RuleId> = new Set<RuleId>([
  'changes.stampsOnly',
  'changes.toOutlook',
  'changes.toBc',
  'changes.bothSides',
]);

/**
 * `out` with the pair's BC id written to its Outlook contact when that contact was read and carries
 * none: its update (every Outlook update sends the BC id) made to write Outlook, or one made that
 * writes only the stamp in place of a link refresh or of nothing. `out` itself otherwise (most
 * pairs: one check, no allocation).
 */
export function withOwedStamp(v: LinkedView, rule: RuleId, out: Outcome): Outcome {
  if (v.outlookState.kind !== 'present' || v.outlookState.contact.bcId !== '' || !KEPT_PAIRS.has(rule))
    return out;
  const contact = v.outlookState.contact;
  const { bcId, outlookId } = v.link;
  const own = out.items.find(
    (i) => (i.kind === 'update' && i.bcId === bcId) || (i.kind === 'link' && i.link.bcId === bcId),
  );
  if (own?.kind === 'update')
    return { ...out, items: out.items.map((i) => (i === own ? { ...own, stampBcId: true } : i)) };
  const olFields = outlookFieldsOf(v);
  // Neither side's values move: the write's answer makes the link (executor), as a link refresh would.
  const stamp: PlanItem = {
    kind: 'update',
    bcId,
    outlookId,
    base: v.link.base,
    bc: { stamp: v.bcEtag, current: v.bcFields, target: v.bcFields },
    outlook: { stamp: v.outlookChangeKey, current: olFields, target: olFields },
    existing: contact,
    outlookOwn: own?.kind === 'link' ? own.link.outlookOwn : outlookOwnOf(v),
    stampBcId: true,
  };
  return { ...out, items: [...out.items.filter((i) => i !== own), stamp] };
}
