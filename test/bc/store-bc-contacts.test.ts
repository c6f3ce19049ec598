import { beforeAll, describe, expect, test } from '@jest/globals';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { odataFilterToSql } from '../../src/server/bc-api/odata-query.js';
import { deleteContact, insertCompany } from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import { bcDraft, runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

let template: Blob | File;
beforeAll(async () => {
  ({ template } = await buildMigratedTemplate());
});

async function setup() {
  const db = await openPglite({ loadDataDir: template });
  const clock = new ManualClock();
  const company = await insertCompany(db, clock, { name: 'Contract Ltd.' });
  return { db, clock, company, bc: new StoreBcContacts(db, clock, company.id, odataFilterToSql) };
}

runBcContactsContract('StoreBcContacts on PGlite', async () => {
  const { db, clock, company, bc } = await setup();
  return {
    bc,
    removeContact: async (id) => {
      const r = await deleteContact(db, clock, company.id, id, '*');
      if (!r.ok) throw new Error(r.error.message);
    },
    tick: async () => clock.advance(1000),
    teardown: () => db.close(),
  };
});

describe('StoreBcContacts beyond the contract', () => {
  test('odataFilter narrows reads; a bad filter is an invalid PortFailure; numbers count up', async () => {
    const { db, bc } = await setup();
    try {
      const made = await bc.create([
        bcDraft(1, { city: 'Aarhus' }),
        bcDraft(2),
        bcDraft(3, { city: 'Aarhus' }),
      ]);
      expect(made.map((m) => (m.ok ? m.value.number : m.error.kind))).toEqual([
        'CT000001',
        'CT000002',
        'CT000003',
      ]);
      const aarhus = await bc.listAll({ odataFilter: "city eq 'Aarhus'" });
      expect(aarhus.map((c) => c.displayName)).toEqual(['Contact 1', 'Contact 3']);
      await expect(bc.listAll({ odataFilter: 'city eq' })).rejects.toMatchObject({ kind: 'invalid' });
    } finally {
      await db.close();
    }
  });
});
