/**
 * The languages the product speaks: the five of the BC documentation it re-creates, and English.
 * @internal
 */
export const LANGS = ['en', 'fi', 'sv', 'nl', 'it', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

/** `fi-FI`, `sv`, `nl-BE`… → a language we have; English otherwise. */
export function pickLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}
