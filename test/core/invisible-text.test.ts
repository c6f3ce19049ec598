/**
 * F68: bidi controls and zero-width characters never reach BC, and values compare without them;
 * ZWJ and ZWNJ (needed by scripts and emoji) are kept. The rule lives in the one text form (nfc in
 * src/core/model.ts), which every read, comparison, BC write and facade store goes through.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { nfc, normalizeEmail, sameFieldValue, SYNC_FIELDS } from '../../src/core/model.js';
import { countWrites } from '../../src/core/plan.js';
import { World, outlookPerson, person, typedInOutlook } from '../support/world.js';

const STRIPPED = [
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061C',
  '\u200B',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\uFEFF',
];
const KEPT = ['\u200C', '\u200D'];
const invisible = new RegExp(`[${STRIPPED.join('')}]`);

describe('invisible format characters stay out of BC (F68)', () => {
  test('an Outlook contact with bidi overrides and zero-width characters reaches BC without them; the next sync writes nothing', async () => {
    const { w } = await typedInOutlook(1, {
      displayName: '\u202BAmal\u200B Haddad\u202C',
      givenName: '\u2067Amal\u2069',
      surname: 'Haddad\uFEFF',
      jobTitle: '\u200EHead\u2060 Buyer\u200F',
      emailAddresses: [{ address: 'amal\u200B@haddad.example', name: 'Amal' }],
    });
    expect((await w.sync('full')).record.status).toBe('succeeded');
    const [bc] = await w.bc.listAll();
    expect(bc).toMatchObject({
      displayName: 'Amal Haddad',
      firstName: 'Amal',
      surname: 'Haddad',
      jobTitle: 'Head Buyer',
      email: 'amal@haddad.example',
    });
    // A filter typed without them finds her: no delete planned, and nothing is rewritten.
    await w.settings({ filter: { name: 'Amal*' }, massDeleteShare: 1 });
    const again = await w.sync('full');
    expect(again.plan!.items.filter((i) => i.kind === 'deleteInOutlook')).toEqual([]);
    expect(countWrites(again.plan!)).toBe(0);
  });

  test('F88: a country typed with a soft hyphen ("Ger\\u00ADmany") is Germany: the contact reaches BC as DE, not skipped as an unknown country', async () => {
    const { w, o } = await typedInOutlook(3, {
      businessAddress: {
        street: 'Unter den Linden 1',
        city: 'Ber\u00ADlin',
        state: '',
        postalCode: '10117',
        countryOrRegion: 'Ger\u00ADmany',
      },
    });
    const { record } = await w.sync('full');
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
    expect(record.counts.bc.created).toBe(1);
    const [bc] = await w.bc.listAll();
    expect(bc).toMatchObject({ country: 'DE', city: 'Berlin' });
    // Outlook keeps what the user typed; it reads as BC's value, so nothing is rewritten.
    expect(w.mailbox.peek(o.id)?.businessAddress.countryOrRegion).toBe('Ger\u00ADmany');
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });

  test('F94: "New\\u00A0York" (a no-break space) is New York: the filter `New York` keeps it in scope, on either side', async () => {
    const w = new World();
    // Typed in BC with a no-break space (upstream BC keeps what its user typed)…
    w.bc.seed(person(1, { city: 'New\u00A0York' }));
    // …and typed in Outlook with one (imported: BC gets the plain space).
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(2, {
        businessAddress: {
          street: '',
          city: 'New\u202FYork',
          state: 'NY',
          postalCode: '',
          countryOrRegion: 'US',
        },
      }),
    );
    await w.sync('full');
    expect((await w.bc.listAll()).map((c) => c.city).sort()).toEqual(['New York', 'New\u00A0York']);
    await w.settings({ filter: { city: 'New York' }, massDeleteShare: 1 });
    const dry = await w.sync('full', { dryRun: true });
    expect(dry.plan!.items.filter((i) => i.kind === 'deleteInOutlook')).toEqual([]);
    expect(countWrites(dry.plan!)).toBe(0);
    expect(await w.outlook()).toHaveLength(2);
  });

  test('ZWNJ and ZWJ are kept: a Persian name and an emoji sequence reach BC as typed', async () => {
    const w = new World();
    const folder = await w.mailbox.ensureFolder('Business Central');
    const persian = 'می\u200Cخواهم';
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    w.mailbox.userCreate(folder.id, outlookPerson(2, { surname: persian, jobTitle: `Team ${family}` }));
    await w.sync('full');
    const [bc] = await w.bc.listAll();
    expect(bc?.surname).toBe(persian);
    expect(bc?.jobTitle).toBe(`Team ${family}`);
  });

  test('property: any text with invisible format characters inserted anywhere has the same text form, without them; ZWJ/ZWNJ stay', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', 'e\u0301', ' ', 'م', ...KEPT), maxLength: 20 });
    fc.assert(
      fc.property(
        text,
        fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...STRIPPED)), { maxLength: 8 }),
        fc.constantFrom(...SYNC_FIELDS),
        (clean, inserts, field) => {
          let dirty = clean;
          for (const [at, ch] of inserts) {
            const i = at % (dirty.length + 1);
            dirty = `${dirty.slice(0, i)}${ch}${dirty.slice(i)}`;
          }
          const form = nfc(dirty);
          expect(form).toBe(nfc(clean));
          expect(invisible.test(form)).toBe(false);
          for (const k of KEPT) expect(form.split(k).length).toBe(clean.split(k).length);
          expect(sameFieldValue(field, clean, dirty)).toBe(true);
          expect(normalizeEmail(`${dirty}@x.example`)).toBe(normalizeEmail(`${clean}@x.example`));
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 500), seed: Number(process.env.PROP_SEED ?? 6868) },
    );
  });
});
