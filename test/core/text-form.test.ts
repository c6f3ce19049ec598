import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter, evaluateFilter } from '../../src/core/filter/index.js';
import { outlookHolds, outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { SYNC_FIELDS, emptySyncFields, nfc, normalizeEmail, sameFieldValue } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import { countWrites } from '../../src/core/plan.js';
import { countryToBc } from '../../src/core/country.js';
import { fileAsIsOwn } from '../../src/core/file-as.js';
import { countryTable } from '../../src/core/tenant-countries.js';
import { IGNORED_RANGES, NEEDED_BY_TEXT, OTHER_SPACES } from '../../src/core/text-form.js';
import { matchesText } from '../../src/taskpane/layout/find-text.js';
import { World, outlookPerson, person, syncedPerson, typedInOutlook } from '../support/world.js';

// Issue 8 §5: one normal form (NFC) for comparing, matching, filtering and storing text on the BC
// side; e-mail addresses compare case-insensitively everywhere.

const NFD_NAME = 'Chloé Dupré'.normalize('NFD');

describe('text compares as people read it (issue 8 §5)', () => {
  test('an Outlook contact named in decomposed form (NFD) is stored in BC as NFC, an NFC filter finds it and a dry run deletes nothing', async () => {
    const { w, o } = await typedInOutlook(1, {
      displayName: NFD_NAME,
      givenName: 'Chloé'.normalize('NFD'),
      surname: 'Dupré'.normalize('NFD'),
    });
    await w.sync('full');
    const [bc] = await w.bc.listAll();
    expect(bc?.displayName).toBe('Chloé Dupré'.normalize('NFC'));
    expect(bc?.displayName).not.toBe(NFD_NAME);
    await w.settings({ filter: { name: 'Chloé*' }, massDeleteShare: 1 });
    const dry = await w.sync('full', { dryRun: true });
    expect(dry.plan!.items.filter((i) => i.kind === 'deleteInOutlook')).toEqual([]);
    expect(countWrites(dry.plan!)).toBe(0);
    // The BC id stamp wrote BC's (NFC) name to Outlook; the same text, and nothing is rewritten again.
    expect(w.mailbox.peek(o.id)?.displayName.normalize('NFC')).toBe(NFD_NAME.normalize('NFC'));
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });

  test('an e-mail whose case changed on one side is the same address: nothing is written, no conflict', async () => {
    const { w, a, o } = await syncedPerson('manual', { email: 'grace.clarke@gagnon.co.uk' });
    w.mailbox.userEdit(o.id, { emailAddresses: [{ address: 'Grace.Clarke@Gagnon.co.uk', name: 'Grace' }] });
    w.bc.edit(a.id, { email: 'GRACE.CLARKE@gagnon.co.uk' });
    const { plan } = await w.sync('full');
    expect(countWrites(plan!)).toBe(0);
    expect(await w.store.listConflicts(await w.scope())).toEqual([]);
  });

  test('an Outlook contact whose address differs from a BC contact only in case is matched to it, not imported', async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { email: 'grace.clarke@gagnon.co.uk' }));
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(2, { emailAddresses: [{ address: 'Grace.Clarke@gagnon.co.uk', name: 'Grace' }] }),
    );
    await w.sync('full');
    expect(await w.bc.listAll()).toHaveLength(1);
    expect((await w.outlook()).map((c) => c.bcId)).toEqual([a.id]);
  });
});

// ---- property ----

// Letters with precomposed forms, so NFC and NFD differ; plus ASCII and a combining mark alone.
const piece = fc.constantFrom('é', 'Å', 'ñ', 'ü', 'ç', 'ø', 'Ǻ', 'ệ', 'a', 'B', ' ', '-', '\u0301');
const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
const form = fc.constantFrom<'NFC' | 'NFD' | 'NFKC' | 'raw'>('NFC', 'NFD', 'raw');
const inForm = (s: string, f: string) => (f === 'raw' ? s : s.normalize(f as 'NFC' | 'NFD'));
const caseFlip = (s: string, flips: readonly boolean[]) =>
  [...s]
    .map((ch, i) => (flips[i % Math.max(flips.length, 1)] ? ch.toUpperCase() : ch.toLowerCase()))
    .join('');

