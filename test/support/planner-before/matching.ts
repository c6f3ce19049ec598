// Matching as it was before issue 12's split of its loops (matching.ts at 4d547d4), kept verbatim but for its
// imports: the oracle test/core/planner-differential.test.ts holds today's plans to.
import type { HeldAddress } from '../../../src/core/conflict-held.js';
import type { Link } from '../../../src/core/link.js';
import { outlookToSyncFields } from '../../../src/core/mapping.js';
import { validateForBc } from '../../../src/core/bc-field-rules.js';
import { normalizeEmail } from '../../../src/core/model.js';
import type { BcContact, OutlookContact, SyncFields } from '../../../src/core/model.js';
import { skipKey } from '../../../src/core/pair.js';
import type { Pair, PairContext } from '../../../src/core/pair.js';
import type { SkipEntry } from '../../../src/core/ports.js';
import type { SkipReason } from '../../../src/core/skip-records.js';
import { outOfScopeReasons } from '../../../src/core/scope.js';

export interface MatchingInput {
  /** Unlinked BC contacts of the view. */
  readonly bcContacts: readonly BcContact[];
  /** Every BC contact of the view, linked or not, as this plan will leave it (updated pairs), by id. */
  readonly bcAfterPlan: {
    get(id: string): BcContact | undefined;
    /** Visits each once, in the order of first appearance of its id. */
    forEach(visit: (contact: BcContact) => void): void;
  };
  /** Unlinked Outlook contacts of the view. */
  readonly outlookContacts: readonly OutlookContact[];
  /** The link of a BC contact of the view, if it has one. */
  readonly linkOfBc: (bcId: string) => Link | undefined;
  /** As src/core/matching.ts (rules duplicates.outlook and duplicates.bc, attack 2026-12-07 fault 3). */
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

/** BC contacts by normalized e-mail; arrays only for e-mails two contacts share (rare, and 100,000 allocations otherwise). */
interface EmailIndex {
  readonly first: ReadonlyMap<string, BcContact>;
  all(email: string): BcContact[];
}

function indexByEmail(
  all: MatchingInput['bcAfterPlan'],
  wanted: ReadonlyMap<string, unknown> | null,
): EmailIndex {
  const first = new Map<string, BcContact>();
  const shared = new Map<string, BcContact[]>();
  all.forEach((c) => {
    const email = normalizeEmail(c.email);
    // Only e-mails unlinked Outlook contacts hold are asked for (issue 12 §2: one lookup per BC
    // contact instead of two); `bcByEmail` indexes every e-mail if another is ever asked.
    if (wanted && !wanted.has(email)) return;
    const seen = first.get(email);
    if (!seen) first.set(email, c);
    else {
      const list = shared.get(email);
      if (list) list.push(c);
      else shared.set(email, [seen, c]);
    }
  });
  return {
    first,
    all: (email) => shared.get(email) ?? (first.has(email) ? [first.get(email) as BcContact] : []),
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Fills in a BC name from the name parts, as BC's CalculatedName does for a new Person. */
function withDisplayName(fields: SyncFields): SyncFields {
  if (fields.displayName.trim() !== '') return fields;
  const name = [fields.firstName, fields.middleName, fields.surname].filter((p) => p.trim() !== '').join(' ');
  return { ...fields, displayName: name };
}

/**
 * Contacts matched between two steps of `matchSteps`: a step's filter evaluations and look-ups
 * stay in the milliseconds (matching 8,000 unlinked contacts a side in one piece held a folder
 * preview's event loop 344 ms at load 22, bench:preview-loop).
 * @internal
 */
const MATCH_STEP_CONTACTS = 512;

/**
 * Pairs unlinked contacts: an in-scope BC contact with the Outlook contact that carries its BC id,
 * else with the one of the same normalized e-mail (rules match.byBcId, match.byEmail); the Outlook
 * contacts left over, with the reason each cannot become a BC contact. Ambiguous e-mails on either
 * side are reported, never merged.
 *
 * In steps: a `yield` after every MATCH_STEP_CONTACTS contacts of either side, so the
 * planner can hand the event loop back between them (planner.ts planSteps); the generator's
 * return value is the matching.
 */
export function* matchSteps(input: MatchingInput, ctx: PairContext): Generator<void, Matching, void> {
  const res: Matching = { pairs: [], skipped: [] };
  let visited = 0;
  const claimed = new Set<string>();
  const outlook = [...input.outlookContacts].sort(byId);
  const olByBcId = groupBy(outlook, (o) => o.bcId);
  // Contacts stamped with some other BC id are that contact's copies, never e-mail candidates.
  const olByEmail = groupBy(
    outlook.filter((o) => o.bcId === ''),
    (o) => normalizeEmail(o.emailAddresses[0]?.address ?? ''),
  );
  // Built on first use: most runs at scale have no unlinked contact that needs it.
  let byEmail: EmailIndex | null = null;
  let everyEmail: EmailIndex | null = null;
  const bcByEmail = (email: string) =>
    olByEmail.has(email)
      ? (byEmail ??= indexByEmail(input.bcAfterPlan, olByEmail))
      : (everyEmail ??= indexByEmail(input.bcAfterPlan, null));
  // `bc`: the BC contact the skip concerns, if any (its id and No. go into the record).
  const skip = (
    side: 'bc' | 'outlook',
    bc: BcContact | null,
    c: BcContact | OutlookContact,
    reason: SkipReason,
  ) => {
    const outlookId = side === 'outlook' ? c.id : '';
    const bcId = bc?.id ?? '';
    res.skipped.push({
      key: skipKey(side, side === 'bc' ? bcId : outlookId),
      record: { side, bcId, bcNumber: bc?.number ?? '', outlookId, displayName: c.displayName, reason },
    });
  };

  for (const bc of [...input.bcContacts].sort(byId)) {
    if (++visited % MATCH_STEP_CONTACTS === 0) yield;
    const scopeReasons = ctx.scope(bc);
    if (scopeReasons.length > 0) {
      res.pairs.push({ kind: 'bcOnly', bc, scopeReasons });
      continue;
    }
    const stamped = (olByBcId.get(bc.id) ?? []).find((o) => !claimed.has(o.id));
    if (stamped) {
      claimed.add(stamped.id);
      res.pairs.push({ kind: 'matched', bc, outlook: stamped, by: 'bcId', scopeReasons });
      continue;
    }
    const email = normalizeEmail(bc.email);
    const candidates = (olByEmail.get(email) ?? []).filter((o) => !claimed.has(o.id));
    if (candidates.length > 1) {
      // rule duplicates.outlook
      const reason = {
        kind: 'duplicateEmailInOutlook' as const,
        email,
        outlookIds: candidates.map((o) => o.id),
      };
      skip('bc', bc, bc, reason);
      for (const o of candidates) {
        claimed.add(o.id);
        skip('outlook', bc, o, reason);
      }
      continue;
    }
    const match = candidates[0];
    const held = match ? undefined : input.heldByConflict?.(email);
    if (held) {
      skip('bc', bc, bc, { kind: 'emailInConflict', email, ...held });
      continue;
    }
    if (!match) {
      res.pairs.push({ kind: 'bcOnly', bc, scopeReasons });
      continue;
    }
    const sameEmailInBc = bcByEmail(email)
      .all(email)
      .filter((c) => ctx.scope(c).length === 0);
    claimed.add(match.id);
    if (sameEmailInBc.length > 1) {
      // rule duplicates.bc
      const reason = { kind: 'duplicateEmailInBc' as const, email, bcIds: sameEmailInBc.map((c) => c.id) };
      skip('bc', bc, bc, reason);
      skip('outlook', null, match, reason);
      continue;
    }
    res.pairs.push({ kind: 'matched', bc, outlook: match, by: 'email', scopeReasons });
  }

  for (const o of outlook) {
    if (++visited % MATCH_STEP_CONTACTS === 0) yield;
    if (claimed.has(o.id)) continue;
    const fields = withDisplayName(outlookToSyncFields(o));
    const refusals = importRefusals(o, fields, input, ctx, bcByEmail, olByEmail, claimed);
    res.pairs.push({ kind: 'outlookOnly', outlook: o, fields, refusals });
  }
  return res;
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
    const held = input.heldByConflict?.(email);
    if (held && held.outlookId !== o.id) return [{ kind: 'emailInConflict', email, ...held }];
    const twins = (olByEmail.get(email) ?? []).filter((x) => !claimed.has(x.id));
    if (twins.length > 1)
      return [{ kind: 'duplicateEmailInOutlook', email, outlookIds: twins.map((x) => x.id) }];
  }
  reasons.push(...validateForBc(fields, ctx.countryCodes, o));
  if (reasons.length > 0) return reasons;
  const scopeReasons = outOfScopeReasons(asNewPerson(fields), ctx.filter);
  // A new BC contact outside the user's filter would have its Outlook copy deleted at the next sync.
  return scopeReasons.length > 0 ? [{ kind: 'outOfScope', reasons: scopeReasons }] : [];
}

/**
 * The BC Person these values would become, as the scope rules and the filter read it. Written out
 * property by property: a spread of the record plus six more made a slow dictionary object per
 * import candidate (5 KB each, issue 12 §2).
 */
function asNewPerson(f: SyncFields) {
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
    type: 'Person' as const,
    privacyBlocked: false,
    number: '',
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
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
