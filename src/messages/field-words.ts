// Leaf modules, not the filter's and model's barrels: these words are in the pane's first render.
import { CONTACT_PROPERTY } from '../core/filter/fields.js';
import { SYNC_FIELDS } from '../core/sync-field-names.js';
import type { CodeKey } from './catalogs/en.js';

/** What every text of src/messages is worded through, and BC's captions of contact fields. */

export type MessageValues = Readonly<Record<string, string | number>>;

export interface Words {
  /** The catalog's ICU message for `key`, formatted with `values`. */
  text(key: CodeKey, values?: MessageValues): string;
  /** "a, b and c" in the language. */
  list(items: readonly string[]): string;
}

/**
 * The fields with a BC caption in the catalogs (`field_<property>`): synced and filterable ones.
 * @internal i18n.test.ts holds every language's `field_` keys to exactly these.
 */
export const CAPTIONED_FIELDS: ReadonlySet<string> = new Set([
  ...SYNC_FIELDS,
  ...Object.values(CONTACT_PROPERTY),
]);

/** BC's caption of a contact field: an API property (`jobTitle`) or a filter field (`name`). */
export function fieldCaption(words: Words, field: string): string {
  const property = (CONTACT_PROPERTY as Readonly<Record<string, string>>)[field] ?? field;
  return CAPTIONED_FIELDS.has(property) ? words.text(`field_${property}` as CodeKey) : field;
}

/** "City, E-Mail and Name": field captions as a list in the language. */
export function fieldList(words: Words, fields: readonly string[]): string {
  return words.list(fields.map((f) => fieldCaption(words, f)));
}

/**
 * "name (Name), type (Type) and city (City)": the keys an input takes, each with BC's caption in
 * the language, for a key the input did not know (F90: the API keys are `name`, `city`…; a list of
 * captions alone left the caller guessing what to type).
 */
export function fieldKeyList(words: Words, fields: readonly string[]): string {
  return words.list(fields.map((f) => `${f} (${fieldCaption(words, f)})`));
}
