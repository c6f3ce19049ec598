/**
 * Country/Region values between Outlook and Business Central (issue 8 §6, design §3).
 *
 * Outlook keeps `businessAddress.countryOrRegion` as free text ("United Kingdom", "Ruotsi", "DE");
 * BC keeps a Country/Region **code** (Code[10], upper case) from its Country/Region table. BC's own
 * legacy Exchange sync took the value as a code when it is one and otherwise looked the country up by
 * name (reference bc-contact-sync.md, "Country"); this module does the same with ISO 3166-1 names:
 * the names come from the maintained `i18n-iso-countries` package, in the pane's six languages plus
 * German (the issue's own example is "Deutschland"; BC's largest localization). The package holds
 * formal names and a few aliases ("États-Unis d'Amérique", not "États-Unis"; F24), so the CLDR names
 * every ICU knows (Intl.DisplayNames, long and short: "États-Unis", "Stati Uniti", "UK", "VS",
 * "Iso-Britannia") are taken too, for the same languages.
 *
 * Going to Outlook the code is written as is: a code reads back to itself without any table, does not
 * depend on the language of whoever ran the sync (a scheduled run has none, and a name would flip with
 * the pane's language and look like an Outlook change), and is what BC shows in its own Country/Region
 * Code field. A name the user typed in Outlook stays there: it compares equal to its code.
 */
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fi from 'i18n-iso-countries/langs/fi.json' with { type: 'json' };
import sv from 'i18n-iso-countries/langs/sv.json' with { type: 'json' };
import nl from 'i18n-iso-countries/langs/nl.json' with { type: 'json' };
import it from 'i18n-iso-countries/langs/it.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import de from 'i18n-iso-countries/langs/de.json' with { type: 'json' };
import { nfc } from './model.js';
import { codeForm } from './code-form.js';

interface LocaleData {
  readonly locale: string;
  readonly countries: Readonly<Record<string, string | readonly string[]>>;
}

/** The languages whose country names become codes. */
const LOCALES: readonly LocaleData[] = [en, fi, sv, nl, it, fr, de];
/** @internal Test seam: country.test.ts checks the name tables of these languages. */
export const COUNTRY_NAME_LANGUAGES: readonly string[] = LOCALES.map((l) => l.locale);

/** A row of BC's Country/Region table as API v2.0 `countriesRegions` shows it. */
export interface CountryRegion {
  readonly code: string;
  readonly displayName: string;
}

/**
 * How names compare: the one text form first (nfc: a soft hyphen or a no-break space pasted into
 * "Ger\u00ADmany" is no part of the name, F88), then Unicode compatibility decomposition without marks
 * (accents), lower case, punctuation and runs of spaces as one space. "Côte d’Ivoire" = "cote d ivoire".
 */
export function foldCountryName(name: string): string {
  return nfc(name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.,'’()-]+/gu, ' ')
    .trim();
}

/** ISO 3166-1 alpha-2 code → English name (the facade's seeded Country/Region table). */
export const ISO_COUNTRIES: readonly CountryRegion[] = Object.entries(en.countries).map(([code, names]) => ({
  code,
  displayName: typeof names === 'string' ? names : (names[0] ?? code),
}));

const ISO_CODES: ReadonlySet<string> = new Set(ISO_COUNTRIES.map((c) => c.code));

/**
 * CLDR's names of every ISO country in one language, long and short ("United States", "US"), from
 * the ICU of the host (Node's and every browser's carry CLDR; none when Intl.DisplayNames is missing).
 */
function cldrNames(locale: string): [code: string, name: string][] {
  if (typeof Intl.DisplayNames !== 'function') return [];
  const out: [string, string][] = [];
  for (const style of ['long', 'short'] as const) {
    const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
    for (const code of ISO_CODES) {
      const name = names.of(code);
      if (name !== undefined && name !== code) out.push([code, name]);
    }
  }
  return out;
}

/**
 * Every (code, name) pair the lookup knows: the package's names and aliases, then CLDR's.
 * @internal
 */
export function countryNamePairs(): [code: string, name: string][] {
  return LOCALES.flatMap((locale) => [
    ...Object.entries(locale.countries).flatMap(([code, names]): [string, string][] =>
      (typeof names === 'string' ? [names] : names).map((name) => [code, name]),
    ),
    ...cldrNames(locale.locale),
  ]);
}

/** Folded name → code; a name two countries share in some language ("Congo") is left out. */
const BY_NAME: ReadonlyMap<string, string> = (() => {
  const found = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [code, name] of countryNamePairs()) {
    const key = foldCountryName(name);
    const known = found.get(key);
    if (known !== undefined && known !== code) ambiguous.add(key);
    else found.set(key, code);
  }
  for (const key of ambiguous) found.delete(key);
  return found;
})();

/**
 * The ISO code of a country name in one of COUNTRY_NAME_LANGUAGES, or null.
 * @internal
 */
export function countryCodeByName(name: string): string | null {
  return BY_NAME.get(foldCountryName(name)) ?? null;
}

/**
 * Outlook's free-text country as BC's Country/Region code: '' stays ''; an ISO alpha-2 code is that
 * code (upper-cased); a country name in one of the languages becomes its code; anything else is taken
 * as a code as typed, upper-cased (BC upper-cases Code fields) — whether the tenant has it is checked
 * against its table (`unknownCountry`, see `validateForBc`).
 */
export function countryToBc(text: string): string {
  if (text === '') return '';
  // A folder holds few distinct countries and the planner converts one per contact (issue 12 §2).
  let code = RECENT_CODES.get(text);
  if (code === undefined) {
    if (RECENT_CODES.size >= 4096) RECENT_CODES.clear();
    RECENT_CODES.set(text, (code = convertCountry(text)));
  }
  return code;
}

/** Outlook's text → `countryToBc`'s answer, for the texts met lately (a cache: the answer is a function of the text). */
const RECENT_CODES = new Map<string, string>();

function convertCountry(text: string): string {
  const value = nfc(text).trim();
  if (value === '') return '';
  // BC's upper case (codeForm), not JavaScript's: "ß" stays "ß" in a code as typed.
  const upper = codeForm(value);
  if (ISO_CODES.has(upper)) return upper;
  return countryCodeByName(value) ?? upper;
}
