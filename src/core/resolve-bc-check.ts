import { validateForBc } from './bc-field-rules.js';
import { bcPatch, bcToSyncFields } from './mapping.js';
import { normalizeEmail } from './model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import { withSyncFields } from './bc-refusals.js';
import { compileFilter } from './filter/index.js';
import type { CompiledFilter } from './filter/index.js';
import type { BcContacts, SyncStateStore } from './ports.js';
import type { ResolveDeps } from './resolve-types.js';
import { outOfScopeReasons } from './scope.js';
import type { OutOfScopeReason } from './scope.js';
import { refuseClosedContact } from './resolve-left-scope.js';
import { ResolveError } from './resolve-types.js';
import type { SkipReason } from './skip-records.js';
import { countryTable } from './tenant-countries.js';

/*
 * The one check every value a resolve writes into BC passes, whichever choice writes it: a field
 * record's patch (resolve.ts resolveFields, with the fields it merges as a sync does), and Keep
 * Outlook of a deletedInBc conflict — into the contact that only left scope (kept linked or let
 * go) or into a new contact for one BC deleted. Each path checked on its own before, and not alike:
 * a field record's patch and Keep Outlook into a contact that left scope could empty the contact's
 * E-Mail (brief keepempty) or its Name (BC refused that one as a failed write).
 */

/**
 * Refuses writing `target` into `own` (BC's contact as read; null: a new contact is made of `target`)
 * when BC must not take it: a value that moves and does not fit BC (validateForBc, design §3); a
 * name or an e-mail taken away — BC's Name cannot be blank (reference bc-contact-sync.md §5) and
 * its E-Mail is the contact's key: matching finds it by it, scope and BC's own sync require it
 * (design §2, reference §2a "Required fields are Name, Email address and Type Person"), as a run
 * refuses it (bc-refusals.ts `wouldLeaveScope`) and an import needs it (matching.ts); and, with
 * anything to write, a contact BC closed to Outlook's values (closedReasons); and a contact in
 * scope that the values would take out of it (`wouldLeaveScope`, the filter's fields): as a run
 * refuses it, else the next run removed the copy the user had just kept (a field record's Keep
 * Outlook merged a city typed into the copy since, one the filter leaves out).
 * A value BC already holds is never refused: a contact without an e-mail may keep having none.
 * @throws ResolveError `invalidForBc` with every reason, nothing written.
 */
export async function refuseUnfitForBc(
  deps: Pick<ResolveDeps, 'bc' | 'store'>,
  userId: string,
  own: BcContact | null,
  target: SyncFields,
  outlook: OutlookContact,
): Promise<void> {
  const reasons = await unfitForBc(deps, userId, own, target, outlook);
  if (reasons.length > 0) throw new ResolveError({ kind: 'invalidForBc', reasons });
  if (own) refuseClosedIfWritten(own, target);
}

/** With anything to write, a contact BC closed to Outlook's values refuses it (closedReasons). */
function refuseClosedIfWritten(own: BcContact, target: SyncFields): void {
  if (Object.keys(bcPatch(bcToSyncFields(own), target)).length > 0) refuseClosedContact(own);
}

/**
 * A field record's values for BC: `merged` (the user's choices with what a sync merges beside them,
 * Outlook's one-sided changes) when BC may take it whole. When only those merged changes are what BC
 * must not take (a name and e-mail cleared in the copy, a city the filter leaves out), they are held
 * back as a run holds them (bc-refusals.ts: none of them is written, the difference stays against the
 * base, a skip names why) and `chosen` (BC's values with only the user's choices) is written: the
 * choice itself was fit, and refusing it left a conflict no choice could resolve (attack F1).
 * @returns the values to write and the reasons the merged changes were held back (none: written whole).
 * @throws ResolveError `invalidForBc` when the user's choices themselves do not fit, as refuseUnfitForBc.
 */
