// The planner as it was before issue 12's split of its loops (planner.ts at 40dc9b4), kept verbatim but for its
// imports, exports and what the planner does not call: the oracle test/core/planner-differential.test.ts holds today's plans to.
import { conflictHeldAddresses } from '../../../src/core/conflict-held.js';
import { CoreBug } from '../../../src/core/core-bug.js';
import { emailHoldersOf } from '../../../src/core/bc-email-index.js';
import { EmailClaims } from '../../../src/core/email-claims.js';
import { normalizeEmail } from '../../../src/core/model.js';
import { crossedLinks } from '../../../src/core/crossed-links.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { listsAfterPlan } from '../../../src/core/carried-lists.js';
import { matchSteps } from './matching.js';
import type { OutlookContact, SyncFields } from '../../../src/core/model.js';
import { stampAgrees, withTrustedStamp } from '../../../src/core/stamp-identity.js';
import { isQuietPair, pairContext, skipKey } from '../../../src/core/pair.js';
import type { Pair, PairDecision } from '../../../src/core/pair.js';
import { decidePair } from './pair-table.js';
import type { Plan, PlanGuard, PlanInput, PlanItem } from '../../../src/core/plan.js';
import type { ConflictEntry, SkipEntry } from '../../../src/core/ports.js';
import { bcState, indexViews, keyGone, outlookState } from '../../../src/core/plan-views.js';
import type { Views } from '../../../src/core/plan-views.js';

/** The link naming a BC id (the last one), looked up only when a refusal names it: indexed on first use. */
function linkFinder(links: readonly Link[]): (bcId: string) => Link | undefined {
  let byBcId: Map<string, Link> | null = null;
  return (bcId) => {
    if (!byBcId) {
      byBcId = new Map();
      for (const link of links) byBcId.set(link.bcId, link);
    }
    return byBcId.get(bcId);
  };
}

/**
 * Outlook contacts that carry a BC id but no link: copies of a synced contact (Outlook's own
 * "copy" keeps the BC id property). Indexed on first use, which only a pair whose Outlook copy was
 * deleted asks for, so a run with no such pair pays nothing (issue 12 §2).
 */
class StampedCopies {
  private byBcId: Map<string, OutlookContact[]> | null = null;

  constructor(
    private readonly view: PlanInput['outlook'],
    private readonly links: readonly Link[],
  ) {}

  /**
   * rule deletions.adoptCopy: a copy stamped with `bcId` that no link holds, taken so no other
   * pair adopts it (the first one read, when the user kept several).
   */
  take(bcId: string, base: SyncFields, bc: SyncFields | undefined): OutlookContact | undefined {
    if (!this.byBcId) {
      const linked = new Set(this.links.map((l) => l.outlookId));
      const list = this.view.kind === 'snapshot' ? this.view.contacts : this.view.changed;
      this.byBcId = new Map();
      for (const o of list) {
        if (o.bcId === '' || linked.has(o.id)) continue;
        const same = this.byBcId.get(o.bcId);
        if (same) same.push(o);
        else this.byBcId.set(o.bcId, [o]);
      }
    }
    // rule match.stampIdentity: only a copy that agrees with the contact (stamp-identity.ts).
    const copies = this.byBcId.get(bcId);
    const at = copies ? copies.findIndex((o) => stampAgrees(o, bc, base)) : -1;
    return at < 0 ? undefined : copies!.splice(at, 1)[0];
  }
}

/** rule guard.bcEmpty, guard.massDelete */
function guardOf(input: PlanInput, items: readonly PlanItem[], views: Views): PlanGuard | null {
  if (input.confirmMassDelete) return null;
  const folderSize = input.linkCount ?? input.links.length;
  if (folderSize > 0 && views.bcIsSnapshot && views.bc.size === 0) return { kind: 'bcEmpty', folderSize };
  let deletes = 0;
  for (const i of items) if (i.kind === 'deleteInOutlook') deletes++;
  if (deletes > 0 && deletes > input.massDeleteShare * folderSize) {
    return { kind: 'massDelete', deletes, folderSize, share: input.massDeleteShare };
  }
  return null;
}

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

