/**
 * Issue 8 §6 through the real planner and executor against the strict fakes: Outlook's free-text
 * country reaches BC as a code of BC's Country/Region table or not at all (skipped with
 * `unknownCountry`), and what the user typed in Outlook is never rewritten because of its form.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fi from 'i18n-iso-countries/langs/fi.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import { resolveConflict } from '../../src/core/resolve.js';
import { expectUnknownCountrySkip } from '../support/country-skips.js';
import { World, linkedPerson, outlookPerson, person, syncedPerson } from '../support/world.js';

const address = (countryOrRegion: string, postalCode = '') => ({
  businessAddress: { street: '', city: 'London', state: '', postalCode, countryOrRegion },
});

describe('Outlook country → BC Country/Region code', () => {
  test('the issue example: "United Kingdom" typed in Outlook is imported as GB; Outlook keeps its text', async () => {
    const w = new World();
    await w.sync('full');
    const folder = await w.folder();
    const o = w.mailbox.userCreate(folder.id, outlookPerson(1, address('United Kingdom', 'sw1a 1aa')));
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    const [bc] = await w.bc.listAll();
    expect(bc).toMatchObject({ country: 'GB', postalCode: 'SW1A 1AA' });
    const after = (await w.outlook()).find((c) => c.id === o.id)!;
    expect(after.businessAddress).toMatchObject({
      countryOrRegion: 'United Kingdom',
      postalCode: 'sw1a 1aa',
    });
    // Nothing is seen as a change afterwards, on either side.
    const again = await w.sync('full');
    expect(again.plan!.items).toEqual([]);
  });

  test('a linked contact whose Outlook country becomes "Ruotsi" (Finnish) updates BC to SE', async () => {
    const { w, a: seeded, o: copy } = await linkedPerson({ country: 'FI' });
    expect(copy.businessAddress.countryOrRegion).toBe('FI');
    w.mailbox.userEdit(copy.id, address('ruotsi'));
    await w.sync('full');
    expect((await w.bc.getMany([seeded.id]))[0]!.country).toBe('SE');
    expect((await w.outlookByBcId(seeded.id))!.businessAddress.countryOrRegion).toBe('ruotsi');
  });

  test('a country BC’s table does not hold is skipped with unknownCountry and never reaches BC', async () => {
    const { w, a: seeded, o: copy } = await linkedPerson({ country: 'FI', jobTitle: 'Buyer' });
    w.mailbox.userEdit(copy.id, { ...address('Atlantis'), jobTitle: 'Head Buyer' });
    const { plan } = await w.sync('full');
    // As the user typed it (F24), not the upper-cased code form.
    expectUnknownCountrySkip(plan, 'Atlantis');
    // The refused value stays out of BC (whether the rest of the change waits too is issue 8 §2's rule).
    expect((await w.bc.getMany([seeded.id]))[0]!.country).toBe('FI');
    // A new Outlook contact with such a country is not imported either.
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(2, address('Neverland')));
    const next = await w.sync('full');
    expect(next.plan!.skipped.map((s) => s.record.reason.kind)).toContain('unknownCountry');
    expect((await w.bc.listAll()).map((c) => c.email)).not.toContain('outlook2@fabrikam.com');
  });

  test('the tenant’s own table decides: a name whose ISO code the tenant lacks is skipped, not written', async () => {
    const w = new World();
    w.bc.countryTable = [
      { code: 'DK', displayName: 'Denmark' },
      { code: 'UK', displayName: 'United Kingdom' },
    ];
    await w.sync('full');
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1, address('Danmark')));
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(2, address('Germany')));
    const { plan } = await w.sync('full');
    const bc = await w.bc.listAll();
    expect(bc.map((c) => c.country)).toEqual(['DK']);
    expectUnknownCountrySkip(plan, 'Germany');
  });

  test('resolving a conflict to an Outlook country BC lacks is refused with the reason, nothing written', async () => {
    const { w, a: seeded, o: copy } = await syncedPerson('manual', { country: 'FI' });
    w.bc.edit(seeded.id, { country: 'SE' });
    w.mailbox.userEdit(copy.id, address('Atlantis'));
    await w.sync('full');
    const [entry] = await w.store.listConflicts(await w.scope());
    expect(entry).toBeDefined();
    await expect(
      resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, await w.scope(), entry!.bcId, {
        kind: 'all',
        side: 'outlook',
      }),
    ).rejects.toMatchObject({
      failure: { kind: 'invalidForBc', reasons: [{ kind: 'unknownCountry', value: 'Atlantis' }] },
    });
    expect((await w.bc.getMany([seeded.id]))[0]!.country).toBe('SE');
  });
});

/** A country as a user might type it: a name in some language and form, a code, or something else. */
const NAMES = [en, fi, fr].flatMap((l) =>
  Object.entries(l.countries).map(([code, n]) => ({ code, name: typeof n === 'string' ? n : n[0]! })),
);
const typed = fc.oneof(
  fc
    .record({ i: fc.nat({ max: NAMES.length - 1 }), upper: fc.boolean(), nfd: fc.boolean() })
    .map(({ i, upper, nfd }) => {
      const n = NAMES[i]!.name;
      const cased = upper ? n.toUpperCase() : n.toLowerCase();
      return nfd ? cased.normalize('NFD') : cased;
    }),
  fc.constantFrom('gb', 'DE', 'se ', 'fi', 'xx', 'Atlantis', 'EU', '', 'Republic of Nowhere'),
);