export async function choiceForBc(
  deps: Pick<ResolveDeps, 'bc' | 'store'>,
  userId: string,
  own: BcContact,
  merged: SyncFields,
  chosen: SyncFields,
  outlook: OutlookContact,
): Promise<{ readonly target: SyncFields; readonly heldBack: readonly SkipReason[] }> {
  const reasons = await unfitForBc(deps, userId, own, merged, outlook);
  if (reasons.length === 0) {
    refuseClosedIfWritten(own, merged);
    return { target: merged, heldBack: [] };
  }
  await refuseUnfitForBc(deps, userId, own, chosen, outlook);
  return { target: chosen, heldBack: reasons };
}

/** Every reason BC must not take `target` into `own` (refuseUnfitForBc's rules, closed contacts aside). */
async function unfitForBc(
  deps: Pick<ResolveDeps, 'bc' | 'store'>,
  userId: string,
  own: BcContact | null,
  target: SyncFields,
  outlook: OutlookContact,
): Promise<SkipReason[]> {
  const current = own ? bcToSyncFields(own) : null;
  const moved = current ? (Object.keys(bcPatch(current, target)) as SyncFieldName[]) : null;
  const writes = (f: SyncFieldName): boolean => moved === null || moved.includes(f);
  const reasons: SkipReason[] = [];
  if (writes('displayName') && target.displayName.trim() === '') reasons.push({ kind: 'missingName' });
  if (writes('email') && normalizeEmail(target.email) === '') reasons.push({ kind: 'missingEmail' });
  const codes = writes('country') && target.country !== '' ? await countryCodes(deps.bc) : null;
  for (const r of validateForBc(target, codes, outlook, current))
    if (!('field' in r) || writes(r.field)) reasons.push(r);
  if (own && moved !== null && moved.length > 0) {
    const left = leavesScope(own, target, await filterOf(deps.store, userId));
    if (left.length > 0) reasons.push({ kind: 'wouldLeaveScope', reasons: left });
  }
  const shared = own ? await heldByOthers(deps.bc, own, target.email) : null;
  if (shared) reasons.push(shared);
  return reasons;
}

/**
 * rule duplicates.bc, as a run holds it (bc-refusals.ts sharedEmail): an E-Mail moved onto an
 * address other BC contacts hold (any scope or type) would make two contacts of one address. A
 * field conflict whose E-Mail is open keeps Outlook's address on the copy alone, and a new BC
 * contact may take it meanwhile (conflict-held.ts, brief readd gap 1): keeping Outlook's then
 * gave BC two of it. A change of case only is no move. A new contact (no `own`) is found or
 * refused by resolve-recreate.ts foundOrCreated, and the contact that left scope is checked again
 * under the create turn (resolve-left-scope.ts keptInContact).
 */
async function heldByOthers(
  bc: BcContacts,
  own: BcContact,
  email: string,
): Promise<Extract<SkipReason, { kind: 'duplicateEmailInBc' }> | null> {
  const key = normalizeEmail(email);
  if (key === '' || key === normalizeEmail(own.email)) return null;
  // The port may answer a superset: compared again here.
  const others = (await bc.findByEmails([email])).filter(
    (c) => c.id !== own.id && normalizeEmail(c.email) === key,
  );
  return others.length === 0 ? null : { kind: 'duplicateEmailInBc', email, bcIds: others.map((c) => c.id) };
}

/**
 * Why `target` takes `own`, in scope now, out of the sync's scope; none when it is out already (a
 * contact that left scope stays out, design §2 Deletions). A name or an e-mail taken away is
 * refused as missing already: not named twice.
 */
function leavesScope(own: BcContact, target: SyncFields, filter: CompiledFilter | null): OutOfScopeReason[] {
  if (!filter || outOfScopeReasons(own, filter).length > 0) return [];
  return outOfScopeReasons(withSyncFields(own, target), filter).filter(
    (r) => r.kind !== 'noEmail' && r.kind !== 'noName',
  );
}

/** The user's filter; null when it does not compile (a run refuses those settings: nothing to judge by). */
export async function filterOf(store: SyncStateStore, userId: string): Promise<CompiledFilter | null> {
  const compiled = compileFilter((await store.getSettings(userId))?.filter ?? {});
  return compiled.ok ? compiled.filter : null;
}

/** BC's Country/Region codes, read only when the write sets a country (one request). */
async function countryCodes(bc: BcContacts): Promise<ReadonlySet<string>> {
  return countryTable(await bc.countriesRegions()).codes;
}
