import { validateForBc } from './bc-field-rules.js';
import { bcPatch, bcToSyncFields } from './mapping.js';
import { normalizeEmail } from './model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { BcContacts } from './ports.js';
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
 * anything to write, a contact BC closed to Outlook's values (closedReasons).
 * A value BC already holds is never refused: a contact without an e-mail may keep having none.
 * @throws ResolveError `invalidForBc` with every reason, nothing written.
 */
export async function refuseUnfitForBc(
  bc: BcContacts,
  own: BcContact | null,
  target: SyncFields,
  outlook: OutlookContact,
): Promise<void> {
  const current = own ? bcToSyncFields(own) : null;
  const moved = current ? (Object.keys(bcPatch(current, target)) as SyncFieldName[]) : null;
  const writes = (f: SyncFieldName): boolean => moved === null || moved.includes(f);
  const reasons: SkipReason[] = [];
  if (writes('displayName') && target.displayName.trim() === '') reasons.push({ kind: 'missingName' });
  if (writes('email') && normalizeEmail(target.email) === '') reasons.push({ kind: 'missingEmail' });
  const codes = writes('country') && target.country !== '' ? await countryCodes(bc) : null;
  for (const r of validateForBc(target, codes, outlook, current))
    if (!('field' in r) || writes(r.field)) reasons.push(r);
  if (reasons.length > 0) throw new ResolveError({ kind: 'invalidForBc', reasons });
  if (own && (moved === null || moved.length > 0)) refuseClosedContact(own);
}

/** BC's Country/Region codes, read only when the write sets a country (one request). */
async function countryCodes(bc: BcContacts): Promise<ReadonlySet<string>> {
  return countryTable(await bc.countriesRegions()).codes;
}
