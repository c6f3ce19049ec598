import { textForm } from '../../core/text-form.js';

/**
 * Case- and form-insensitive containment, as a person searching a list expects: both sides in the
 * sync's one text form (a no-break space or a soft hyphen is no difference, F94), lower-cased.
 */
export function matchesText(haystack: readonly string[], needle: string): boolean {
  const norm = (s: string): string => textForm(s).toLocaleLowerCase();
  const n = norm(needle.trim());
  return n === '' || haystack.some((h) => norm(h).includes(n));
}