/** Gathers the pairs' decisions into the plan's lists. */
class Collector {
  readonly items: PlanItem[] = [];
  readonly conflicts: ConflictEntry[] = [];
  readonly resolvedConflicts: string[] = [];
  readonly skipped: SkipEntry[] = [];
  readonly unskipped: string[] = [];
  excludedByFilter = 0;

  /** `complete`: the store replaces its lists, so what went away is not collected (issue 12 §2: 200,000 keys at 100,000 contacts). */
  constructor(private readonly complete: boolean) {}

  add(pair: Pair, d: PairDecision): void {
    for (let i = 0; i < d.items.length; i++) this.items.push(d.items[i]!);
    for (let i = 0; i < d.skipped.length; i++) this.skipped.push(d.skipped[i]!);
    if (d.conflict) this.conflicts.push(d.conflict);
    else if (pair.kind === 'linked' && !this.complete) this.resolvedConflicts.push(pair.link.bcId);
    if (d.rule === 'scope.filteredOut') this.excludedByFilter++;
    if (this.complete) return;
    // A key this decision did not skip again no longer applies (delta runs edit the list).
    for (const key of pairKeys(pair)) if (!d.skipped.some((s) => s.key === key)) this.unskipped.push(key);
  }
}

/**
 * Plans one run (design §2) without any I/O: which contacts to create, update or delete on each
 * side, which links to add or drop, the conflicts and the skipped contacts with their reasons.
 * Every pair — linked, matched or alone — is decided by the decision table (`pair-table.ts`).
 *
 * @throws CoreBug `fullSyncNeedsSnapshots` when a full sync is given delta views (a caller's bug).
 * @throws CoreBug `noDecisionRow` when no row of the decision table matches a pair's facts, and
 *   `actionPairMismatch` when a row's action meets a pair of another kind (bugs in the table, never
 *   in the data: test/core/decision-table checks every combination of facts meets exactly one row).
 * @internal Test seam: the whole plan in one call; runs plan in steps (planInSteps).
 */
export function planSync(input: PlanInput): Plan {
  const steps = planSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How many links the planner decides between two steps (a lease beat each, issue 12). */
const PLAN_STEP_LINKS = 512;

/** How far planning got: `done` of `total` steps (a step is PLAN_STEP_LINKS links, or matching). */
export interface PlanStep {
  readonly done: number;
  readonly total: number;
}

/**
 * `planSync` with `onStep` awaited between its steps: planning 100,000 contacts takes seconds of
 * CPU (far more on a loaded machine), and a run keeps its lease alive meanwhile (issue 12). The
 * plan is the one planSync makes.
 */
export async function planInSteps(
  input: PlanInput,
  onStep: (step: PlanStep) => Promise<void>,
): Promise<Plan> {
  const steps = planSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await onStep(step.value);
  }
}

