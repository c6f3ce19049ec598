/**
 * Outlook's free-text country becomes BC's Country/Region code (issue 8 §6): a code as is
 * (upper-cased), a name in any of the languages (case- and accent-insensitive) its code; BC's Code
 * fields compare in BC's upper-case form, so what the user typed in Outlook is never seen as a change.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fi from 'i18n-iso-countries/langs/fi.json' with { type: 'json' };
import sv from 'i18n-iso-countries/langs/sv.json' with { type: 'json' };
import nl from 'i18n-iso-countries/langs/nl.json' with { type: 'json' };
import it from 'i18n-iso-countries/langs/it.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import {
  COUNTRY_NAME_LANGUAGES,
  ISO_COUNTRIES,
  countryCodeByName,
  countryNamePairs,
  countryToBc,
  foldCountryName,
} from '../../src/core/country.js';
import { outlookHolds, outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { validateForBc } from '../../src/core/bc-field-rules.js';
import { emptySyncFields } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';

const SIX = [en, fi, sv, nl, it, fr];

/** Every (name, code) pair of the six languages, alternates included, except names two countries share. */
function allNames(): { name: string; code: string; lang: string }[] {
  const owners = new Map<string, Set<string>>();
  const rows: { name: string; code: string; lang: string }[] = [];
  for (const l of SIX) {
    for (const [code, names] of Object.entries(l.countries)) {
      for (const name of typeof names === 'string' ? [names] : names) {
        rows.push({ name, code, lang: l.locale });
        const k = foldCountryName(name);
        owners.set(k, (owners.get(k) ?? new Set()).add(code));
      }
    }
  }
  return rows.filter((r) => owners.get(foldCountryName(r.name))!.size === 1);
}

/** Each (text, code) row: countryToBc makes the text the code. */
function expectCodes(rows: readonly (readonly [string, string])[]): void {
  expect(rows.map(([text]) => [text, countryToBc(text)])).toEqual(rows);
}

describe('country to BC', () => {
  test('the issue example: a country name in any of the six languages becomes its code', () => {
    expectCodes([
      ['United Kingdom', 'GB'],
      ['Yhdistynyt kuningaskunta', 'GB'],
      ['Storbritannien', 'GB'],
      ['Verenigd Koninkrijk', 'GB'],
      ['Regno Unito', 'GB'],
      ['Royaume-Uni', 'GB'],
      ['Deutschland', 'DE'],
      ['  ruotsi ', 'SE'],
      ['ÉTATS-UNIS D’AMÉRIQUE', 'US'],
      ['etats unis d amerique', 'US'],
      // NFD, as macOS and some mail clients hand it over.
      ["Côte d'Ivoire".normalize('NFD'), 'CI'],
    ]);
  });

  test('a code is used as is, upper-cased; blank stays blank; anything else is kept upper-cased for the table check', () => {
    expectCodes([
      ['gb', 'GB'],
      [' De ', 'DE'],
      ['', ''],
      ['   ', ''],
      ['Atlantis', 'ATLANTIS'],
    ]);
    // A name two countries share is not guessed.
    expect(countryCodeByName('Congo')).toBeNull();
  });

  test('F24: short and common names (CLDR long and short forms) become their code', () => {
    const examples: [string, string][] = [
      ['États-Unis', 'US'],
      ['Stati Uniti', 'US'],
      ['USA', 'US'],
      ['UK', 'GB'],
      ['Vereinigte Staaten', 'US'],
      ['Yhdysvallat', 'US'],
      ['Verenigde Staten', 'US'],
      ['VS', 'US'],
      ['VK', 'GB'],
      ['Iso-Britannia', 'GB'],
      ['Britannia', 'GB'],
      ['É.-U.', 'US'],
      ['Tchéquie', 'CZ'],
      ['Nordmakedonien', 'MK'],
      ['Corée du Sud', 'KR'],
    ];
    expectCodes(examples);
  });

  test('every name and alias the lookup knows (package and CLDR, long and short, every language) becomes its code, unless two countries share it', () => {
    const pairs = countryNamePairs();
    const owners = new Map<string, Set<string>>();
    for (const [code, name] of pairs) {
      const k = foldCountryName(name);
      owners.set(k, (owners.get(k) ?? new Set()).add(code));
    }
    const unique = pairs.filter(([, name]) => owners.get(foldCountryName(name))!.size === 1);
    // Seven languages, ~250 countries, long and short CLDR forms besides the package's names.
    expect(unique.length).toBeGreaterThan(7 * 3 * 240);
    const wrong = unique.filter(([code, name]) => countryToBc(name) !== code);
    expect(wrong).toEqual([]);
  });

  test('every name of every country in the six languages becomes its code (table over all names)', () => {
    expect(COUNTRY_NAME_LANGUAGES).toEqual(expect.arrayContaining(['en', 'fi', 'sv', 'nl', 'it', 'fr']));
    const rows = allNames();
    expect(rows.length).toBeGreaterThan(6 * 240);
    const wrong = rows.filter((r) => countryToBc(r.name) !== r.code);
    expect(wrong).toEqual([]);
  });

  test('property: case, accents (NFC/NFD/stripped) and spacing of a name do not matter', () => {
    const rows = allNames();
    const mangle = fc.record({
      i: fc.nat({ max: rows.length - 1 }),
      caseMask: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
      form: fc.constantFrom('NFC', 'NFD', 'stripped'),
      pad: fc.constantFrom('', ' ', '  ', '\t'),
    });
    fc.assert(
      fc.property(mangle, ({ i, caseMask, form, pad }) => {
        const row = rows[i]!;
        let name = [...row.name]
          .map((ch, k) => (caseMask[k % caseMask.length] ? ch.toUpperCase() : ch.toLowerCase()))
          .join('');
        name =
          form === 'stripped'
            ? name.normalize('NFD').replace(/\p{M}/gu, '')
            : name.normalize(form as 'NFC' | 'NFD');
        expect([row.name, countryToBc(`${pad}${name}${pad}`)]).toEqual([row.name, row.code]);
      }),
      { numRuns: 3000, seed: 806 },
    );
  });

  test('property: the result is BC form — applying the rule again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (s) => {
        const once = countryToBc(s);
        expect(countryToBc(once)).toBe(once);
      }),
      { numRuns: 5000, seed: 807 },
    );
  });

  test('the facade table holds every ISO 3166-1 country with an English name', () => {
    expect(ISO_COUNTRIES.length).toBeGreaterThanOrEqual(249);
    expect(ISO_COUNTRIES.find((c) => c.code === 'GB')?.displayName).toBe('United Kingdom');
    expect(new Set(ISO_COUNTRIES.map((c) => c.code)).size).toBe(ISO_COUNTRIES.length);
  });
});

