import { CoreBug } from './core-bug.js';
import {
  deletedInBcConflict,
  mergePair,
  recreateInOutlook,
  refreshStamps,
  removeOutlookCopy,
  unlink,
} from './pair-actions.js';
import {
  countFilteredOut,
  createInBc,
  createInOutlook,
  firstMatch,
  removeOurCopy,
  skipImport,
  skipOutOfScope,
} from './pair-actions-unlinked.js';
import { NOTHING } from './pair-actions.js';
import { withOwedStamp } from './owed-stamp.js';
import type { Outcome } from './pair-actions.js';
import { NOT_READ, viewBcSide, viewImport, viewLinked } from './pair.js';
import type {
  LinkedBcFact,
  LinkedOutlookFact,
  LinkedView,
  Pair,
  PairContext,
  PairDecision,
  PairFacts,
  PairView,
  UnlinkedBcFact,
  UnlinkedOutlookFact,
  UnlinkedView,
} from './pair.js';
import type { BcContact, OutlookContact } from './model.js';
import type { RuleId } from './rules.js';
import { holdUnstorable, unstorableIn } from './unstorable-pair.js';

/** A row for one kind of pair (linked or not): the facts it covers, and the action on that kind's view. */
interface RowOf<Linked extends boolean, BcFact, OutlookFact, View> {
  readonly rule: RuleId;
  readonly linked: Linked;
  readonly bc: readonly BcFact[];
  readonly outlook: readonly OutlookFact[];
  readonly action: (v: View, ctx: PairContext) => Outcome;
}

/**
 * One row: when a pair's facts are among these, the rule decides it with this action.
 * @internal
 */
export type DecisionRow =
  | RowOf<true, LinkedBcFact, LinkedOutlookFact, LinkedView>
  | RowOf<false, UnlinkedBcFact, UnlinkedOutlookFact, UnlinkedView>;

const GONE: readonly LinkedBcFact[] = ['deleted', 'outOfScope'];
const HERE: readonly LinkedBcFact[] = ['same', 'changed'];
/** Outlook's mapped values as the base (with or without values BC has no field for). */
const UNCHANGED: readonly LinkedOutlookFact[] = ['same', 'holdsOwn'];

/**
 * Design §2 for one pair, as a decision table read top to bottom; the first row whose facts match
 * decides. Facts (pair.ts): BC `same | changed | deleted | outOfScope` and Outlook
 * `same | holdsOwn | changed | deleted` for a link; for unlinked contacts, BC `none | inScope | filteredOut |
 * outOfScope` and Outlook `none | matched | importable | refused | ourCopy` (matching and the import checks
 * happen before, in matching.ts). `test/core/decision-table.test.ts` checks that every combination
 * of facts meets exactly one row.
 */
// prettier-ignore
/** @internal */
export const DECISION_TABLE: readonly DecisionRow[] = [
  // rule                            linked  BC                          Outlook                      action
  { rule: 'deletions.bothGone',       linked: true,  bc: GONE,                  outlook: ['deleted'],            action: unlink },
  { rule: 'deletions.removeCopy',     linked: true,  bc: GONE,                  outlook: ['same'],               action: removeOutlookCopy },
  { rule: 'deletions.keepOutlookChanges', linked: true, bc: GONE,               outlook: ['changed'],            action: deletedInBcConflict },
  { rule: 'deletions.keepOutlookOnly', linked: true, bc: GONE,                  outlook: ['holdsOwn'],           action: deletedInBcConflict },
  { rule: 'deletions.recreate',       linked: true,  bc: HERE,                  outlook: ['deleted'],            action: recreateInOutlook },
  { rule: 'changes.stampsOnly',       linked: true,  bc: ['same'],              outlook: UNCHANGED,              action: refreshStamps },
  { rule: 'changes.toOutlook',        linked: true,  bc: ['changed'],           outlook: UNCHANGED,              action: mergePair },
  { rule: 'changes.toBc',             linked: true,  bc: ['same'],              outlook: ['changed'],            action: mergePair },
  { rule: 'changes.bothSides',        linked: true,  bc: ['changed'],           outlook: ['changed'],            action: mergePair },
  { rule: 'scope.filteredOut',        linked: false, bc: ['filteredOut'],       outlook: ['none'],               action: countFilteredOut },
  { rule: 'scope.skip',               linked: false, bc: ['outOfScope'],        outlook: ['none'],               action: skipOutOfScope },
  { rule: 'create.inOutlook',         linked: false, bc: ['inScope'],           outlook: ['none'],               action: createInOutlook },
  { rule: 'match.byBcId',             linked: false, bc: ['inScope'],           outlook: ['matchedByBcId'],      action: firstMatch },
  { rule: 'match.byEmail',            linked: false, bc: ['inScope'],           outlook: ['matchedByEmail'],     action: firstMatch },
  { rule: 'import.skip',              linked: false, bc: ['none'],              outlook: ['refused'],            action: skipImport },
  { rule: 'duplicates.removeOurCopy', linked: false, bc: ['none'],              outlook: ['ourCopy'],            action: removeOurCopy },
  { rule: 'import.create',            linked: false, bc: ['none'],              outlook: ['importable'],         action: createInBc },
];

function factsMatch(row: DecisionRow, v: PairView): boolean {
  return (
    (row.bc as readonly string[]).includes(v.bc) && (row.outlook as readonly string[]).includes(v.outlook)
  );
}

/**
 * `factsMatch` for the unlinked pairs' views: a function of its own, as `decideUnlinkedPair` (one
 * compiled over the linked pairs' views was thrown away at the first unlinked one, "wrong map").
 */
