import type { CompiledFilter } from './filter/index.js';
import type { Link } from './link.js';
import { outlookHolds } from './mapping.js';
import { holdsOutlookOnly, outlookOnlyValues } from './outlook-only.js';
import { settledOnCopy } from './merge.js';
import type { ConflictPolicy, ConflictRecord } from './merge.js';
import { sameFieldValue, sameSyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import type { PlanItem } from './plan.js';
import type { EmailClaims } from './email-claims.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import type { SkipReason } from './skip-records.js';
import type { RuleId } from './rules.js';
import { outOfScopeReasons } from './scope.js';
import type { OutOfScopeReason } from './scope.js';
import { sharedEmptyList } from './empty-list.js';

/** What one side's view says about a linked contact. */
export type SideState<T> =
  | { readonly kind: 'present'; readonly contact: T }
  /** Not reported by a delta view: as of the base. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'deleted' };

/**
 * One pair the planner decides: a link with what each side reports, or unlinked contacts after
 * matching (a BC contact alone, a BC contact with the Outlook contact matched to it, an Outlook
 * contact alone with the reason it cannot be imported, if any).
 */
export type Pair =
  | {
      readonly kind: 'linked';
      readonly link: Link;
      readonly bc: SideState<BcContact>;
      readonly outlook: SideState<OutlookContact>;
      /** The conflict recorded for this pair so far (settled fields carry over), if any. */
      readonly recorded: ConflictRecord | null;
    }
  | { readonly kind: 'bcOnly'; readonly bc: BcContact; readonly scopeReasons: readonly OutOfScopeReason[] }
  | {
      readonly kind: 'matched';
      readonly bc: BcContact;
      readonly outlook: OutlookContact;
      /** The BC id stored on the Outlook contact, or its e-mail (design §2, in this order). */
      readonly by: 'bcId' | 'email';
      readonly scopeReasons: readonly OutOfScopeReason[];
      /**
       * The conflict recorded for the BC contact, if any: a run stopped after its writes and before
       * its links leaves a settled conflict whose pair is matched again (F42).
       */
      readonly recorded?: ConflictRecord | null;
    }
  | {
      readonly kind: 'outlookOnly';
      readonly outlook: OutlookContact;
      /** The values a new BC Person would get (name filled in from its parts). */
      readonly fields: SyncFields;
      /** Every reason it cannot become a BC contact, first found first; empty when it can. */
      readonly refusals: readonly SkipReason[];
      /**
       * The linked contact this one is a copy of, when it is a copy our own create left that may
       * be deleted (our-copies.ts; rule duplicates.removeOurCopy). Its refusal is then duplicateOfLinked,
       * or bcContactDeleted when BC deleted the contact the linked one is synced with (F4).
       */
      readonly ourCopyOf?: OutlookContact;
    };

/** What every pair decision needs to know about the run; built only by `pairContext`. */
export interface PairContext {
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  /** BC's Country/Region codes when read (a country not among them is `unknownCountry`, rule values.country); else null. */
  readonly countryCodes: ReadonlySet<string> | null;
  /** Scope verdict of a BC contact (design §2 Scope). */
  readonly scope: (contact: BcContact) => readonly OutOfScopeReason[];
  /**
   * The BC contacts the run read that hold a normalized e-mail (bc-email-index.ts emailHoldersOf):
   * a delta reads the holders of every address an Outlook edit moves an E-Mail to (delta-reads.ts).
   * Absent: no such check (a re-planned pair whose holders were not read).
   */
  readonly emailHolders?: (email: string) => readonly BcContact[];
  /**
   * The addresses earlier decisions of the same plan move an E-Mail to (email-claims.ts): a later
   * update onto one is held as BC's holders are. Absent: no such check (a single pair's decision).
   */
  readonly claims?: EmailClaims;
}

export function pairContext(run: {
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  readonly countryCodes?: ReadonlySet<string> | null;
  readonly emailHolders?: (email: string) => readonly BcContact[];
  readonly claims?: EmailClaims;
}): PairContext {
  const filter = run.filter;
  // The last contact asked about and its verdict: a changed pair is asked again at once (the quiet
  // check, then its view), and a contact is never changed once read (issue 12 §2).
  let last: BcContact | null = null;
  let lastReasons: readonly OutOfScopeReason[] = NO_REASONS;
  return {
    policy: run.policy,
    filter,
    countryCodes: run.countryCodes ?? null,
    ...(run.emailHolders ? { emailHolders: run.emailHolders } : {}),
    ...(run.claims ? { claims: run.claims } : {}),
    scope: (contact) => {
      if (contact !== last) {
        lastReasons = outOfScopeReasons(contact, filter);
        last = contact;
      }
      return lastReasons;
    },
  };
}

/** What the planner decides for one pair, and under which rule of design §2. */
export interface PairDecision {
  readonly rule: RuleId;
  readonly items: readonly PlanItem[];
  readonly conflict: ConflictEntry | null;
  readonly skipped: readonly SkipEntry[];
}

export function skipKey(side: 'bc' | 'outlook', id: string): string {
  return `${side}:${id}`;
}

// ---- the facts the decision table reads ----

/** BC side of a linked pair: unchanged since the base, changed, deleted, or out of scope now. */
export type LinkedBcFact = 'same' | 'changed' | 'deleted' | 'outOfScope';
/**
 * Outlook side of a linked pair. `holdsOwn`: mapped values as the base, and the copy holds values BC
 * has no field for (outlook-only.ts: a note, a birthday, a third e-mail, …) or the winner of a settled
 * conflict whose losing value only the record holds (`keepsSettledLoser`). It is told apart from
 * `same` only where BC is gone, the one place it decides otherwise (rule deletions.keepOutlookOnly);
 * the planner asks it of no other pair (issue 12 §2).
 */
export type LinkedOutlookFact = 'same' | 'holdsOwn' | 'changed' | 'deleted';
/** BC side of an unlinked pair. */
export type UnlinkedBcFact = 'none' | 'inScope' | 'filteredOut' | 'outOfScope';
/** Outlook side of an unlinked pair. */
export type UnlinkedOutlookFact =
  'none' | 'matchedByBcId' | 'matchedByEmail' | 'importable' | 'refused' | 'ourCopy';

/** Of the reason lists' hidden class (empty-list.ts). */
const NO_REASONS: readonly OutOfScopeReason[] = sharedEmptyList();

/** A linked pair as the table sees it, with the values its actions use (computed once). */
export interface LinkedView {
  readonly linked: true;
  readonly bc: LinkedBcFact;
  readonly outlook: LinkedOutlookFact;
  readonly link: Link;
  readonly bcState: SideState<BcContact>;
  readonly outlookState: SideState<OutlookContact>;
  /** BC's values now (the base when the view did not report the contact). */
  readonly bcFields: SyncFields;
  readonly bcEtag: string;
  readonly outlookChangeKey: string;
  readonly scopeReasons: readonly OutOfScopeReason[];
  readonly recorded: ConflictRecord | null;
}

export interface UnlinkedView {
  readonly linked: false;
  readonly bc: UnlinkedBcFact;
  readonly outlook: UnlinkedOutlookFact;
  readonly pair: Exclude<Pair, { kind: 'linked' }>;
  readonly scopeReasons: readonly OutOfScopeReason[];
}

export type PairView = LinkedView | UnlinkedView;

export function viewOf(pair: Pair, ctx: PairContext): PairView {
  return pair.kind === 'linked' ? viewLinked(pair, ctx) : viewUnlinked(pair);
}

/** `viewOf` a linked pair. */
export function viewLinked(
  pair: Extract<Pair, { kind: 'linked' }>,
  ctx: PairContext,
  facts: PairFacts = NOT_READ,
): LinkedView {
  const { link, bc, outlook, recorded } = pair;
  // Both contacts read and their facts found already (`readFacts`, the planner's quiet check): the
  // same answers, not compared with the base a second time.
  const known = facts !== NOT_READ && bc.kind === 'present' && outlook.kind === 'present';
  // A BcContact is a SyncFields superset: compared in place, copied only when it changes. Not
  // reported: as of the base, plus BC values that found no room in Outlook yet (owned-values.ts).
  const waiting = link.outlookOwn?.waiting;
  const bcFields: SyncFields =
    bc.kind === 'present' ? bc.contact : waiting ? { ...link.base, ...waiting } : link.base;
  const scopeReasons = bc.kind === 'present' ? ctx.scope(bc.contact) : NO_REASONS;
  const bcFact: LinkedBcFact =
    bc.kind === 'deleted'
      ? 'deleted'
      : scopeReasons.length > 0
        ? 'outOfScope'
        : // rule values.sameText: sameSyncFields compares text forms (NFC, e-mail case).
          (known ? (facts & BC_SAME) !== 0 : sameSyncFields(bcFields, link.base))
          ? 'same'
          : 'changed';
  const olFact: LinkedOutlookFact =
    outlook.kind === 'deleted'
      ? 'deleted'
      : outlook.kind === 'present' &&
          !(known ? (facts & OL_HOLDS) !== 0 : outlookHolds(outlook.contact, link))
        ? 'changed'
        : (bcFact === 'deleted' || bcFact === 'outOfScope') &&
            (keepsOutlookOnly(outlook, link) || keepsSettledLoser(recorded, link, bcFields))
          ? 'holdsOwn'
          : 'same';
  return {
    linked: true,
    bc: bcFact,
    outlook: olFact,
    link,
    bcState: bc,
    outlookState: outlook,
    bcFields,
    bcEtag: bc.kind === 'present' ? bc.contact.etag : link.bcEtag,
    outlookChangeKey: outlook.kind === 'present' ? outlook.contact.changeKey : link.outlookChangeKey,
    scopeReasons,
    recorded,
  };
}

/**
 * What a linked pair whose two contacts were read says before its view is made, as bits: whether
 * BC's contact is in scope, holds the base (`sameSyncFields`) and whether Outlook's holds it
 * (`outlookHolds`). The planner reads them once for its quiet check and hands them to the pair's
 * view (`viewLinked`), which would compare both contacts with the base again (issue 12 §2: a
 * changed pair's long equal texts, each compared character by character, were compared twice).
 * `NOT_READ`: not read (the view compares).
 */
export type PairFacts = number;
export const NOT_READ: PairFacts = 0;
const READ = 1;
const IN_SCOPE = 2;
const BC_SAME = 4;
const OL_HOLDS = 8;
/** In scope, BC and Outlook holding the base: quiet when neither stamp moved either. */
const QUIET_FACTS = READ | IN_SCOPE | BC_SAME | OL_HOLDS;

/** The facts of a linked pair whose two contacts were read, as `viewLinked` would find them. */
export function readFacts(link: Link, bc: BcContact, outlook: OutlookContact, ctx: PairContext): PairFacts {
  let facts = READ;
  // As viewLinked: BC's values are compared with the base only when it is in scope.
  if (ctx.scope(bc).length === 0) {
    facts |= IN_SCOPE;
    if (sameSyncFields(bc, link.base)) facts |= BC_SAME;
  }
  if (outlookHolds(outlook, link)) facts |= OL_HOLDS;
  return facts;
}

/**
 * Whether the table decides a linked pair whose two contacts were read, with no conflict recorded,
 * as `changes.stampsOnly` with nothing to do: BC in scope and holding the base, Outlook holding the
 * base, neither stamp moved. The same facts as `viewOf` and `refreshStamps`, asked without building
 * the pair or its view (issue 12 §2: most of 100,000 pairs of a full sync); `facts` are the pair's
 * `readFacts`. Checked against the table for every kind of pair by test/core/quiet-pair.test.ts.
 */
export function isQuietFacts(facts: PairFacts, link: Link, bc: BcContact, outlook: OutlookContact): boolean {
  // An Outlook contact without its BC id owes the stamp (owed-stamp.ts): not quiet.
  return (
    facts === QUIET_FACTS &&
    bc.etag === link.bcEtag &&
    outlook.changeKey === link.outlookChangeKey &&
    outlook.bcId !== ''
  );
}

/**
 * `isQuietFacts` of the pair's `readFacts`.
 * @internal The quiet-pair test's question; the planner reads the facts once (planner.ts).
 */
export function isQuietPair(link: Link, bc: BcContact, outlook: OutlookContact, ctx: PairContext): boolean {
  return isQuietFacts(readFacts(link, bc, outlook, ctx), link, bc, outlook);
}

/**
 * Whether removing the copy would lose values BC does not hold. A copy not read (a view that did not
 * report it; the delta reads the copy of every pair whose BC side is gone, delta-reads.ts) is judged
 * by what the link remembers: its Outlook-only e-mails and phones; of the other properties nothing
 * is known, so it is kept.
 */
function keepsOutlookOnly(outlook: SideState<OutlookContact>, link: Link): boolean {
  if (outlook.kind === 'present') return holdsOutlookOnly(outlookOnlyValues(outlook.contact, link));
  return outlook.kind === 'unchanged';
}

/**
 * Whether a copy holding the base (Outlook `same`) still holds the winner of a settled field conflict
 * recorded for the pair: its losing value is in the record alone, and removing the copy would drop
 * the record with it unseen (rule conflicts.settledKept; F1 of the soak).
 */
function keepsSettledLoser(recorded: ConflictRecord | null, link: Link, bcFields: SyncFields): boolean {
  // Not once BC changed the field again (a contact out of scope): the settle is over, as
  // resolve-unseen.ts deletionFields no longer lists it.
  return settledOnCopy(recorded, (f) => link.base[f]).some((c) =>
    sameFieldValue(c.field, c.winner === 'bc' ? c.bc : c.outlook, bcFields[c.field]),
  );
}

/**
 * `viewOf` an unlinked pair.
 * @internal exported for shared-empty-lists.test
 */
export function viewUnlinked(pair: Exclude<Pair, { kind: 'linked' }>): UnlinkedView {
  return pair.kind === 'outlookOnly' ? viewImport(pair) : viewBcSide(pair);
}

/**
 * `viewUnlinked` of an Outlook contact alone, and below of a BC contact alone or matched: one
 * function each, so the planner's code for the BC contacts' pairs (decided first) never meets the
 * Outlook-only pairs' hidden class (issue 12: a first plan compiled the shared path again when the
 * Outlook-only pairs reached it, "wrong map", --trace-deopt).
 */
export function viewImport(pair: Extract<Pair, { kind: 'outlookOnly' }>): UnlinkedView {
  const outlook = pair.ourCopyOf ? 'ourCopy' : pair.refusals.length > 0 ? 'refused' : 'importable';
  return { linked: false, bc: 'none', outlook, pair, scopeReasons: NO_REASONS };
}

/** `viewUnlinked` of a BC contact alone or matched (see `viewImport`). */
export function viewBcSide(pair: Extract<Pair, { kind: 'bcOnly' | 'matched' }>): UnlinkedView {
  // rule scope.inScope: no reason (scope.ts) puts the BC contact out of scope.
  const scopeReasons = pair.scopeReasons;
  const bc: UnlinkedBcFact =
    scopeReasons.length === 0
      ? 'inScope'
      : scopeReasons.some((r) => r.kind === 'excludedByFilter')
        ? 'filteredOut'
        : 'outOfScope';
  const outlook: UnlinkedOutlookFact =
    pair.kind === 'bcOnly' ? 'none' : pair.by === 'bcId' ? 'matchedByBcId' : 'matchedByEmail';
  return { linked: false, bc, outlook, pair, scopeReasons };
}
