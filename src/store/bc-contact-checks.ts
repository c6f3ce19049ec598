import { describeSkipReason } from '../messages/english.js';
import { BC_FIELD_LENGTHS, bcForm, validateForBc } from '../core/bc-field-rules.js';
import { codeForm } from '../core/code-form.js';
import { SYNC_FIELDS } from '../core/model.js';
import type { SyncFields } from '../core/model.js';
import type { SkipReason } from '../core/skip-records.js';
import type { ContactWrite, RepoError } from './bc-contact-rows.js';

/**
 * What the facade's BC contact writes accept, as BC checks it: which fields a write may set, their
 * lengths and values, and BC's upper-casing of Code fields.
 */

export const WRITABLE: readonly (keyof ContactWrite)[] = [
  ...SYNC_FIELDS,
  'type',
  'companyNumber',
  'territoryCode',
  'salespersonCode',
  'privacyBlocked',
];

/**
 * Why these values cannot be stored; checked on the merged record so a PATCH cannot blank the name.
 * `countryCodes`: the Country/Region table, given when the write sets the country (BC validates a
 * field when it is written, so an old value does not block a PATCH of other fields).
 */
export function checkContact(
  c: SyncFields & { readonly type: string } & Partial<Record<CodeField, string>>,
  countryCodes: ReadonlySet<string> | null = null,
): RepoError | null {
  // BC refuses a value longer than its field when it is assigned, before any other check of the
  // record (Application_StringExceededLength); the sync fields' limits are validateForBc's.
  for (const f of SYNC_FIELDS) {
    const length = c[f].length;
    if (length > BC_FIELD_LENGTHS[f])
      return tooLong({ kind: 'tooLong', field: f, length, max: BC_FIELD_LENGTHS[f] });
  }
  for (const [field, max] of Object.entries(CODE_FIELD_LENGTHS) as [CodeField, number][]) {
    const length = c[field]?.length ?? 0;
    if (length > max) {
      const message = `The length of the string is ${length}, but it must be less than or equal to ${max} characters. Field: ${field}.`;
      return { kind: 'invalid', message, reason: null, tooLong: { field, length, max } };
    }
  }
  if (c.displayName.trim() === '')
    return { kind: 'invalid', message: 'A "displayName" must be provided.', reason: null };
  if (c.type !== 'Person' && c.type !== 'Company')
    return { kind: 'invalid', message: `type: '${c.type}' is not Person or Company.`, reason: null };
  const reason = validateForBc(c, countryCodes)[0];
  if (!reason) return null;
  if (reason.kind === 'tooLong') return tooLong(reason);
  return { kind: 'invalid', message: `${describeSkipReason(reason)}.`, reason };
}

/** BC's refusal of a value longer than its field (Application_StringExceededLength's words). */
function tooLong(reason: Extract<SkipReason, { kind: 'tooLong' }>): RepoError {
  const message =
    `The length of the string is ${reason.length}, but it must be less than or equal to ${reason.max} ` +
    `characters. Field: ${reason.field} (${describeSkipReason(reason)}).`;
  return { kind: 'invalid', message, reason };
}

/**
 * The Code fields the facade stores besides the sync fields (whose lengths are BC_FIELD_LENGTHS),
 * in characters (UTF-16 code units, as BC's Text/Code length): Contact."Company No." Code[20],
 * "Territory Code" Code[10], "Salesperson Code" Code[20] (../shared/reference/bc-contact-sync.md
 * §5 and the Contact table; the same lengths bound the filter cost, core/filter/cost.ts).
 * @internal
 */
export const CODE_FIELD_LENGTHS = { companyNumber: 20, territoryCode: 10, salespersonCode: 20 } as const;
type CodeField = keyof typeof CODE_FIELD_LENGTHS;

/**
 * The Code fields besides the sync fields' (whose form is bcForm's): Contact."Company No.",
 * "Territory Code" and "Salesperson Code". BC stores a Code upper-cased and without leading or
 * trailing spaces; Company No. is one too (it was stored as sent, so "c00010" never equalled BC's).
 */
const OTHER_CODE_FIELDS = ['companyNumber', 'territoryCode', 'salespersonCode'] as const;

/**
 * The fields a write may set, each in the form BC keeps it (bcForm: an e-mail trimmed, a Code
 * upper-cased and trimmed), so what the facade stores and answers is what BC would, and a value
 * written reads back the same (no second write to make it so).
 */
export function pickWritable(input: ContactWrite): ContactWrite {
  const out: Record<string, unknown> = {};
  for (const f of WRITABLE) if (input[f] !== undefined) out[f] = input[f];
  for (const f of SYNC_FIELDS) if (typeof out[f] === 'string') out[f] = bcForm(f, out[f] as string);
  for (const f of OTHER_CODE_FIELDS) if (typeof out[f] === 'string') out[f] = codeForm(out[f] as string);
  return out as ContactWrite;
}
