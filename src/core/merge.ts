import { SYNC_FIELDS, pickSyncFields, sameFieldValue } from './model.js';
import type { SyncFieldName, SyncFields } from './model.js';
import type { OutlookOnlyValues } from './outlook-only.js';
import type { OutOfScopeReason } from './scope.js';

/** Who wins a field changed on both sides (design §2 Conflicts): the one list, the type comes from it. */
export const CONFLICT_POLICIES = ['bcWins', 'outlookWins', 'manual'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/**
 * One field changed on both sides, with the three values as they were when the conflict was found.
 * They are kept until the user resolves or dismisses the field, whatever the policy and whatever
 * other fields were resolved (design §2 Conflicts; rule conflicts.keepValues).
 */
export interface FieldConflict {
  readonly field: SyncFieldName;
  readonly base: string;
  readonly bc: string;
  readonly outlook: string;
  /**
   * `bc` / `outlook`: settled by the policy (both sides were given the winner's value; the other
   * side's value is the losing one, kept here so the user can revert). `none`: open (manual
   * policy), both sides keep their value until the user decides.
   */
  readonly winner: 'bc' | 'outlook' | 'none';
}

/**
 * Why BC no longer holds the contact of a `deletedInBc` conflict, as data (a code with parameters):
 * the edge words it (src/messages/words.ts `deletionCauseText`, six languages).
 * `bcDeleted`: the contact was deleted in BC. `outOfScope`: it left the sync's scope, for `reasons`.
 */
export type DeletionCause =
  | { readonly kind: 'bcDeleted' }
  | { readonly kind: 'outOfScope'; readonly reasons: readonly OutOfScopeReason[] };

/** A field one side (`from`) changed since a conflict was shown, and the value a choice writes with it. */
export interface MergedSinceShown {
  readonly field: SyncFieldName;
  readonly from: 'bc' | 'outlook';
  readonly value: string;
}

export type ConflictRecord =
  | {
      readonly kind: 'fields';
      readonly displayName: string;
      readonly fields: readonly FieldConflict[];
      /**
       * Fields not in conflict that one side changed since the record was last shown, which a choice
       * writes to the other side beside it (as a sync merges them): stored by a refused resolve
       * (resolve-unseen.ts refuseUnseenMerged) so the card names them; absent when there are none.
       */
      readonly sinceShown?: readonly MergedSinceShown[];
      /** When the record was first stored (ISO 8601 UTC); absent until then. */
      readonly detectedAt?: string;
    }
  /**
   * BC deleted the contact or it left scope, but Outlook changed its copy since the base (`fields`)
   * or the copy holds values BC has no field for (`outlookOnly`, absent when it holds none).
   */
  | {
      readonly kind: 'deletedInBc';
      readonly displayName: string;
      readonly reason: DeletionCause;
      readonly fields: readonly FieldConflict[];
      readonly outlookOnly?: OutlookOnlyValues;
      /**
       * The copy's changeKey when the record was made: removing the copy on the user's word checks it
       * is still the copy they were shown (F76). Absent in records stored before.
       */
      readonly outlookChangeKey?: string;
      readonly detectedAt?: string;
    };

/** Open: the user must decide. Settled: the policy decided and the user may accept or revert. */
export type ConflictStatus = 'open' | 'settled';

export function conflictStatus(record: ConflictRecord): ConflictStatus {
  if (record.kind === 'deletedInBc') return 'open';
  return record.fields.some((f) => f.winner === 'none') ? 'open' : 'settled';
}

/**
 * The conflicts a run's summary counts: those waiting for the user's choice. A settled one stays
 * listed until the user accepts or reverts it, so counting it made every later run that wrote
 * nothing say "1 conflict" while the Conflicts header said "0 open, 1 settled" (helper newuser).
 */
export function openConflictCount(list: readonly { readonly record: ConflictRecord }[]): number {
  return list.filter((c) => conflictStatus(c.record) === 'open').length;
}

/**
 * The field conflicts a stored record holds: a field record's or a deletedInBc record's, none for no
 * record or a record of a kind this version does not know (a stored row spoilt or written by another
 * version: it must not stop the run, stored-corruptions `sync_conflicts.record garbled`).
 */
export function recordedFields(recorded: ConflictRecord | null | undefined): readonly FieldConflict[] {
  const kind: string | undefined = recorded?.kind;
  return kind === 'fields' || kind === 'deletedInBc' ? recorded!.fields : [];
}

/**
 * The settled fields of a recorded conflict (a field record, or the deletedInBc record that carries
 * them, pair-actions.ts `deletedInBcConflict`) whose Outlook copy still holds the winner's value
 * (`copy`): the losing value is then held by the record alone, so the copy is not removed without
 * the user's word (rule conflicts.settledKept, F1 of the soak: BC deleting the contact or its
 * leaving scope removed the copy and the record, and the losing value was gone unseen).
 */
export function settledOnCopy(
  recorded: ConflictRecord | null | undefined,
  copy: (field: SyncFieldName) => string,
): FieldConflict[] {
  return recordedFields(recorded).filter(
    (f) => f.winner !== 'none' && sameFieldValue(f.field, f[f.winner], copy(f.field)),
  );
}

/**
 * Settled conflicts kept per user and folder; past this the oldest settled records are dropped
 * (open ones never are: both sides still hold their values, so nothing is lost).
 */
export const MAX_SETTLED_CONFLICTS = 200;

export interface MergeResult {
  /** The values BC should hold afterwards. */
  readonly bc: SyncFields;
  /** The values Outlook should hold afterwards. */
  readonly outlook: SyncFields;
  readonly conflicts: readonly FieldConflict[];
}

export interface MergeOptions {
  readonly policy: ConflictPolicy;
  /**
   * Fields whose conflict is already open with these same two values: they stay open whatever the
   * policy (tester F63). An open conflict is the user's pending choice; a policy saved since
   * applies to new conflicts, never to a choice the user has not made yet.
   */
  readonly stillOpen?: ReadonlySet<string>;
}

/** Three-way merge per field against the base. */
export function mergeFields(
  base: SyncFields,
  bc: SyncFields,
  outlook: SyncFields,
  options: MergeOptions,
): MergeResult {
  const toBc = pickSyncFields(bc);
  const toOutlook = pickSyncFields(outlook);
  const conflicts: FieldConflict[] = [];
  // Most fields of a changed pair are the base's on both sides: nothing to compare further, and
  // only the others are read by a variable key (issue 12 §2: three megamorphic loads a field).
  const moved = movedFromBase(base, bc, outlook);
  for (let i = 0; moved >>> i !== 0; i++) {
    if ((moved & (1 << i)) === 0) continue;
    const f = SYNC_FIELDS[i]!;
    const b = base[f];
    const x = bc[f];
    const y = outlook[f];
    const bcChanged = !sameFieldValue(f, x, b);
    const outlookChanged = !sameFieldValue(f, y, b);
    if (sameFieldValue(f, x, y)) continue;
    if (bcChanged && !outlookChanged) {
      toOutlook[f] = x;
    } else if (outlookChanged && !bcChanged) {
      toBc[f] = y;
    } else {
      // rule conflicts.manual: under the manual policy (or a choice still open) neither side wins.
      const winner = options.stillOpen?.has(f)
        ? 'none'
        : options.policy === 'bcWins'
          ? 'bc'
          : options.policy === 'outlookWins'
            ? 'outlook'
            : 'none';
      conflicts.push({ field: f, base: b, bc: x, outlook: y, winner });
      if (winner === 'bc') toOutlook[f] = x;
      else if (winner === 'outlook') toBc[f] = y;
    }
  }
  return { bc: toBc, outlook: toOutlook, conflicts };
}

/**
 * Bit i set: SYNC_FIELDS[i] is not the base's very string on both sides. Each field read by name, in
 * SYNC_FIELDS order (merge-moved.test holds every bit to its field).
 * @internal
 */
export function movedFromBase(base: SyncFields, bc: SyncFields, outlook: SyncFields): number {
  let m = 0;
  if (bc.displayName !== base.displayName || outlook.displayName !== base.displayName) m |= 1 << 0;
  if (bc.firstName !== base.firstName || outlook.firstName !== base.firstName) m |= 1 << 1;
  if (bc.middleName !== base.middleName || outlook.middleName !== base.middleName) m |= 1 << 2;
  if (bc.surname !== base.surname || outlook.surname !== base.surname) m |= 1 << 3;
  if (bc.initials !== base.initials || outlook.initials !== base.initials) m |= 1 << 4;
  if (bc.jobTitle !== base.jobTitle || outlook.jobTitle !== base.jobTitle) m |= 1 << 5;
  if (bc.companyName !== base.companyName || outlook.companyName !== base.companyName) m |= 1 << 6;
  if (bc.email !== base.email || outlook.email !== base.email) m |= 1 << 7;
  if (bc.email2 !== base.email2 || outlook.email2 !== base.email2) m |= 1 << 8;
  if (bc.phoneNumber !== base.phoneNumber || outlook.phoneNumber !== base.phoneNumber) m |= 1 << 9;
  if (bc.mobilePhoneNumber !== base.mobilePhoneNumber || outlook.mobilePhoneNumber !== base.mobilePhoneNumber)
    m |= 1 << 10;
  if (bc.faxNumber !== base.faxNumber || outlook.faxNumber !== base.faxNumber) m |= 1 << 11;
  if (bc.website !== base.website || outlook.website !== base.website) m |= 1 << 12;
  if (bc.addressLine1 !== base.addressLine1 || outlook.addressLine1 !== base.addressLine1) m |= 1 << 13;
  if (bc.addressLine2 !== base.addressLine2 || outlook.addressLine2 !== base.addressLine2) m |= 1 << 14;
  if (bc.city !== base.city || outlook.city !== base.city) m |= 1 << 15;
  if (bc.state !== base.state || outlook.state !== base.state) m |= 1 << 16;
  if (bc.postalCode !== base.postalCode || outlook.postalCode !== base.postalCode) m |= 1 << 17;
  if (bc.country !== base.country || outlook.country !== base.country) m |= 1 << 18;
  return m;
}

/**
 * The base after a sync: a field's new base is the value both sides now hold; where they still
 * differ (manual conflict, change left for a later run, value refused by BC) the old base stays,
 * so the difference is seen again next time instead of being forgotten.
 */
export function nextBase(oldBase: SyncFields | null, bc: SyncFields, outlook: SyncFields): SyncFields {
  // Each field read by name, in SYNC_FIELDS order (same-sync-fields.test: every field, and the key
  // order): the planner makes a base for every changed pair, and reading three records by a
  // variable key through syncFieldsFrom's callback was a megamorphic load each (issue 12 §2).
  const o = oldBase ?? NO_BASE;
  return {
    displayName: agreed('displayName', bc.displayName, outlook.displayName, o.displayName),
    firstName: agreed('firstName', bc.firstName, outlook.firstName, o.firstName),
    middleName: agreed('middleName', bc.middleName, outlook.middleName, o.middleName),
    surname: agreed('surname', bc.surname, outlook.surname, o.surname),
    initials: agreed('initials', bc.initials, outlook.initials, o.initials),
    jobTitle: agreed('jobTitle', bc.jobTitle, outlook.jobTitle, o.jobTitle),
    companyName: agreed('companyName', bc.companyName, outlook.companyName, o.companyName),
    email: agreed('email', bc.email, outlook.email, o.email),
    email2: agreed('email2', bc.email2, outlook.email2, o.email2),
    phoneNumber: agreed('phoneNumber', bc.phoneNumber, outlook.phoneNumber, o.phoneNumber),
    mobilePhoneNumber: agreed(
      'mobilePhoneNumber',
      bc.mobilePhoneNumber,
      outlook.mobilePhoneNumber,
      o.mobilePhoneNumber,
    ),
    faxNumber: agreed('faxNumber', bc.faxNumber, outlook.faxNumber, o.faxNumber),
    website: agreed('website', bc.website, outlook.website, o.website),
    addressLine1: agreed('addressLine1', bc.addressLine1, outlook.addressLine1, o.addressLine1),
    addressLine2: agreed('addressLine2', bc.addressLine2, outlook.addressLine2, o.addressLine2),
    city: agreed('city', bc.city, outlook.city, o.city),
    state: agreed('state', bc.state, outlook.state, o.state),
    postalCode: agreed('postalCode', bc.postalCode, outlook.postalCode, o.postalCode),
    country: agreed('country', bc.country, outlook.country, o.country),
  };
}

/** A field's next base: the value both sides hold, else the old base's (a field it lacks is ''). */
function agreed(field: SyncFieldName, x: string, y: string, old: string | undefined): string {
  return x === y || sameFieldValue(field, x, y) ? x : (old ?? '');
}

/** No base yet (a first match): every field's old value is ''. */
const NO_BASE: Partial<SyncFields> = Object.freeze({});
