import { validateForBc } from './bc-field-rules.js';
import { sharedEmptyList } from './empty-list.js';
import { SYNC_FIELDS, normalizeEmail, sameSyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { PairContext } from './pair.js';
import { outOfScopeReasons } from './scope.js';
import type { SkipReason } from './skip-records.js';

// Which of a linked pair's merged values BC must not take (pair-actions.ts mergePair): then nothing
// of the contact is written to BC (design §2 "Values with no BC home", issue 8 §2).

/** No value refused: shared, never changed (callers only read it; its lists of the made lists' class, empty-list.ts). */
const NO_REFUSAL: { readonly fields: readonly SyncFieldName[]; readonly reasons: readonly SkipReason[] } =
  Object.freeze({ fields: sharedEmptyList<SyncFieldName>(), reasons: sharedEmptyList<SkipReason>() });

/**
 * Which merged values BC must not take: values that do not fit (design §3), and a blanked name or
 * e-mail, which would push a synced contact out of scope and have its Outlook copy deleted.
 * `target`: the merged values, `current`: BC's now; `contact` BC's contact when it was read (the
 * scope check needs it), `outlook` the Outlook contact when read (validateForBc names its
 * properties). The refused fields and every reason for them, as data.
 */
export function bcRefusals(
  target: SyncFields,
  current: SyncFields,
  contact: BcContact | null,
  outlook: OutlookContact | null,
  ctx: PairContext,
): { readonly fields: readonly SyncFieldName[]; readonly reasons: readonly SkipReason[] } {
  if (sameSyncFields(target, current)) return NO_REFUSAL;
  const { filter, countryCodes } = ctx;
  const moved = (f: SyncFieldName) => target[f] !== current[f];
  // Only values that move can be refused (a value BC holds already is not written): only they are
  // checked, compared by position inside validateForBc (a read of both records by a variable key
  // per field was a megamorphic load each, 33 M instructions of a first plan at 100,000 a side,
  // issue 12 §2; a list of each record's values per changed pair, 5 MB a plan).
  const invalid = validateForBc(target, countryCodes, outlook, current);
  const fields: SyncFieldName[] =
    invalid.length === 0 ? [] : [...new Set(invalid.flatMap((r) => ('field' in r ? [r.field] : [])))];
  // Every value BC cannot take is listed, not only the first (issue 8).
  const reasons: SkipReason[] =
    invalid.length === 0 ? [] : invalid.filter((r) => 'field' in r && fields.includes(r.field));
  const shared = moved('email') ? sharedEmail(target.email, current.email, contact, outlook, ctx) : null;
  if (shared) {
    if (!fields.includes('email')) fields.push('email');
    reasons.push(shared);
  }
  if (contact) {
    const candidate = withSyncFields(contact, target);
    for (const f of fields) candidate[f] = current[f];
    const scopeReasons = outOfScopeReasons(candidate, filter);
    // In scope with the merged values (most pairs): nothing more blocks the write.
    if (scopeReasons.length === 0) return fields.length === 0 ? NO_REFUSAL : { fields, reasons };
    const culprits = new Set<SyncFieldName>();
    for (const r of scopeReasons) {
      if (r.kind === 'noEmail') culprits.add('email');
      if (r.kind === 'noName') culprits.add('displayName');
      if (r.kind === 'excludedByFilter')
        for (const f of r.fields) culprits.add(f === 'name' ? 'displayName' : (f as SyncFieldName));
    }
    const blocking = [...culprits].filter((f) => (SYNC_FIELDS as readonly string[]).includes(f) && moved(f));
    if (blocking.length > 0) {
      fields.push(...blocking);
      reasons.push({ kind: 'wouldLeaveScope', reasons: scopeReasons });
    }
  }
  return { fields, reasons };
}

/**
 * rule duplicates.bc: the E-Mail an update moves onto an address other BC contacts hold (any of them,
 * whatever their scope or type, as resolve's checks: resolve-left-scope.ts) is never written. BC keeps
 * no address unique itself, so the write would make two contacts of one address, which matching, the
 * create turn's look-up and "This sender" then cannot tell apart (attack 2026-12-07: an Outlook edit
 * of Harry Taylor's e-mail to Lena Berg's was written to BC). A change of case only is no move.
 * The same holds for an address an earlier decision of the same plan moves another contact's E-Mail
 * to (ctx.claims, email-claims.ts: two Outlook edits onto one free address), named after the holders.
 * An address only a BC create of the plan claims (a pair decided again in the executor's replan
 * while the plan's creates are being written) is held as the Outlook contacts' shared address: the
 * new contact's and `outlook`, the pair's own. `contact`: BC's contact when read (itself is no
 * other holder). Null when no other contact holds or claims it; holders are asked only when the
 * run read them (ctx.emailHolders), claims only in a plan.
 */
function sharedEmail(
  email: string,
  was: string,
  contact: BcContact | null,
  outlook: OutlookContact | null,
  ctx: PairContext,
): Extract<SkipReason, { kind: 'duplicateEmailInBc' | 'duplicateEmailInOutlook' }> | null {
  const key = normalizeEmail(email);
  if (key === '' || key === normalizeEmail(was) || (!ctx.emailHolders && !ctx.claims)) return null;
  const self = contact?.id.toLowerCase();
  const held = ctx.emailHolders ? ctx.emailHolders(key).map((c) => c.id) : [];
  const claimed = ctx.claims ? ctx.claims.claimants(key, self) : [];
  const seen = new Set<string>();
  const others: string[] = [];
  for (const id of [...held, ...claimed]) {
    const lower = id.toLowerCase();
    if (lower === self || seen.has(lower)) continue;
    seen.add(lower);
    others.push(id);
  }
  if (others.length > 0) return { kind: 'duplicateEmailInBc', email, bcIds: others };
  const making = ctx.claims ? ctx.claims.creating(key) : [];
  if (making.length === 0) return null;
  return {
    kind: 'duplicateEmailInOutlook',
    email,
    outlookIds: [...making, ...(outlook ? [outlook.id] : [])],
  };
}

/**
 * `contact` holding `values` for its sync fields, as the scope rules, the filter and matching read
 * it: one literal of BcContact's properties (a spread of the contact and the record made a slow
 * dictionary object per changed pair, issue 12 §2). Every filterable field is a BcContact property.
 * The keys in the order the BC adapter's contact has them (toBcContact): V8 then gives both one
 * hidden class, so the filter and matching, which read both, are compiled for one shape, not
 * compiled again when the second appears (issue 12; bc-contact-shape.test holds the order).
 */
export function withSyncFields(
  contact: BcContact,
  values: SyncFields,
): { -readonly [K in keyof BcContact]: BcContact[K] } {
  return {
    displayName: values.displayName,
    firstName: values.firstName,
    middleName: values.middleName,
    surname: values.surname,
    initials: values.initials,
    jobTitle: values.jobTitle,
    companyName: values.companyName,
    email: values.email,
    email2: values.email2,
    phoneNumber: values.phoneNumber,
    mobilePhoneNumber: values.mobilePhoneNumber,
    faxNumber: values.faxNumber,
    website: values.website,
    addressLine1: values.addressLine1,
    addressLine2: values.addressLine2,
    city: values.city,
    state: values.state,
    postalCode: values.postalCode,
    country: values.country,
    id: contact.id,
    number: contact.number,
    type: contact.type,
    companyNumber: contact.companyNumber,
    territoryCode: contact.territoryCode,
    salespersonCode: contact.salespersonCode,
    privacyBlocked: contact.privacyBlocked,
    lastModifiedDateTime: contact.lastModifiedDateTime,
    etag: contact.etag,
  };
}
