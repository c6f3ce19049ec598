import { caseBlindField, nfc, normalizeEmail, pickSyncFields, sameFieldValue } from './model.js';
import type { SyncFields } from './model.js';
import { SYNC_FIELDS } from './sync-field-names.js';
import type { SyncFieldName } from './sync-field-names.js';

/*
 * The base of a create whose answer was lost (recover-bc-creates.ts, recover-outlook-creates.ts):
 * the values it sent, which both sides held when it was made. Its pending entry keeps only their
 * digest (the entry's text is bounded), so they are found again from the two contacts as they are
 * now: a field edited on one side only still holds the sent value on the other, so some choice,
 * field by field, between BC's value and Outlook's has the sent digest. Before this a BC contact
 * edited since its create was not linked at all, and when the Outlook address had changed too
 * nothing paired them: the next run imported the person a second time (soak F2).
 */

/**
 * Fields in which BC and Outlook may differ for the search to try every choice between them
 * (2^12 = 4,096 digests of one contact, well under a millisecond each): a contact the user edited
 * in more fields than this between two runs falls back to `firstMatchBase`.
 */
const SENT_SEARCH_FIELDS = 12;

/**
 * A digest of a contact's sync values (SYNC_FIELDS order): two 53-bit hashes (cyrb53 mixing, seeds
 * 0 and 1) over the values joined by U+0001, base 36. Equal values give equal digests; a BC contact
 * edited after its create gives another one but for a chance near 2^-106. Pure: no crypto in core.
 */
export function sentDigest(fields: SyncFields): string {
  let text = '';
  for (const name of SYNC_FIELDS) text += `${fields[name]}\u0001`;
  return `${hash53(text, 0).toString(36)}.${hash53(text, 1).toString(36)}`;
}

function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Base-36 characters of one field's digest: 36^5 ≈ 2^25.8 values, 95 characters for a contact. */
const FIELD_DIGEST_CHARS = 5;
const FIELD_DIGEST_VALUES = 36 ** FIELD_DIGEST_CHARS;

/**
 * One short digest per field (SYNC_FIELDS order, FIELD_DIGEST_CHARS each) of the values a create
 * sent, kept in its pending entry beside `sentDigest`. The whole-contact digest is found again only
 * while every field is as sent on one side at least; a field edited on both sides since leaves no
 * choice with it, and the base fell back to a first match's, empty wherever the sides differ: a
 * field only Outlook had edited then read as edited on both and the policy (bcWins) dropped the
 * edit from both sides. Per field, the sides' values tell which of them is as sent, whatever the
 * others hold. Each digest is of the value's compared form (sameFieldValue), so a value the same
 * to the user (an address in another case) is as sent.
 */
export function sentFieldDigests(fields: SyncFields): string {
  let out = '';
  for (const f of SYNC_FIELDS) out += fieldDigest(f, fields[f]);
  return out;
}

function fieldDigest(field: SyncFieldName, value: string): string {
  const form = caseBlindField(field) ? normalizeEmail(value) : nfc(value);
  return (hash53(form, 2) % FIELD_DIGEST_VALUES).toString(36).padStart(FIELD_DIGEST_CHARS, '0');
}

/**
 * The per-field digests of a pending entry (`sentFieldDigests`), read: which values are as sent.
 * A value taken for the one sent by chance (another value with its digest) is near 2^-26.
 */
export class SentFields {
  private constructor(private readonly digests: string) {}

  /** The entry's digests; null when absent (an entry of an earlier release) or not of this field list. */
  static of(digests: unknown): SentFields | null {
    return typeof digests === 'string' && digests.length === SYNC_FIELDS.length * FIELD_DIGEST_CHARS
      ? new SentFields(digests)
      : null;
  }

  /** Whether `value` of `field` is (the same to the user as) the value the create sent. */
  holds(field: SyncFieldName, value: string): boolean {
    const at = SYNC_FIELDS.indexOf(field) * FIELD_DIGEST_CHARS;
    return this.digests.slice(at, at + FIELD_DIGEST_CHARS) === fieldDigest(field, value);
  }

  /** The fields `fields` holds otherwise than sent. */
  differing(fields: SyncFields): SyncFieldName[] {
    return SYNC_FIELDS.filter((f) => !this.holds(f, fields[f]));
  }