/** The planner's body, pausing after every PLAN_STEP_LINKS links, every MATCH_STEP_CONTACTS contacts matched and after matching. */
function* planSteps(input: PlanInput): Generator<PlanStep, Plan, void> {
  if (input.mode === 'full' && (input.bc.kind !== 'snapshot' || input.outlook.kind !== 'snapshot')) {
    throw new CoreBug('fullSyncNeedsSnapshots', { bc: input.bc.kind, outlook: input.outlook.kind });
  }
  const views = indexViews(input);
  // The oracle records rule duplicates.bc for updates (5c306fdb), as the planner holds it.
  // The oracle records the plan's own E-Mail claims (rule duplicates.bc, helper claims 2026-12-07):
  // the pairs whose Outlook side moves the E-Mail are decided after the others, by BC id, each
  // decision's moves claimed for the later ones; every decision is listed in its pair's place.
  const claims = new EmailClaims();
  const ctx = pairContext({
    ...input,
    emailHolders: emailHoldersOf(input.bc.kind === 'snapshot' ? input.bc.contacts : input.bc.changed),
    claims,
  });
  // With both sides read in full the plan knows every conflict and skip: the store replaces its
  // lists, so there is no need to name each one that went away.
  const complete = views.bcIsSnapshot && views.olIsSnapshot;
  const out = new Collector(complete);
  const recorded = new Map((input.recorded ?? []).map((c) => [c.bcId, c.record]));

  // rule match.followStamps: crossed links are dropped before any pair is decided (F123).
  const olRead = input.outlook.kind === 'snapshot' ? input.outlook.contacts : input.outlook.changed;
  // Each stored link's Outlook contact, looked up once: the crossed-link check reads it, and so
  // does the link's pair (issue 12 §2: one hash look-up of a 152-character id less per link).
  const olAt = Int32Array.from(input.links, (l) => views.ol.positionOf(l.outlookId));
  const crossed = crossedLinks(input.links, olRead, views.ol, views.bc, (i) => views.ol.atPosition(olAt[i]!));
  const trusted = crossed.untrusted.size === 0;
  const links = trusted
    ? input.links
    : [...input.links.filter((l) => !crossed.untrusted.has(l.bcId)), ...crossed.repaired];
  const copies = new StampedCopies(input.outlook, links);
  // Steps: the links, matching, then the unlinked pairs (at most one per unclaimed contact: as
  // many as the links leave when each claims one contact a side, counted exactly once known).
  const stepsOf = (n: number) => Math.ceil(n / PLAN_STEP_LINKS);
  const unlinkedAtLeast =
    Math.max(0, views.bc.size - links.length) + Math.max(0, views.ol.size - links.length);
  let total = stepsOf(links.length) + 1 + stepsOf(unlinkedAtLeast);
  let done = 0;
  const linked: { pair: Pair; moves: boolean; decision: PairDecision | null }[] = [];
  for (let i = 0; i < links.length; i++) {
    if (i > 0 && i % PLAN_STEP_LINKS === 0) yield { done: ++done, total };
    const link = links[i]!;
    const bcContact = views.bc.claim(link.bcId);
    const olContact = trusted ? views.ol.claimAt(olAt[i]!) : views.ol.claim(link.outlookId);
    const record = recorded.size === 0 ? null : (recorded.get(link.bcId) ?? null);
    // Most pairs of a full sync at scale: nothing changed, nothing recorded. The table's decision
    // (changes.stampsOnly, nothing to do) adds nothing to a complete plan, so the pair is not built.
    if (complete && record === null && bcContact && olContact && isQuietPair(link, bcContact, olContact, ctx))
      continue;
    const bc = bcState(views, link.bcId, bcContact);
    let outlook = outlookState(views, link.outlookId, olContact);
    // rule delta.changesOnly: neither side reported the pair, so it is as of the base.
    if (bc.kind === 'unchanged' && outlook.kind === 'unchanged') continue;
    let pairLink = link;
    const copy = outlook.kind === 'deleted' ? copies.take(link.bcId, link.base, bcContact) : undefined;
    if (copy) {
      // rule deletions.adoptCopy: the link moves to the copy the user kept (F80).
      views.ol.claim(copy.id);
      // The link's stamp and word were about the deleted contact, not the copy: none carries.
      pairLink = makeLink({ bcId: link.bcId, outlookId: copy.id }, link.base, link, link.outlookOwn);
      outlook = { kind: 'present', contact: copy };
    }
    const pair: Pair = { kind: 'linked', link: pairLink, bc, outlook, recorded: record };
    const address =
      outlook.kind === 'present' ? normalizeEmail(outlook.contact.emailAddresses[0]?.address ?? '') : '';
    const moves = address !== '' && address !== normalizeEmail(pairLink.base.email);
    linked.push({ pair, moves, decision: null });
  }
  const decide = (l: (typeof linked)[number]) => {
    l.decision = decidePair(l.pair, ctx);
    claims.note(l.decision.items);
  };
  for (const l of linked) if (!l.moves) decide(l);
  const bcIdOf = (l: (typeof linked)[number]) => (l.pair.kind === 'linked' ? l.pair.link.bcId : '');
  for (const l of linked
    .filter((m) => m.moves)
    .sort((a, b) => (bcIdOf(a) < bcIdOf(b) ? -1 : bcIdOf(a) > bcIdOf(b) ? 1 : 0)))
    decide(l);
  for (const l of linked) out.add(l.pair, l.decision!);

  // E-mail matching of unlinked contacts must see the e-mails BC will hold after this run.
  for (const item of out.items) {
    const current = item.kind === 'update' ? views.bc.get(item.bcId) : undefined;
    if (item.kind === 'update' && current)
      views.bc.setAfterPlan(item.bcId, { ...current, ...item.bc.target });
  }
  const unclaimed = { bc: views.bc.unclaimed(), outlook: views.ol.unclaimed() };
  total = stepsOf(links.length) + 1 + stepsOf(unclaimed.bc.length + unclaimed.outlook.length);
  // rules match.byBcId, match.byEmail, duplicates.outlook, duplicates.bc and delta.bothWays: the
  // contacts no link claims (a delta's new ones too) are matched as in a full sync.
  const bcAfterPlan = views.bc.afterPlan();
  const linkOfBc = linkFinder(links);
  const matchingSteps = matchSteps(
    {
      bcContacts: unclaimed.bc,
      bcAfterPlan,
      outlookContacts: unclaimed.outlook.map((o) =>
        withTrustedStamp(
          o,
          (id) => bcAfterPlan.get(id),
          (id) => linkOfBc(id)?.base,
        ),
      ),
      linkOfBc: linkFinder(links),
      heldByConflict: conflictHeldAddresses(
        input.recorded ?? [],
        (id) => views.ol.get(id),
        linkFinder(links),
      ),
    },
    ctx,
  );
  // Matching pauses every MATCH_STEP_CONTACTS contacts; its pauses are steps of the one matching step.
  let matched = matchingSteps.next();
  for (; !matched.done; matched = matchingSteps.next()) yield { done, total };
  const matching = matched.value;
  for (const s of matching.skipped) out.skipped.push(s);
  yield { done: ++done, total };
  for (let i = 0; i < matching.pairs.length; i++) {
    if (i > 0 && i % PLAN_STEP_LINKS === 0) yield { done: ++done, total };
    const found = matching.pairs[i]!;
    let pair: Pair =
      found.kind === 'matched' ? { ...found, recorded: recorded.get(found.bc.id) ?? null } : found;
    if (pair.kind === 'outlookOnly' && pair.refusals.length === 0) {
      const email = pair.fields.email;
      const claimants = claims.claimants(normalizeEmail(email), undefined);
      if (claimants.length > 0)
        pair = { ...pair, refusals: [{ kind: 'duplicateEmailInBc', email, bcIds: [...claimants] }] };
    }
    const decision = decidePair(pair, ctx);
    claims.note(decision.items);
    out.add(pair, decision);
  }

  // rule delta.goneContacts: a recorded skip of a contact this read shows gone goes with it, whether
  // or not a pair was decided for it (an unlinked contact deleted has none).
  if (!complete)
    for (const s of input.recordedSkipped ?? []) if (keyGone(views, s.key)) out.unskipped.push(s.key);
  yield { done: total, total };
  const lists = listsAfterPlan(
    complete,
    out,
    { skipKeys: out.unskipped, conflictIds: out.resolvedConflicts },
    { skipped: input.recordedSkipped ?? [], conflicts: input.recorded ?? [] },
  );
  return {
    mode: input.mode,
    complete,
    items: out.items,
    conflicts: lists.conflicts,
    resolvedConflicts: out.resolvedConflicts,
    skipped: lists.skipped,
    unskipped: out.unskipped,
    excludedByFilter: out.excludedByFilter,
    guard: guardOf(input, out.items, views),
    untrustedLinks: [...crossed.untrusted],
    repairedLinks: crossed.repaired,
  };
}