describe('one text form property (issue 8 §5)', () => {
  test('values in any Unicode form (and e-mails in any case) compare, map and filter as their NFC form', () => {
    fc.assert(
      fc.property(
        text,
        text,
        form,
        form,
        fc.array(fc.boolean(), { maxLength: 6 }),
        (name, city, f1, f2, flips) => {
          const local = name.replace(/\s/g, '') || 'x';
          const email = `${local}@example.org`;
          const bcFields = {
            ...emptySyncFields(),
            displayName: nfc(name),
            city: nfc(city),
            email: normalizeEmail(email),
          };
          const ol: OutlookContact = {
            ...syncFieldsToOutlookDraft(bcFields, 'b1'),
            id: 'o1',
            changeKey: 'k',
            outlookOnly: [],
            displayName: inForm(name, f1),
            businessAddress: {
              ...syncFieldsToOutlookDraft(bcFields, 'b1').businessAddress,
              city: inForm(city, f2),
            },
            emailAddresses: [{ address: caseFlip(inForm(email, f2), flips), name: '' }],
          };
          // Reading Outlook gives NFC (what BC stores); comparing sees no change.
          const read = outlookToSyncFields(ol, { base: bcFields });
          expect(read.displayName).toBe(name.normalize('NFC'));
          expect(read.city).toBe(city.normalize('NFC'));
          expect(outlookHolds(ol, { base: bcFields })).toBe(true);
          expect(sameFieldValue('email', read.email, bcFields.email)).toBe(true);
          expect(sameFieldValue('displayName', inForm(name, f1), inForm(name, f2))).toBe(true);
          // A filter typed in one form selects values held in another exactly as both in NFC.
          // (Trimmed: a filter's surrounding spaces are not part of its value.)
          const n = name.trim();
          const compiled = compileFilter({ name: `${inForm(n, f1)}*` });
          const reference = compileFilter({ name: `${n.normalize('NFC')}*` });
          if (!compiled.ok || !reference.ok) return; // a name that is not a valid filter either way
          const subject = { displayName: inForm(n, f2), type: 'Person' };
          expect(evaluateFilter(compiled.filter, subject)).toEqual(
            evaluateFilter(reference.filter, { ...subject, displayName: n.normalize('NFC') }),
          );
          expect(evaluateFilter(compiled.filter, subject).matches).toBe(true);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 400), seed: Number(process.env.PROP_SEED ?? 8005) },
    );
  });

  test('a synced contact whose Outlook copy is rewritten in another Unicode form or e-mail case syncs nothing', async () => {
    await fc.assert(
      fc.asyncProperty(text, form, fc.array(fc.boolean(), { maxLength: 6 }), async (name, f, flips) => {
        const w = new World();
        const display = `N ${nfc(name)}`.trim();
        const a = w.bc.seed(person(1, { displayName: display, jobTitle: nfc(name).slice(0, 30) }));
        await w.sync('full');
        const o = (await w.outlookByBcId(a.id))!;
        w.mailbox.userEdit(o.id, {
          displayName: inForm(display, f),
          jobTitle: inForm(nfc(name).slice(0, 30), f),
          emailAddresses: [{ address: caseFlip(a.email, flips), name: '' }],
        });
        const { plan } = await w.sync('full');
        expect(countWrites(plan!)).toBe(0);
        expect(w.bc.peek(a.id)?.displayName).toBe(display);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 100), seed: Number(process.env.PROP_SEED ?? 8006) },
    );
  });
});

// ---- invisible characters and space separators, at every comparison place (F68, F88, F94) ----

const INVISIBLE = [
  '\u00AD',
  '\u200B',
  '\u200E',
  '\u200F',
  '\u2060',
  '\uFEFF',
  '\u061C',
  '\u202A',
  '\u2066',
  '\u180E',
];
const SPACES = ['\u00A0', '\u2007', '\u202F', '\u3000', '\u2002', '\u2009', '\u205F', '\u1680'];
const KEPT = ['\u200C', '\u200D', '\uFE0F'];
const plain = fc
  .array(fc.constantFrom('é', 'Å', 'ñ', 'a', 'B', 'o', 'k', '-', ...KEPT), { minLength: 1, maxLength: 5 })
  .map((p) => p.join(''));
