import type { Link } from './link.js';
import { outlookToSyncFields } from './mapping.js';
import { validateForBc } from './bc-field-rules.js';
import { normalizeEmail, pickSyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import { skipKey } from './pair.js';
import type { Pair, PairContext } from './pair.js';
import type { SkipEntry } from './ports.js';
import type { SkipReason } from './skip-records.js';
import { outOfScopeReasons } from './scope.js';
import { indexByEmail } from './bc-email-index.js';
import { isOurCopy } from './our-copies.js';
import type { BcContactsInOrder, EmailIndex } from './bc-email-index.js';
import type { HeldAddress } from './conflict-held.js';

export interface MatchingInput {
  /** Unlinked BC contacts of the view. */
  readonly bcContacts: readonly BcContact[];
  /** Every BC contact of the view, linked or not, as this plan will leave it (updated pairs), by id. */
  readonly bcAfterPlan: BcContactsInOrder & { get(id: string): BcContact | undefined };
  /** Unlinked Outlook contacts of the view. */
  readonly outlookContacts: readonly OutlookContact[];
  /** The link of a BC contact of the view, if it has one. */
  readonly linkOfBc: (bcId: string) => Link | undefined;
  /** A linked Outlook contact as the view read it (undefined: not read). */
  readonly linkedOutlook: (outlookId: string) => OutlookContact | undefined;
  /**
   * The open deletedInBc conflict whose Outlook copy holds a normalized e-mail (conflict-held.ts):
   * a new contact of that address on either side is held, not made a second time (attack fault 3).
   */
  readonly heldByConflict?: (email: string) => HeldAddress | undefined;
}

export interface Matching {
  /** Unlinked pairs for the decision table, BC contacts (by id) first, then Outlook-only ones. */
  readonly pairs: Exclude<Pair, { kind: 'linked' }>[];
  /** Contacts held back because an e-mail is ambiguous (rules duplicates.outlook, duplicates.bc). */
  readonly skipped: SkipEntry[];
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    if (k === '') continue;
    const g = out.get(k);
    if (g) g.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/**
 * Order by id, one comparator per side: one compiled for Outlook's contacts met BC's next and was
 * thrown away for the other shape (issue 12: a "wrong map" deopt of a first plan, --trace-deopt).
 */
const byOutlookId = (a: OutlookContact, b: OutlookContact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byBcId = (a: BcContact, b: BcContact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Fills in a BC name from the name parts, as BC's CalculatedName does for a new Person. */
export function withDisplayName(fields: SyncFields): SyncFields {
  if (fields.displayName.trim() !== '') return fields;
  const name = [fields.firstName, fields.middleName, fields.surname].filter((p) => p.trim() !== '').join(' ');
  // The record's own literal (pickSyncFields), not a spread: a spread's copy is an object of another
  // shape, and the pairs that hold it saw two shapes of record from then on (issue 12: the first such
  // contact threw away the compiled code of importRefusals, outlookRange, evaluateFilter and six more
  // in a first plan, --trace-generalization --trace-deopt).
  return pickSyncFields({ ...fields, displayName: name });
}

/**
 * Contacts matched between two steps of `matchSteps`: a step's filter evaluations and look-ups
 * stay in the milliseconds (matching 8,000 unlinked contacts a side in one piece held a folder
 * preview's event loop 344 ms at load 22, bench:preview-loop).
 * @internal
 */
export const MATCH_STEP_CONTACTS = 512;

/**
 * One matching's state, and its two loops as methods of their own: the generator only pauses
 * between runs of them (issue 12: a first plan at 100,000 a side compiled the generator that held
 * both loops twice, the second time when the Outlook loop met code the first compile had no
 * feedback for; 117 of the first plan's 713 ms of TurboFan, --trace-opt, compiles on the main thread).
 */
class MatchRun {
  readonly res: Matching = { pairs: [], skipped: [] };
  private readonly claimed = new Set<string>();
  private readonly olByBcId: Map<string, OutlookContact[]>;
  private readonly olByEmail: Map<string, OutlookContact[]>;
  // Built on first use: most runs at scale have no unlinked contact that needs it.
  private byEmail: EmailIndex | null = null;
  private everyEmail: EmailIndex | null = null;

  constructor(
    private readonly input: MatchingInput,
    private readonly ctx: PairContext,
    outlook: readonly OutlookContact[],
  ) {
    this.olByBcId = groupBy(outlook, (o) => o.bcId);
    // Contacts stamped with some other BC id are that contact's copies, never e-mail candidates.
    this.olByEmail = groupBy(
      outlook.filter((o) => o.bcId === ''),
      (o) => normalizeEmail(o.emailAddresses[0]?.address ?? ''),
    );
  }

  private readonly bcByEmail = (email: string): EmailIndex =>
    this.olByEmail.has(email)
      ? (this.byEmail ??= indexByEmail(this.input.bcAfterPlan, this.olByEmail))
      : (this.everyEmail ??= indexByEmail(this.input.bcAfterPlan, null));

  /** `bc`: the BC contact the skip concerns, if any (its id and No. go into the record). */
  private skip(
    side: 'bc' | 'outlook',
    bc: BcContact | null,
    c: BcContact | OutlookContact,
    reason: SkipReason,
  ) {
    const outlookId = side === 'outlook' ? c.id : '';
    const bcId = bc?.id ?? '';
    this.res.skipped.push({
      key: skipKey(side, side === 'bc' ? bcId : outlookId),
      record: { side, bcId, bcNumber: bc?.number ?? '', outlookId, displayName: c.displayName, reason },
    });
  }

  /** Matches the unlinked BC contacts `from` until `to` of `list`. */
  bcRange(list: readonly BcContact[], from: number, to: number): void {
    const { res, claimed, ctx } = this;
    for (let i = from; i < to; i++) {
      const bc = list[i]!;
      const scopeReasons = ctx.scope(bc);
      if (scopeReasons.length > 0) {
        res.pairs.push({ kind: 'bcOnly', bc, scopeReasons });
        continue;
      }
      const stamped = (this.olByBcId.get(bc.id) ?? []).find((o) => !claimed.has(o.id));
      if (stamped) {
        claimed.add(stamped.id);
        res.pairs.push({ kind: 'matched', bc, outlook: stamped, by: 'bcId', scopeReasons });
        continue;
      }
      const email = normalizeEmail(bc.email);
      const candidates = (this.olByEmail.get(email) ?? []).filter((o) => !claimed.has(o.id));
      if (candidates.length > 1) {
        // rule duplicates.outlook
        const reason = {
          kind: 'duplicateEmailInOutlook' as const,
          email,
          outlookIds: candidates.map((o) => o.id),
        };
        this.skip('bc', bc, bc, reason);
        for (const o of candidates) {
          claimed.add(o.id);
          this.skip('outlook', bc, o, reason);
        }
        continue;
      }
      const match = candidates[0];
      const held = match ? undefined : this.input.heldByConflict?.(email);
      if (held) {
        // rule duplicates.outlook: the copy the conflict holds is this address's copy until the
        // user resolves it (keep Outlook links it to this contact); a create now made a second one.
        this.skip('bc', bc, bc, { kind: 'emailInConflict', email, ...held });
        continue;
      }
      if (!match) {
        res.pairs.push({ kind: 'bcOnly', bc, scopeReasons });
        continue;
      }
      const sameEmailInBc = this.bcByEmail(email)
        .all(email)
        .filter((c) => ctx.scope(c).length === 0);
      claimed.add(match.id);
      if (sameEmailInBc.length > 1) {
        // rule duplicates.bc
        const reason = { kind: 'duplicateEmailInBc' as const, email, bcIds: sameEmailInBc.map((c) => c.id) };
        this.skip('bc', bc, bc, reason);
        this.skip('outlook', null, match, reason);
        continue;
      }
      res.pairs.push({ kind: 'matched', bc, outlook: match, by: 'email', scopeReasons });
    }
  }

  /** The Outlook contacts `from` until `to` of `list` that no BC contact took: imports, or refused. */
  outlookRange(list: readonly OutlookContact[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const o = list[i]!;
      if (this.claimed.has(o.id)) continue;
      const fields = withDisplayName(outlookToSyncFields(o));
      const refusals = importRefusals(
        o,
        fields,
        this.input,
        this.ctx,
        this.bcByEmail,
        this.olByEmail,
        this.claimed,
      );
      const ourCopyOf = this.ourCopyOf(o, refusals);
      this.res.pairs.push(
        ourCopyOf
          ? { kind: 'outlookOnly', outlook: o, fields, refusals, ourCopyOf }
          : { kind: 'outlookOnly', outlook: o, fields, refusals },
      );
    }
  }

  /**
   * rule duplicates.removeOurCopy: the linked contact `o` is a copy of, when `o` is refused only for
   * the BC id it carries and is a copy our own create left (our-copies.ts) of the Outlook contact
   * linked to that id, judged against the unlinked contacts read that carry it. Whatever BC's state
   * of the id (present: duplicateOfLinked; deleted in the same run that removes the linked copy:
   * bcContactDeleted): whose copy it is does not depend on BC (soak F4, crash-hosts seed 6101: judged
   * only as duplicateOfLinked, the late copy of a contact BC deleted outlived its link, skipped
   * bcContactDeleted on every later run).
   */
  private ourCopyOf(o: OutlookContact, refusals: readonly SkipReason[]): OutlookContact | undefined {
    const refusal = refusals[0];
    if (refusals.length !== 1 || o.bcId === '' || !refusal || !('bcId' in refusal) || refusal.bcId !== o.bcId)
      return;
    const link = this.input.linkOfBc(o.bcId);
    const linked = link && this.input.linkedOutlook(link.outlookId);
    return linked && isOurCopy(o, linked, this.olByBcId.get(o.bcId) ?? []) ? linked : undefined;
  }
}

/**
 * Pairs unlinked contacts: an in-scope BC contact with the Outlook contact that carries its BC id,
 * else with the one of the same normalized e-mail (rules match.byBcId, match.byEmail); the Outlook
 * contacts left over, with the reason each cannot become a BC contact. Ambiguous e-mails on either
 * side are reported, never merged.
 *
 * In steps: a `yield` before every MATCH_STEP_CONTACTS-th contact of either side (BC's first), so
 * the planner can hand the event loop back between them (planner.ts planSteps); the generator's
 * return value is the matching.
 */
export function* matchSteps(input: MatchingInput, ctx: PairContext): Generator<void, Matching, void> {
  const outlook = [...input.outlookContacts].sort(byOutlookId);
  const run = new MatchRun(input, ctx, outlook);
  const bcs = [...input.bcContacts].sort(byBcId);
  const total = bcs.length + outlook.length;
  // Contacts are counted from 1 across both sides; a pause comes before each multiple of the step.
  for (let from = 0, pause = MATCH_STEP_CONTACTS - 1; from < total; pause += MATCH_STEP_CONTACTS) {
    const to = Math.min(total, pause);
    if (from < bcs.length) run.bcRange(bcs, from, Math.min(to, bcs.length));
    if (to > bcs.length) run.outlookRange(outlook, Math.max(0, from - bcs.length), to - bcs.length);
    from = to;
    if (from < total) yield;
  }
  return run.res;
}

/**
 * Every reason an unlinked Outlook contact cannot become a new BC contact (none when it can): a
 * BC contact it points at (by BC id or e-mail) that cannot take it, or else each thing it lacks and
 * each value BC cannot hold, all of them (issue 8: the user fixes them in one go); the filter last.
 */
function importRefusals(
  o: OutlookContact,
  fields: SyncFields,
  input: MatchingInput,
  ctx: PairContext,
  bcByEmail: (email: string) => EmailIndex,
  olByEmail: ReadonlyMap<string, OutlookContact[]>,
  claimed: ReadonlySet<string>,
): SkipReason[] {
  if (o.bcId !== '') {
    const bc = input.bcAfterPlan.get(o.bcId);
    if (!bc) return [{ kind: 'bcContactDeleted', bcId: o.bcId }];
    return [takenOrOutOfScope(bc, input, ctx)];
  }
  const reasons: SkipReason[] = [];
  if (fields.displayName.trim() === '') reasons.push({ kind: 'missingName' });
  const email = normalizeEmail(fields.email);
  if (email === '') reasons.push({ kind: 'missingEmail' });
  else {
    const inBc = bcByEmail(email).first.get(email);
    if (inBc) return [takenOrOutOfScope(inBc, input, ctx)];
    // rule duplicates.bc: a BC contact made of it now would be the address's second.
    const held = input.heldByConflict?.(email);
    if (held && held.outlookId !== o.id) return [{ kind: 'emailInConflict', email, ...held }];
    const twins = unclaimedIds(olByEmail.get(email), claimed);
    if (twins.length > 1) return [{ kind: 'duplicateEmailInOutlook', email, outlookIds: twins }];
  }
  reasons.push(...validateForBc(fields, ctx.countryCodes, o));
  if (reasons.length > 0) return reasons;
  const scopeReasons = outOfScopeReasons(asNewPerson(fields), ctx.filter);
  // A new BC contact outside the user's filter would have its Outlook copy deleted at the next sync.
  return scopeReasons.length > 0 ? [{ kind: 'outOfScope', reasons: scopeReasons }] : [];
}

/**
 * The ids of `contacts` no pair claimed, in order. A loop, not a closure over `claimed` in
 * `importRefusals`: V8 allocated that closure's context at each of its calls, one per Outlook
 * contact matching reads (issue 12; test/core/closure-contexts.test.ts).
 */
function unclaimedIds(
  contacts: readonly OutlookContact[] | undefined,
  claimed: ReadonlySet<string>,
): string[] {
  const ids: string[] = [];
  if (contacts === undefined) return ids;
  for (let i = 0; i < contacts.length; i++) if (!claimed.has(contacts[i]!.id)) ids.push(contacts[i]!.id);
  return ids;
}

/**
 * The BC Person these values would become, as the scope rules and the filter read it. Written out
 * property by property: a spread of the record plus six more made a slow dictionary object per
 * import candidate (5 KB each, issue 12 §2). Every key of a BcContact, in the BC adapter's order
 * (toBcContact): one hidden class with the contacts read from BC, so the filter, compiled over
 * those, is not thrown away and compiled again when the first import is asked (issue 12). The
 * keys the scope rules and the filter do not read (id, lastModifiedDateTime, etag) are ''.
 * @internal bc-contact-shape.test holds the key order to the adapter's.
 */
export function asNewPerson(f: SyncFields): BcContact {
  return {
    displayName: f.displayName,
    firstName: f.firstName,
    middleName: f.middleName,
    surname: f.surname,
    initials: f.initials,
    jobTitle: f.jobTitle,
    companyName: f.companyName,
    email: f.email,
    email2: f.email2,
    phoneNumber: f.phoneNumber,
    mobilePhoneNumber: f.mobilePhoneNumber,
    faxNumber: f.faxNumber,
    website: f.website,
    addressLine1: f.addressLine1,
    addressLine2: f.addressLine2,
    city: f.city,
    state: f.state,
    postalCode: f.postalCode,
    country: f.country,
    id: '',
    number: '',
    type: 'Person',
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: false,
    lastModifiedDateTime: '',
    etag: '',
  };
}

/**
 * Why an Outlook contact cannot join the BC contact it points at (by BC id or e-mail): that contact
 * is already synced with another Outlook contact, or out of scope. Names it by No. and Name.
 */
function takenOrOutOfScope(bc: BcContact, input: MatchingInput, ctx: PairContext): SkipReason {
  const named = { bcId: bc.id, bcNumber: bc.number, bcName: bc.displayName };
  const link = input.linkOfBc(bc.id);
  if (link) return { kind: 'duplicateOfLinked', ...named, linkedOutlookId: link.outlookId };
  return { kind: 'bcContactOutOfScope', ...named, reasons: ctx.scope(bc) };
}