function factsMatchUnlinked(row: DecisionRow, v: UnlinkedView): boolean {
  return (
    (row.bc as readonly string[]).includes(v.bc) && (row.outlook as readonly string[]).includes(v.outlook)
  );
}

/**
 * Most pairs at scale decide "nothing to do": one shared decision per rule, no allocation. Not
 * frozen: a frozen object is of a hidden class of its own, and the planner's collector, compiled
 * over the decisions of the links (which rarely decide nothing), was thrown away at the first one
 * of the unlinked pairs' (issue 12, "wrong map", --trace-deopt). Nothing writes a decision: its
 * type is read-only, and its lists are the shared empty ones.
 */
const NOTHING_BY_RULE = new Map<RuleId, PairDecision>();

/** A decision: one literal for every decision, so all are of one hidden class. */
const decision = (rule: RuleId, outcome: Outcome): PairDecision => ({
  rule,
  items: outcome.items,
  conflict: outcome.conflict,
  skipped: outcome.skipped,
});

function decided(rule: RuleId, outcome: Outcome): PairDecision {
  // One literal, not a spread of the outcome (a copy property by property, for every pair that writes
  // or skips: issue 12 §2).
  if (outcome !== NOTHING) return decision(rule, outcome);
  let d = NOTHING_BY_RULE.get(rule);
  if (!d) NOTHING_BY_RULE.set(rule, (d = decision(rule, NOTHING)));
  return d;
}

/** The table's rows for linked pairs and for unlinked ones, each in the table's order. */
const LINKED_ROWS = DECISION_TABLE.filter((row): row is Extract<DecisionRow, { linked: true }> => row.linked);
const UNLINKED_ROWS = DECISION_TABLE.filter(
  (row): row is Extract<DecisionRow, { linked: false }> => !row.linked,
);

/**
 * Decides one pair: its facts, the first matching row of the table, and that row's action. A pair
 * whose decision would write, link or record anything is first checked for text that cannot be
 * stored (rule text.unstorable): then it is held as it is. Pairs with nothing to do — most of them
 * at scale — are not scanned: they write and store nothing.
 */
export function decidePair(pair: Pair, ctx: PairContext): PairDecision {
  return pair.kind === 'linked' ? decideLinkedPair(pair, ctx) : decideUnlinkedPair(pair, ctx);
}

/**
 * `decidePair` for a linked pair, and for an unlinked one below: one function each, so that the
 * planner's loop over the links and its loop over the unlinked pairs each call code that has only
 * seen its own kind of pair (issue 12: a plan's first run at 100,000 a side compiled the shared
 * path again when the unlinked pairs reached it, with the link path's feedback thrown away).
 */
export function decideLinkedPair(
  pair: Extract<Pair, { kind: 'linked' }>,
  ctx: PairContext,
  facts: PairFacts = NOT_READ,
): PairDecision {
  const v = viewLinked(pair, ctx, facts);
  for (const row of LINKED_ROWS)
    if (factsMatch(row, v))
      return withUnstorable(
        pair,
        pair.bc.kind === 'present' ? pair.bc.contact : null,
        pair.outlook.kind === 'present' ? pair.outlook.contact : null,
        decided(row.rule, withOwedStamp(v, row.rule, row.action(v, ctx))),
      );
  throw new CoreBug('noDecisionRow', { linked: 'true', bc: v.bc, outlook: v.outlook });
}

/** `decidePair` for an unlinked pair (see `decideLinkedPair`). */
function decideUnlinkedPair(pair: Exclude<Pair, { kind: 'linked' }>, ctx: PairContext): PairDecision {
  return pair.kind === 'outlookOnly' ? decideImportPair(pair, ctx) : decideBcSidePair(pair, ctx);
}

/**
 * `decideUnlinkedPair` for a BC contact alone or matched, and below for an Outlook contact alone:
 * one function each (see `viewImport`), the planner calling each for its own kind of pair.
 */
export function decideBcSidePair(
  pair: Extract<Pair, { kind: 'bcOnly' | 'matched' }>,
  ctx: PairContext,
): PairDecision {
  const v = viewBcSide(pair);
  const outlook = pair.kind === 'matched' ? pair.outlook : null;
  for (const row of UNLINKED_ROWS)
    if (factsMatchUnlinked(row, v))
      return withUnstorable(pair, pair.bc, outlook, decided(row.rule, row.action(v, ctx)));
  throw new CoreBug('noDecisionRow', { linked: 'false', bc: v.bc, outlook: v.outlook });
}

/** `decideUnlinkedPair` for an Outlook contact alone (see `decideBcSidePair`). */
export function decideImportPair(
  pair: Extract<Pair, { kind: 'outlookOnly' }>,
  ctx: PairContext,
): PairDecision {
  const v = viewImport(pair);
  for (const row of UNLINKED_ROWS)
    if (factsMatchUnlinked(row, v))
      return withUnstorable(pair, null, pair.outlook, decided(row.rule, row.action(v, ctx)));
  throw new CoreBug('noDecisionRow', { linked: 'false', bc: v.bc, outlook: v.outlook });
}

/**
 * The table's decision, or the pair held as it is when it would write or record unstorable text;
 * `bc` and `outlook` are the pair's contacts as its view reports them (`unstorableIn`).
 */
function withUnstorable(
  pair: Pair,
  bc: BcContact | null,
  outlook: OutlookContact | null,
  d: PairDecision,
): PairDecision {
  if (d.items.length === 0 && d.skipped.length === 0 && d.conflict === null) return d;
  const unstorable = unstorableIn(bc, outlook);
  return unstorable.length === 0 ? d : { rule: 'text.unstorable', ...holdUnstorable(pair, unstorable) };
}
