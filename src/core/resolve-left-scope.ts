import { bcPatch, bcToSyncFields } from './mapping.js';
import { SYNC_FIELDS, normalizeEmail, sameFieldValue } from './model.js';
import type { BcContact, SyncFields } from './model.js';
import type { BcContacts, WriteOutcome } from './ports.js';
import type { OutOfScopeReason } from './scope.js';
import type { Ownership } from './owned-values.js';
import { holdsOutlookOnly, outlookOnlyValues } from './outlook-only.js';
import type { OutlookContact } from './model.js';
import { ResolveError } from './resolve-types.js';
import type { ResolveDeps } from './resolve-types.js';
import type { TurnSends } from './turn-sends.js';

/*
 * Soak F2: keeping Outlook's side of a deletedInBc conflict whose BC contact only LEFT SCOPE (the
 * filter no longer matches it, it lost its e-mail, became a company, was privacy-blocked). BC still
 * holds the contact, so Outlook's changes are written to it (design §2 Conflicts: a resolution is
 * written to both sides), never to a second contact, and it is never its own duplicate: it was
 * refused as one (`duplicateEmailInBc` naming itself), or — with an address BC no longer held under
 * it — a second contact was made. The contact stays out of scope: the next run removes the copy
 * as out of scope (its changes are in BC now), unless the copy holds values BC has no field for.
 */

/**
 * Why BC does not let Outlook change `contact`: a privacy-blocked one (BC's own sync skips a
 * privacy-blocked match with a warning and never writes it; the block is there to protect its data
 * from change) or a Company (Outlook contacts come into BC as Persons only; BC's person fields are
 * cleared on a Company). The reasons a run gives an Outlook contact pointing at such a contact
 * (matching.ts takenOrOutOfScope), so a choice in the pane never writes what no host's run would.
 * Contacts that only left the filter, or lost a name or an e-mail, are the user's to write (above).
 * @returns empty when Outlook's values may be written to the contact.
 */
export function closedReasons(contact: BcContact): OutOfScopeReason[] {
  const reasons: OutOfScopeReason[] = [];
  if (contact.type !== 'Person') reasons.push({ kind: 'companyContact' });
  if (contact.privacyBlocked) reasons.push({ kind: 'privacyBlocked' });
  return reasons;
}

/**
 * Refuses a field choice that would write Outlook's values into a contact BC closed to them
 * (closedReasons) while the conflict waited. A deleted-in-BC conflict on such a contact is not
 * refused: keeping Outlook's side keeps the copy apart (resolve.ts, audit finding 3).
 * @throws ResolveError `invalidForBc` `bcContactOutOfScope` naming the contact and why.
 */
export function refuseClosedContact(contact: BcContact): void {
  const reasons = closedReasons(contact);
  if (reasons.length === 0) return;
  throw new ResolveError({
    kind: 'invalidForBc',
    reasons: [
      {
        kind: 'bcContactOutOfScope',
        bcId: contact.id,
        bcNumber: contact.number,
        bcName: contact.displayName,
        reasons,
      },
    ],
  });
}

/**
 * The values keeping Outlook's side leaves in the contact `own`: the fields Outlook changed since
 * the pair's `base` take the copy's value (`kept`); every other field keeps BC's, so an edit BC made
 * while the contact was out (a phone, the address it lost) is not undone by values the copy only
 * still held. Without a base (no link), the copy's values whole.
 */
export function keptOverBc(own: SyncFields, kept: SyncFields, base: SyncFields | null): SyncFields {
  if (!base) return { ...kept };
  const out = { ...own };
  for (const f of SYNC_FIELDS) if (!sameFieldValue(f, kept[f], base[f])) out[f] = kept[f];
  // BC takes no contact without a name (the facade refuses an empty displayName, as BC's API
  // does): a contact that left scope by losing its name takes the copy's names back, or keeping
  // Outlook's side could only fail (attack F4's table, 2026-12-07).
  if (out.displayName.trim() === '' && kept.displayName.trim() !== '')
    for (const f of NAME_FIELDS) if (out[f].trim() === '') out[f] = kept[f];
  return out;
}

const NAME_FIELDS = ['displayName', 'firstName', 'middleName', 'surname', 'initials'] as const;

