/** Case- and accent-form-insensitive containment, as a person searching a list expects. */
export function matchesText(haystack: readonly string[], needle: string): boolean {
  const norm = (s: string): string => s.normalize('NFC').toLocaleLowerCase();
  const n = norm(needle.trim());
  return n === '' || haystack.some((h) => norm(h).includes(n));
}
