import { emailHoldersOf, movedEmail } from './bc-email-index.js';
import { withSyncFields } from './bc-refusals.js';
import { CoreBug } from './core-bug.js';
import { EmailClaims } from './email-claims.js';
import { NO_CROSSED_LINKS, crossedLinks } from './crossed-links.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { listsAfterPlan } from './carried-lists.js';
import { matchSteps } from './matching.js';
import { conflictHeldAddresses } from './conflict-held.js';
import { normalizeEmail } from './model.js';
import type { OutlookContact, SyncFields } from './model.js';
import { stampAgrees, withTrustedStamp } from './stamp-identity.js';
import { NOT_READ, isQuietFacts, pairContext, readFacts } from './pair.js';
import type { Pair, PairContext, PairFacts } from './pair.js';
import type { ConflictRecord } from './merge.js';

type LinkedPair = Extract<Pair, { kind: 'linked' }>;
type UnlinkedPair = Exclude<Pair, { kind: 'linked' }>;
import { decideBcSidePair, decideImportPair, decideLinkedPair } from './pair-table.js';
import type { Plan, PlanGuard, PlanInput, PlanItem } from './plan.js';
import { Collector } from './plan-collector.js';
import type { Slot } from './plan-collector.js';
import { bcState, indexViews, keyGone, linkedPositions, outlookState } from './plan-views.js';
import type { Views } from './plan-views.js';

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
   * pair adopts it (the first one read, when the user kept several). Only a copy that is still the
   * contact the id stands for (rule match.stampIdentity: agrees with the link's `base` or with `bc`,
   * BC's contact when read) is adopted: a copy the user made into another person keeps the stamp but
   * must not overwrite this BC contact with that person (attack, CT000160); it is imported as new.
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
  // A copy our own create left is no synced contact of the folder (rule duplicates.removeOurCopy).
  for (const i of items) if (i.kind === 'deleteInOutlook' && i.reason !== 'ourCopy') deletes++;
  if (deletes > 0 && deletes > input.massDeleteShare * folderSize) {
    return { kind: 'massDelete', deletes, folderSize, share: input.massDeleteShare };
  }
  return null;
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
 * The whole plan in one call: a run plans in steps (planInSteps); the plan of a delta's BC changes
 * made ahead of Graph's answer is small (entries-ahead.ts).
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

/** What deciding the links reads and fills (`decideLinks`), the same for every step. */
interface LinkPass {
  readonly links: readonly Link[];
  /** Each link's Outlook contact position in `views.ol` (read when the links are trusted). */
  readonly olAt: Int32Array;
  readonly trusted: boolean;
  readonly views: Views;
  readonly ctx: PairContext;
  readonly complete: boolean;
  readonly recorded: ReadonlyMap<string, ConflictRecord>;
  readonly copies: StampedCopies;
  readonly out: Collector;
  /** Pairs whose Outlook side moves the E-Mail, decided after the others (`decideMovers`), and their places. */
  readonly movers: { readonly pair: LinkedPair; readonly facts: PairFacts; readonly slot: Slot }[];
}

/*
 * The planner's loops are functions of their own, outside the generator (issue 12: the first plan
 * at 100,000 a side is most of its CPU beyond a warm plan's in compiling). One generator holding
 * every loop was compiled whole as each loop grew hot, and again when a later loop reached code the
 * first compile had no feedback for (three compiles of it in one first plan, 40-170 ms each, traced
 * with --trace-opt --trace-deopt); a loop of its own is compiled for itself, once.
 */

/**
 * Decides links `from` until `to` (rules of design §2 for linked pairs), into `p.out`: a loop over
 * a call, its body a function of its own (issue 12: each call of this loop runs 512 links, long
 * enough that the one running when its optimized code was asked for had its loop compiled again
 * on the stack (OSR), the whole body twice in a first plan; a call per link is optimized once, by
 * its calls).
 */
function decideLinks(p: LinkPass, from: number, to: number): void {
  for (let i = from; i < to; i++) decideLink(p, i);
}

/** Decides the link at `i` of `p.links`. */
function decideLink(p: LinkPass, i: number): void {
  const { views, ctx } = p;
  const link = p.links[i]!;
  const bcContact = views.bc.claim(link.bcId);
  const olContact = p.trusted ? views.ol.claimAt(p.olAt[i]!) : views.ol.claim(link.outlookId);
  const record = p.recorded.size === 0 ? null : (p.recorded.get(link.bcId) ?? null);
  // Both contacts read: their facts, found once for the quiet check and the pair's view.
  const facts = bcContact && olContact ? readFacts(link, bcContact, olContact, ctx) : NOT_READ;
  // Most pairs of a full sync at scale: nothing changed, nothing recorded. The table's decision
  // (changes.stampsOnly, nothing to do) adds nothing to a complete plan, so the pair is not built.
  if (
    p.complete &&
    record === null &&
    bcContact &&
    olContact &&
    isQuietFacts(facts, link, bcContact, olContact)
  )
    return;
  const bc = bcState(views, link.bcId, bcContact);
  let outlook = outlookState(views, link.outlookId, olContact);
  // rule delta.changesOnly: neither side reported the pair, so it is as of the base.
  if (bc.kind === 'unchanged' && outlook.kind === 'unchanged') return;
  let pairLink = link;
  const copy = outlook.kind === 'deleted' ? p.copies.take(link.bcId, link.base, bcContact) : undefined;
  if (copy) {
    // rule deletions.adoptCopy: the link moves to the copy the user kept (F80).
    views.ol.claim(copy.id);
    // The link's stamp and word were about the deleted contact, not the copy: none carries.
    pairLink = makeLink({ bcId: link.bcId, outlookId: copy.id }, link.base, link, link.outlookOwn);
    outlook = { kind: 'present', contact: copy };
  }
  const pair: LinkedPair = { kind: 'linked', link: pairLink, bc, outlook, recorded: record };
  // A copy adopted is not the contact the facts were read of.
  const pairFacts = copy ? NOT_READ : facts;
  if (outlook.kind === 'present' && movesEmail(outlook.contact, pairLink.base)) {
    p.movers.push({ pair, facts: pairFacts, slot: p.out.defer() });
    return;
  }
  p.out.add(pair, decideLinkedPair(pair, ctx, pairFacts));
}

/** Whether `contact`'s first e-mail moves the pair's E-Mail off `base` (one comparison for most). */
function movesEmail(contact: OutlookContact, base: Link['base']): boolean {
  const address = contact.emailAddresses[0]?.address ?? '';
  return address !== base.email && movedEmail(contact, base) !== null;
}

/**
 * rule duplicates.bc: the pairs whose Outlook side moves the E-Mail, decided in the order of their
 * BC ids, so when two move onto one address the same one is written and the other held naming it
 * (EmailClaims), whatever order the links came in: a delta's links are in the order they were
 * looked up, a full sync's in the store's.
 */
function decideMovers(p: LinkPass): void {
  if (p.movers.length === 0) return;
  const movers = p.movers.sort((a, b) =>
    a.pair.link.bcId < b.pair.link.bcId ? -1 : a.pair.link.bcId > b.pair.link.bcId ? 1 : 0,
  );
  for (const { pair, facts, slot } of movers) p.out.fill(slot, pair, decideLinkedPair(pair, p.ctx, facts));
  p.out.settle();
}

/**
 * E-mail matching of unlinked contacts must see the e-mails BC will hold after this run. Each one
 * is the contact with the update's values as one literal (issue 12 §2: a spread of the contact and
 * the values made an object property by property, for every BC update of a plan).
 */
function noteBcAfterPlan(items: readonly PlanItem[], views: Views): void {
  for (const item of items) {
    const current = item.kind === 'update' ? views.bc.get(item.bcId) : undefined;
    if (item.kind === 'update' && current)
      views.bc.setAfterPlan(item.bcId, withSyncFields(current, item.bc.target));
  }
}

/**
 * Decides the unlinked pairs matching found, `from` until `to`, into `out`: the BC contacts' pairs
 * and the Outlook contacts' alone each by a function of its own (see `decideLinks`, `viewImport`).
 */
function decideUnlinked(
  pairs: readonly UnlinkedPair[],
  from: number,
  to: number,
  recorded: ReadonlyMap<string, ConflictRecord>,
  ctx: PairContext,
  out: Collector,
): void {
  for (let i = from; i < to; i++) {
    const found = pairs[i]!;
    if (found.kind === 'outlookOnly') decideImport(found, ctx, out);
    else decideBcSide(found, recorded, ctx, out);
  }
}

/** Decides a BC contact's unlinked pair (alone or matched), into `out`. */
function decideBcSide(
  found: Extract<UnlinkedPair, { kind: 'bcOnly' | 'matched' }>,
  recorded: ReadonlyMap<string, ConflictRecord>,
  ctx: PairContext,
  out: Collector,
): void {
  // One literal, not a spread of the pair (a spread made matched pairs of another hidden class).
  const pair: Extract<UnlinkedPair, { kind: 'bcOnly' | 'matched' }> =
    found.kind === 'matched'
      ? {
          kind: 'matched',
          bc: found.bc,
          outlook: found.outlook,
          by: found.by,
          scopeReasons: found.scopeReasons,
          recorded: recorded.get(found.bc.id) ?? null,
        }
      : found;
  out.add(pair, decideBcSidePair(pair, ctx));
}

/** Decides an Outlook contact alone (an import, or its refusal), into `out`. */
function decideImport(
  found: Extract<UnlinkedPair, { kind: 'outlookOnly' }>,
  ctx: PairContext,
  out: Collector,
): void {
  // rule duplicates.bc: matching saw the links' updates (bcAfterPlan), not the matched pairs'
  // decided after it; an address one of them moves an E-Mail to is no new contact's.
  const key = found.refusals.length === 0 ? normalizeEmail(found.fields.email) : '';
  const claimants = key === '' ? [] : (ctx.claims?.claimants(key, undefined) ?? []);
  const pair: typeof found =
    claimants.length === 0
      ? found
      : {
          ...found,
          refusals: [{ kind: 'duplicateEmailInBc', email: found.fields.email, bcIds: [...claimants] }],
        };
  out.add(pair, decideImportPair(pair, ctx));
}

/** The planner's body, pausing after every PLAN_STEP_LINKS links, every MATCH_STEP_CONTACTS contacts matched and after matching. */
function* planSteps(input: PlanInput): Generator<PlanStep, Plan, void> {
  if (input.mode === 'full' && (input.bc.kind !== 'snapshot' || input.outlook.kind !== 'snapshot')) {
    throw new CoreBug('fullSyncNeedsSnapshots', { bc: input.bc.kind, outlook: input.outlook.kind });
  }
  const views = indexViews(input);
  // rule duplicates.bc: an update's E-Mail is checked against the BC contacts read (a delta reads
  // the holders of each address an Outlook edit moves an E-Mail to: delta-reads.ts).
  // Each decision's E-Mail moves are noted for the later ones (email-claims.ts).
  const claims = new EmailClaims();
  const ctx = pairContext({
    ...input,
    emailHolders: emailHoldersOf(input.bc.kind === 'snapshot' ? input.bc.contacts : input.bc.changed),
    claims,
  });
  // With both sides read in full the plan knows every conflict and skip: the store replaces its
  // lists, so there is no need to name each one that went away.
  const complete = views.bcIsSnapshot && views.olIsSnapshot;
  const out = new Collector(complete, claims);
  const recorded = new Map((input.recorded ?? []).map((c) => [c.bcId, c.record]));

  // rule match.followStamps: crossed links are dropped before any pair is decided (F123).
  const olRead = input.outlook.kind === 'snapshot' ? input.outlook.contacts : input.outlook.changed;
  const { olAt, stampsAgree } = linkedPositions(input.links, views);
  const crossed = stampsAgree
    ? NO_CROSSED_LINKS
    : crossedLinks(input.links, olRead, views.ol, views.bc, (i) => views.ol.atPosition(olAt[i]!));
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
  const movers: LinkPass['movers'] = [];
  const pass: LinkPass = { links, olAt, trusted, views, ctx, complete, recorded, copies, out, movers };
  for (let from = 0; from < links.length; from += PLAN_STEP_LINKS) {
    if (from > 0) yield { done: ++done, total };
    decideLinks(pass, from, Math.min(links.length, from + PLAN_STEP_LINKS));
  }
  decideMovers(pass);

  noteBcAfterPlan(out.items, views);
  const unclaimed = { bc: views.bc.unclaimed(), outlook: views.ol.unclaimed() };
  total = stepsOf(links.length) + 1 + stepsOf(unclaimed.bc.length + unclaimed.outlook.length);
  // rules match.byBcId, match.byEmail, duplicates.outlook, duplicates.bc and delta.bothWays: the
  // contacts no link claims (a delta's new ones too) are matched as in a full sync.
  const linkOfBc = linkFinder(links);
  const bcAfterPlan = views.bc.afterPlan();
  const matchingSteps = matchSteps(
    {
      bcContacts: unclaimed.bc,
      bcAfterPlan: views.bc.afterPlan(),
      // rule match.stampIdentity: a stamp names its contact only while the contact agrees with it.
      outlookContacts: unclaimed.outlook.map((o) =>
        withTrustedStamp(
          o,
          (id) => bcAfterPlan.get(id),
          (id) => linkOfBc(id)?.base,
        ),
      ),
      linkOfBc,
      linkedOutlook: (id) => views.ol.get(id),
      heldByConflict: conflictHeldAddresses(input.recorded ?? [], (id) => views.ol.get(id), linkOfBc),
    },
    ctx,
  );
  // Matching pauses every MATCH_STEP_CONTACTS contacts; its pauses are steps of the one matching step.
  let matched = matchingSteps.next();
  for (; !matched.done; matched = matchingSteps.next()) yield { done, total };
  const matching = matched.value;
  for (const s of matching.skipped) out.skipped.push(s);
  yield { done: ++done, total };
  for (let from = 0; from < matching.pairs.length; from += PLAN_STEP_LINKS) {
    if (from > 0) yield { done: ++done, total };
    decideUnlinked(
      matching.pairs,
      from,
      Math.min(matching.pairs.length, from + PLAN_STEP_LINKS),
      recorded,
      ctx,
      out,
    );
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