  /**
   * The values sent as the two sides hold them now: per field BC's value when it is as sent, else
   * Outlook's, else '' — edited on both sides, the value sent is on neither: as a first match's
   * base, '' lets the user's conflict policy settle the two (kept in a conflict record), and a
   * value one side cleared is then the other side's edit.
   */
  base(bc: SyncFields, outlook: SyncFields): SyncFields {
    const out: Record<SyncFieldName, string> = { ...pickSyncFields(bc) };
    for (const f of SYNC_FIELDS)
      if (!this.holds(f, bc[f])) out[f] = this.holds(f, outlook[f]) ? outlook[f] : '';
    return out;
  }
}

const NO_FIELDS: ReadonlySet<SyncFieldName> = new Set();

/**
 * The values a lost create sent (digest `sent`), from BC's contact as found (`bc`) and the Outlook
 * contact it imported as it is now (`outlook`, as the create's draft is made of it): a choice of
 * either side's value per field that has the digest, trying choices only while at most `most`
 * fields differ (`bcOnly`: fields where BC's value alone is tried); null when none has it (a field
 * edited on both sides, or too many differing).
 */
export function sentValues(
  bc: SyncFields,
  outlook: SyncFields,
  sent: string,
  most: number,
  bcOnly: ReadonlySet<SyncFieldName> = NO_FIELDS,
): SyncFields | null {
  if (sentDigest(bc) === sent) return pickSyncFields(bc);
  const differing: SyncFieldName[] = [];
  for (const f of SYNC_FIELDS) {
    // A field whose sent value must be BC's (`bcOnly`) is no choice: BC's is tried alone.
    if (bc[f] === outlook[f] || bcOnly.has(f)) continue;
    // Read straight off the contacts and left at the first field past `most`: a run looks at every
    // unlinked BC contact it read this way when a lost create's address was changed in BC.
    if (differing.length === most) return null;
    differing.push(f);
  }
  const bcFields = pickSyncFields(bc);
  // Mask 0 is BC's values, tried above.
  for (let mask = 1; mask < 1 << differing.length; mask++) {
    const choice: Record<SyncFieldName, string> = { ...bcFields };
    differing.forEach((f, i) => {
      if (mask & (1 << i)) choice[f] = outlook[f];
    });
    if (sentDigest(choice) === sent) return choice;
  }
  return null;
}

/**
 * The base of a lost create's link: the values it sent (`sentValues`, up to SENT_SEARCH_FIELDS
 * differing), else as its per-field digests tell them (`perField`, SentFields.base), else (an entry
 * without them) the base a first match has (`firstMatchBase`); with what the create certainly
 * sent (`known`: a BC create's address, by which its contact was found).
 */
export function sentBase(
  bc: SyncFields,
  outlook: SyncFields,
  sent: string,
  known: Partial<SyncFields> = {},
  perField: SentFields | null = null,
): SyncFields {
  const found = sentValues(bc, outlook, sent, SENT_SEARCH_FIELDS);
  if (found) return found;
  return { ...(perField ? perField.base(bc, outlook) : firstMatchBase(bc, outlook)), ...known };
}

/**
 * What a first match (pair-actions-unlinked.ts firstMatch) compares with, as a base: the values
 * the two sides agree on, empty where they differ, so a value only one side holds fills in and
 * differing values follow the user's conflict policy (the losing one kept in the conflict record).
 */
function firstMatchBase(bc: SyncFields, outlook: SyncFields): SyncFields {
  const base: Record<SyncFieldName, string> = { ...bc };
  for (const f of SYNC_FIELDS) if (!sameFieldValue(f, bc[f], outlook[f])) base[f] = '';
  return base;
}

/**
 * A recovered BC create's base (`base`, what the create sent) with '' in every field BC's contact
 * (`bc`) no longer holds as sent, as a first match's base has where the sides differ. Such a BC
 * value is either a BC user's edit of the contact our create made (soak F2) or the value of a
 * person a BC user entered under the same address while our create never reached BC (review RV4):
 * the values cannot tell the two apart, so the user's conflict policy decides each such field and
 * the losing value is kept in a settled conflict record. With the sent base alone, BC's entry
 * overwrote the Outlook contact's value under every policy, with no record of it (RV4). The cost:
 * a field cleared in BC since is filled in from Outlook again (nothing is lost either way).
 */
export function bcDifferencesByPolicy(base: SyncFields, bc: SyncFields): SyncFields {
  let out: Record<SyncFieldName, string> | null = null;
  for (const f of SYNC_FIELDS) {
    if (sameFieldValue(f, bc[f], base[f])) continue;
    out ??= { ...pickSyncFields(base) };
    out[f] = '';
  }
  return out ?? base;
}