function outlookWith(address: Partial<OutlookContact['businessAddress']>): OutlookContact {
  const draft = syncFieldsToOutlookDraft({ ...emptySyncFields(), displayName: 'Ann Lee' }, '');
  return {
    ...draft,
    id: 'o1',
    changeKey: 'k1',
    outlookOnly: [],
    businessAddress: { ...draft.businessAddress, ...address },
  };
}

describe('BC Code fields in the mapping', () => {
  test('a name or lower-case code typed in Outlook equals BC’s code: no change is seen, nothing is rewritten', () => {
    const o = outlookWith({ countryOrRegion: 'Deutschland', postalCode: 'sw1a 1aa' });
    const bc = { ...emptySyncFields(), displayName: 'Ann Lee', country: 'DE', postalCode: 'SW1A 1AA' };
    expect(outlookToSyncFields(o)).toMatchObject({ country: 'DE', postalCode: 'SW1A 1AA' });
    expect(outlookHolds(o, { base: bc })).toBe(true);
  });

  test('going to Outlook, BC’s code is written as is', () => {
    const draft = syncFieldsToOutlookDraft({ ...emptySyncFields(), country: 'GB' }, 'b1');
    expect(draft.businessAddress.countryOrRegion).toBe('GB');
  });

  test('a country that is not in BC’s Country/Region table is refused with unknownCountry, not a length', () => {
    const codes = new Set(['GB', 'DE']);
    const fields = { ...emptySyncFields(), displayName: 'Ann', country: 'NEVERLAND REPUBLIC' };
    expect(validateForBc(fields, codes)).toEqual([
      { kind: 'unknownCountry', field: 'country', value: 'NEVERLAND REPUBLIC' },
    ]);
    expect(validateForBc({ ...fields, country: 'GB' }, codes)).toEqual([]);
    expect(validateForBc({ ...fields, country: '' }, codes)).toEqual([]);
    // F24: the reason names the country as the user typed it in Outlook, not its upper-cased form.
    const typed = outlookWith({ countryOrRegion: ' Neverland Republic ' });
    expect(validateForBc(fields, codes, typed)).toEqual([
      { kind: 'unknownCountry', field: 'country', value: 'Neverland Republic' },
    ]);
    // A value that came from BC (not what Outlook's text reads as) is named as BC holds it.
    expect(validateForBc(fields, codes, outlookWith({ countryOrRegion: 'Atlantis' }))).toEqual([
      { kind: 'unknownCountry', field: 'country', value: 'NEVERLAND REPUBLIC' },
    ]);
    // Without the table only the length is known.
    expect(validateForBc(fields)).toEqual([{ kind: 'tooLong', field: 'country', length: 18, max: 10 }]);
  });
});