describe('property: Outlook countries reach BC as table codes or not at all', () => {
  test('whatever is typed, BC only ever holds a code of its table, and Outlook keeps what was typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(typed, { minLength: 1, maxLength: 4 }), async (countries) => {
        const w = new World();
        w.bc.countryTable = w.bc.countryTable.filter((c) => c.code !== 'FR');
        const codes = new Set(w.bc.countryTable.map((c) => c.code));
        await w.sync('full');
        const folder = await w.folder();
        const ids = countries.map((c, i) => w.mailbox.userCreate(folder.id, outlookPerson(i, address(c))).id);
        const { plan } = await w.sync('full');
        for (const c of await w.bc.listAll()) if (c.country !== '') expect(codes.has(c.country)).toBe(true);
        const skipped = plan!.skipped.filter((s) => s.record.reason.kind === 'unknownCountry').length;
        expect((await w.bc.listAll()).length + skipped).toBe(countries.length);
        const now = await w.outlook();
        for (const [i, id] of ids.entries())
          expect(now.find((o) => o.id === id)!.businessAddress.countryOrRegion).toBe(countries[i]);
      }),
      { numRuns: 150, seed: 8061 },
    );
  });
});

describe('the Country/Region table is read when Outlook values may reach BC (issue 12 §2)', () => {
  /** The world's BC, counting its Country/Region reads. */
  const counted = (w: World) => {
    let reads = 0;
    const read = w.bc.countriesRegions.bind(w.bc);
    w.bc.countriesRegions = async () => {
      reads++;
      return read();
    };
    return () => reads;
  };

  test('an idle delta asks BC for its changes only; a delta with an Outlook change reads the table once and checks it', async () => {
    const w = new World();
    const seeded = w.bc.seed(person(1, { country: 'FI' }));
    const other = w.bc.seed(person(2, { country: 'FI' }));
    await w.sync('full');
    w.later();
    await w.sync('delta');
    w.later();
    const reads = counted(w);
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect(reads()).toBe(0);
    // BC alone changed: its Outlook copy is read (delta.bothWays), so the table is read too.
    w.bc.edit(other.id, { jobTitle: 'Buyer' });
    await w.sync('delta');
    expect(reads()).toBe(1);
    const copy = (await w.outlookByBcId(seeded.id))!;
    w.mailbox.userEdit(copy.id, address('Atlantis'));
    const { plan } = await w.sync('delta');
    expect(reads()).toBe(2);
    expectUnknownCountrySkip(plan, 'Atlantis');
    expect((await w.bc.getMany([seeded.id]))[0]!.country).toBe('FI');
  });
});