/** A clean value: words of letters joined by single spaces (BC's form). */
const words = fc.array(plain, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
/** What may be done to it on the way: invisible characters anywhere, any space separator for a space. */
const edits = fc.record({
  inserts: fc.array(fc.tuple(fc.nat(60), fc.constantFrom(...INVISIBLE)), { maxLength: 4 }),
  spaces: fc.array(fc.constantFrom(' ', ...SPACES), { minLength: 1, maxLength: 4 }),
});
function dirty(clean: string, e: { inserts: [number, string][]; spaces: string[] }): string {
  let i = 0;
  let out = clean.replace(/ /g, () => e.spaces[i++ % e.spaces.length]!);
  for (const [at, ch] of e.inserts) {
    const k = at % (out.length + 1);
    out = `${out.slice(0, k)}${ch}${out.slice(k)}`;
  }
  return out;
}
const COUNTRIES = ['Germany', 'United Kingdom', 'New Zealand', 'Côte d’Ivoire', 'Deutschland', 'Ruotsi'];

describe('one text form property: invisible characters and space separators (F68, F88, F94)', () => {
  test('property: a value with invisible characters inserted and its spaces typed as any space separator is the same value at every comparison place', () => {
    const table = countryTable([{ code: 'HOL', displayName: 'Hol land Kingdom' }]);
    fc.assert(
      fc.property(
        words,
        words,
        edits,
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom(...SYNC_FIELDS),
        (name, city, e, country, field) => {
          const [dName, dCity, dCountry] = [dirty(name, e), dirty(city, e), dirty(country, e)];
          // The one form: written and compared without them, ZWJ/ZWNJ/variation selectors kept.
          expect(nfc(dName)).toBe(nfc(name));
          expect(nfc(nfc(dName))).toBe(nfc(dName));
          expect([...nfc(dName)].filter((ch) => INVISIBLE.includes(ch) || SPACES.includes(ch))).toEqual([]);
          for (const k of KEPT) expect(nfc(dName).split(k).length).toBe(name.split(k).length);
          // Change detection and merge: every field.
          expect(sameFieldValue(field, name, dName)).toBe(true);
          expect(sameFieldValue(field, `${name}x`, dName)).toBe(false);
          // Matching by e-mail.
          const local = name.replace(/\s/g, '') || 'x';
          expect(normalizeEmail(`${dirty(local, e)}@example.org`)).toBe(
            normalizeEmail(`${local}@example.org`),
          );
          // Reading Outlook: the contact holds BC's values, nothing to write; the country is its code.
          const bcFields = {
            ...emptySyncFields(),
            displayName: nfc(name),
            city: nfc(city),
            country: countryToBc(country),
          };
          const draft = syncFieldsToOutlookDraft(bcFields, 'b1');
          const ol: OutlookContact = {
            ...draft,
            id: 'o1',
            changeKey: 'k',
            outlookOnly: [],
            displayName: dName,
            businessAddress: { ...draft.businessAddress, city: dCity, countryOrRegion: dCountry },
          };
          expect(outlookToSyncFields(ol, { base: bcFields })).toEqual(
            outlookToSyncFields(
              {
                ...ol,
                displayName: name,
                businessAddress: { ...ol.businessAddress, city, countryOrRegion: country },
              },
              { base: bcFields },
            ),
          );
          expect(outlookHolds(ol, { base: bcFields })).toBe(true);
          // Country look-up: ISO/CLDR names and the tenant's own table.
          expect(countryToBc(dCountry)).toBe(countryToBc(country));
          expect(countryToBc(dCountry)).not.toBe(dCountry.toUpperCase());
          expect(table.toBc(dirty('Hol land Kingdom', e))).toBe('HOL');
          // Filters, typed either way, on values held either way.
          for (const [typed, held] of [
            [name, dName],
            [dName, name],
          ] as const) {
            const compiled = compileFilter({ name: `${typed}*`, city: typed === name ? city : dCity });
            if (!compiled.ok) continue; // not a valid filter either way
            const verdict = evaluateFilter(compiled.filter, {
              displayName: held,
              city: typed === name ? dCity : city,
              type: 'Person',
            });
            expect(verdict.matches).toBe(true);
          }
          // File as: a form derived from the names, typed with them, is derived (and refiles).
          const names = {
            givenName: name,
            middleName: '',
            surname: city,
            companyName: '',
            displayName: `${name} ${city}`,
          };
          expect(fileAsIsOwn(`${dirty(city, e)}, ${dName}`, names)).toBe(false);
          expect(fileAsIsOwn(`${dirty(city, e)} ${dName}`, names)).toBe(false);
          // The pane's find box.
          expect(matchesText([dName], name)).toBe(true);
          expect(matchesText([name], dName)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 400), seed: Number(process.env.PROP_SEED ?? 8894) },
    );
  });

  test('the lists are Unicode’s: every default-ignorable code point is dropped or kept by name, every space separator is a space', () => {
    const listed = (ranges: readonly (readonly [number, number])[], cp: number) =>
      ranges.some(([a, b]) => cp >= a && cp <= b);
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const ignorable = /\p{Default_Ignorable_Code_Point}/u.test(ch);
      const space = /\p{Zs}/u.test(ch) && cp !== 0x20;
      const dropped = listed(IGNORED_RANGES, cp);
      const kept = listed(NEEDED_BY_TEXT, cp);
      if (ignorable !== (dropped || kept) || (dropped && kept) || space !== listed(OTHER_SPACES, cp))
        wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