/**
 * Writes `values` (keptOverBc: Outlook's changes over BC's values) into `own`, under the company's create turn as a
 * create would be (the address it may take must stay one no other contact holds).
 * @throws ResolveError `invalidForBc` `duplicateEmailInBc` naming the OTHER contacts holding the
 * address it would hold (never `own` itself).
 */
export async function keptInContact(
  bc: BcContacts,
  own: BcContact,
  values: SyncFields,
  createTurn: ResolveDeps['createTurn'],
): Promise<WriteOutcome<BcContact>> {
  return createTurn
    ? createTurn((held, sending) => written(bc, own, values, held, sending))
    : written(bc, own, values);
}

async function written(
  bc: BcContacts,
  own: BcContact,
  values: SyncFields,
  held?: () => Promise<void>,
  sending: TurnSends['sending'] = (send) => send(),
): Promise<WriteOutcome<BcContact>> {
  const key = normalizeEmail(values.email);
  if (key !== '') {
    // The port may answer a superset: compared again here.
    const others = (await bc.findByEmails([values.email])).filter(
      (c) => c.id !== own.id && normalizeEmail(c.email) === key,
    );
    if (others.length > 0)
      throw new ResolveError({
        kind: 'invalidForBc',
        reasons: [{ kind: 'duplicateEmailInBc', email: values.email, bcIds: others.map((c) => c.id) }],
      });
  }
  // A retry after a lost answer finds the values written (an empty patch), or meets a moved etag
  // and is read again (resolve.ts StaleAttempt): never written twice blind.
  const patch = bcPatch(bcToSyncFields(own), values);
  if (Object.keys(patch).length === 0) return { ok: true, value: own };
  await held?.();
  const again = async (): Promise<boolean> => {
    await held?.();
    return true;
  };
  // Through the turn's `sending`: an update of unknown outcome may still give `own` the address
  // after a colleague found none and made it, so it keeps the turn as a create does.
  const [updated] = await sending(() => bc.update([{ id: own.id, etag: own.etag, patch }], again));
  return updated ?? { ok: false, error: { kind: 'unknownOutcome', message: 'no result' } };
}

/**
 * Whether keeping Outlook's side lets go of the copy (resolve.ts, audit question 2): the contact is
 * still out of scope after the write (`reasons`, as the conflict recorded them, still hold for
 * `after`: a filter's exclusion while none of the fields it failed on moved from `before`), and the
 * copy holds values BC has no field for. Linked, no run could remove such a copy (rule
 * deletions.keepOutlookOnly) nor sync it, and every run listed the conflict the user had just
 * resolved. Unlinked, it is the user's contact, as a folder move leaves such copies (F73): no run
 * lists it again until a side changes (an edited copy is matched by the BC id it carries and
 * skipped as `bcContactOutOfScope`; taken in again, the contact is linked to it by that id).
 */
export function keptCopyLetGo(
  before: BcContact,
  after: BcContact,
  reasons: readonly OutOfScopeReason[],
  copy: OutlookContact,
  owner: Ownership | null,
): boolean {
  const stillOut = reasons.some((r) => {
    if (r.kind === 'noEmail') return after.email.trim() === '';
    if (r.kind === 'noName') return after.displayName.trim() === '';
    if (r.kind === 'excludedByFilter')
      return r.fields.every(
        (f) =>
          (before as unknown as Record<string, unknown>)[f] ===
          (after as unknown as Record<string, unknown>)[f],
      );
    return true;
  });
  return stillOut && holdsOutlookOnly(outlookOnlyValues(copy, owner));
}

/**
 * The values written to a copy keeping Outlook's side lets go of (keptCopyLetGo): BC's values as
 * the resolution left them (`bc`), except that a field BC holds empty keeps the copy's value
 * (`copy`). Let go of, the copy is the only place left for a value BC cleared, often the clear
 * that took the contact out of scope (its e-mail, its name: attack F4, 2026-12-07, the address
 * was lost on both sides); linked, the same clear is BC's change and is synced (keptOverBc).
 */
export function keptApartValues(bc: SyncFields, copy: SyncFields): SyncFields {
  const out = { ...bc };
  for (const f of SYNC_FIELDS) if (bc[f].trim() === '') out[f] = copy[f];
  return out;
}
