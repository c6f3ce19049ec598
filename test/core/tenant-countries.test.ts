import { describe, expect, test } from '@jest/globals';
import { ISO_COUNTRIES } from '../../src/core/country.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { countryTable } from '../../src/core/tenant-countries.js';
import { expectUnknownCountrySkip } from '../support/country-skips.js';
import { World, outlookPerson, person } from '../support/world.js';

// F41 (issue 8 §6): the country lookup consults the tenant's own Country/Region table — its
// displayName in the tenant's words and its own codes — after the ISO/CLDR names of country.ts.

const address = (countryOrRegion: string) => ({
  businessAddress: { street: '', city: 'Stockholm', state: '', postalCode: '', countryOrRegion },
});

/** A Swedish tenant: Swedish names, a code of its own for the Netherlands ("HOL", named "Holland"). */
const SWEDISH_TENANT = [
  ...ISO_COUNTRIES.filter((c) => !['US', 'NL', 'SE'].includes(c.code)),
  { code: 'US', displayName: 'Förenta staterna' },
  { code: 'HOL', displayName: 'Holland' },
  { code: 'SE', displayName: 'Sverige' },
];

/** Names only the tenant's table knows, each with the code it must become. */
const TABLE: readonly [typed: string, code: string][] = [
  ['Förenta staterna', 'US'],
  ['förenta  STATERNA', 'US'],
  ['Forenta staterna', 'US'],
  ['Holland', 'HOL'],
  ['holland', 'HOL'],
  ['HOL', 'HOL'],
  // Names country.ts knows still win when the tenant has their code; the Netherlands' ISO names
  // become NL, which this tenant does not have (its row is "Holland", HOL): refused later as
  // unknownCountry, never guessed.
  ['Sverige', 'SE'],
  ['Nederland', 'NL'],
];

describe('F41: the tenant’s own Country/Region names and codes', () => {
  test.each(TABLE)('countryTable: %s → %s', (typed, code) => {
    expect(countryTable(SWEDISH_TENANT).toBc(typed)).toBe(code);
  });

  test('example: "Förenta staterna" typed in Outlook reaches BC as US; Outlook keeps its text; nothing changes afterwards', async () => {
    const w = new World();
    w.bc.countryTable = SWEDISH_TENANT;
    await w.sync('full');
    const folder = await w.folder();
    const o = w.mailbox.userCreate(folder.id, outlookPerson(1, address('Förenta staterna')));
    const { record, plan } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(plan!.skipped).toEqual([]);
    const [bc] = await w.bc.listAll();
    expect(bc).toMatchObject({ country: 'US' });
    expect(w.mailbox.peek(o.id)!.businessAddress.countryOrRegion).toBe('Förenta staterna');
    expect((await w.sync('full')).plan!.items).toEqual([]);
    expect((await w.sync('delta')).plan!.items).toEqual([]);
  });

  test.each(['delta', 'full'] as const)(
    'a linked contact edited to "Holland" in Outlook updates BC to the tenant’s code HOL (%s sync)',
    async (mode) => {
      const w = new World();
      w.bc.countryTable = SWEDISH_TENANT;
      const a = w.bc.seed(person(1, { country: 'SE' }));
      w.bc.seed(person(2));
      await w.sync('full');
      const o = (await w.outlookByBcId(a.id))!;
      w.mailbox.userEdit(o.id, address('Holland'));
      w.later();
      const { plan } = await w.sync(mode);
      expect(plan!.skipped).toEqual([]);
      expect(w.bc.peek(a.id)?.country).toBe('HOL');
      expect(w.mailbox.peek(o.id)!.businessAddress.countryOrRegion).toBe('Holland');
    },
  );

  test('a name in no table is still refused with unknownCountry, as typed', async () => {
    const w = new World();
    w.bc.countryTable = SWEDISH_TENANT;
    await w.sync('full');
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1, address('Atlantis')));
    const { plan } = await w.sync('full');
    expectUnknownCountrySkip(plan, 'Atlantis');
  });

  test('resolving a conflict reads Outlook as a run does: "Förenta staterna" is written to BC as US', async () => {
    const w = new World();
    w.bc.countryTable = SWEDISH_TENANT;
    await w.settings({ conflictPolicy: 'manual' });
    const a = w.bc.seed(person(1, { country: 'SE', jobTitle: 'Buyer' }));
    w.bc.seed(person(2));
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.mailbox.userEdit(o.id, { ...address('Förenta staterna'), jobTitle: 'Lead' });
    w.bc.edit(a.id, { jobTitle: 'Head' });
    await w.sync('full');
    const scope = await w.scope();
    await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side: 'outlook',
    });
    expect(w.bc.peek(a.id)).toMatchObject({ country: 'US', jobTitle: 'Lead' });
  });

  test('an idle delta still asks BC nothing more (the table is read only when a read brings a country)', async () => {
    const w = new World();
    w.bc.countryTable = SWEDISH_TENANT;
    w.bc.seed(person(1));
    await w.sync('full');
    let asked = 0;
    const read = w.bc.countriesRegions.bind(w.bc);
    w.bc.countriesRegions = async () => {
      asked++;
      return read();
    };
    await w.sync('delta');
    expect(asked).toBe(0);
  });
});
