import { bcPatch, bcToSyncFields } from './mapping.js';
import type { FieldConflict } from './merge.js';
import { normalizeEmail, sameFieldValue } from './model.js';
import type { BcContact, SyncFields } from './model.js';
import type { BcContacts, SyncScope, WriteOutcome } from './ports.js';
import { ResolveError } from './resolve-types.js';
import { filterOf } from './resolve-bc-check.js';
import type { CompiledFilter } from './filter/index.js';
import { outOfScopeReasons } from './scope.js';
import type { ResolveDeps } from './resolve-types.js';
import type { TurnSends } from './turn-sends.js';

/*
 * The BC contact a deleted contact the user keeps (resolve, side Outlook) becomes: found again
 * before it is made, as every other BC creator does (design §2: a new BC contact has a name and an
 * e-mail; the e-mail is the key it carries on BC). A resolve whose create answer was lost (a timeout,
 * an envelope 5xx: 502 writeFailed, unknownOutcome) leaves the conflict recorded; the user's retry
 * created a second BC contact — with no e-mail nothing could find the first (the adapter's check
 * of a lost create looks it up by e-mail, checkWrites), and with one the resolve never looked.
 */

/**
 * The contact holding `values` in BC: the one BC holds already under its e-mail when it holds
 * exactly these values (a create of an earlier attempt whose answer was lost, or the same contact
 * made again by someone), else a new Person, created with `createKey` (BcContactDraft.createKey).
 * @throws ResolveError `invalidForBc`: no e-mail (`missingEmail`: the create could not be found
 * again), or BC holds the address on other contacts (`duplicateEmailInBc`: a second contact of one
 * address is what matching never makes; the user resolves for BC or edits the address).
 */
export async function foundOrCreated(
  bc: BcContacts,
  values: SyncFields,
  createTurn: ResolveDeps['createTurn'],
  createKey?: string,
): Promise<WriteOutcome<BcContact>> {
  const key = normalizeEmail(values.email);
  if (key === '') throw new ResolveError({ kind: 'invalidForBc', reasons: [{ kind: 'missingEmail' }] });
  // Under the company's create turn, as every BC creator (review: a run importing the address
  // between this look-up and the create made a second contact of it).
  return createTurn
    ? createTurn((held, sending) => lookedUpOrCreated(bc, values, key, createKey, held, sending))
    : lookedUpOrCreated(bc, values, key, createKey);
}

async function lookedUpOrCreated(
  bc: BcContacts,
  values: SyncFields,
  key: string,
  createKey: string | undefined,
  held?: () => Promise<void>,
  sending: TurnSends['sending'] = (send) => send(),
): Promise<WriteOutcome<BcContact>> {
  // The port may answer a superset: compared again here.
  const holding = (await bc.findByEmails([values.email])).filter((c) => normalizeEmail(c.email) === key);
  const [only] = holding;
  if (holding.length === 1 && only?.type === 'Person') {
    if (Object.keys(bcPatch(bcToSyncFields(only), values)).length === 0) return { ok: true, value: only };
  }
  if (holding.length > 0)
    throw new ResolveError({
      kind: 'invalidForBc',
      reasons: [{ kind: 'duplicateEmailInBc', email: values.email, bcIds: holding.map((c) => c.id) }],
    });
  // The look-up holds only while the turn is still ours (it throws once another creator took it).
  await held?.();
  // A draft the adapter sends again (after a 429's wait…) goes only while the turn still is ours.
  const again = async (): Promise<boolean> => {
    await held?.();
    return true;
  };
  // Keyed (create-keys.ts keepDeletedKey): a retry from any host after a stall past the turn, the
  // first create landing late, answers the contact it made.
  const draft = { ...values, type: 'Person' as const, ...(createKey ? { createKey } : {}) };
  // Through the turn's `sending`: a lost answer keeps the turn until the create can no longer land.
  const [created] = await sending(() => bc.create([draft], undefined, again));
  return created ?? { ok: false, error: { kind: 'unknownOutcome', message: 'no result' } };
}

/**
 * The contact BC now holds the kept copy's address on, to link the copy to (resolve.ts
 * linkedToHolder): the only contact of the address, a Person, not holding these values already (a
 * lost create's answer: foundOrCreated finds it) and linked to no copy of this folder. Null else:
 * foundOrCreated creates, finds or refuses as before (several holders, a Company, a linked one).
 * @throws ResolveError `invalidForBc` `bcContactOutOfScope` when the holder is out of scope.
 */
export async function holderToLink(
  deps: ResolveDeps,
  scope: SyncScope,
  values: SyncFields,
): Promise<BcContact | null> {
  const key = normalizeEmail(values.email);
  if (key === '') return null;
  const holding = (await deps.bc.findByEmails([values.email])).filter((c) => normalizeEmail(c.email) === key);
  const [only] = holding;
  if (holding.length !== 1 || only?.type !== 'Person') return null;
  if (Object.keys(bcPatch(bcToSyncFields(only), values)).length === 0) return null;
  const [linked] = await deps.store.findLinks(scope, { bcIds: [only.id], outlookIds: [] });
  if (linked) return null;
  refuseOutOfScope(only, await filterOf(deps.store, scope.userId));
  return only;
}

/**
 * The holder is outside the sync's scope (the user's filter, privacy blocked…: brief readd gap 3):
 * linked, the next run would sync a contact the user excluded (or remove the copy kept). Refused
 * as a run skips a copy of such a contact (`bcContactOutOfScope`, its reasons): nothing written;
 * keeping BC's side still removes the copy, and bringing the holder into scope lets this link it.
 * Settings whose filter does not compile are refused by every run: nothing to judge by here.
 * @throws ResolveError `invalidForBc` `bcContactOutOfScope`.
 */
function refuseOutOfScope(holder: BcContact, filter: CompiledFilter | null): void {
  const reasons = filter ? outOfScopeReasons(holder, filter) : [];
  if (reasons.length === 0) return;
  const ref = { bcId: holder.id, bcNumber: holder.number, bcName: holder.displayName };
  throw new ResolveError({
    kind: 'invalidForBc',
    reasons: [{ kind: 'bcContactOutOfScope', ...ref, reasons }],
  });
}

/**
 * What keeping Outlook's side of a deletedInBc conflict writes: the copy's values, except a settled
 * field BC won whose copy still holds BC's value: the record's losing Outlook value, which the
 * record was kept for (rule conflicts.settledKept; the copy holds the winner since the settle).
 */
export function keptOutlookValues(olNow: SyncFields, recorded: readonly FieldConflict[]): SyncFields {
  const out = { ...olNow };
  for (const f of recorded) {
    if (f.winner === 'bc' && sameFieldValue(f.field, f.bc, olNow[f.field])) out[f.field] = f.outlook;
  }
  return out;
}
