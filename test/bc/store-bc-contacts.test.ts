import { beforeAll, describe, expect, test } from '@jest/globals';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import { bcDraft, runBcContactsContract } from '../contracts/bc-contacts.contract.js';
import { storeUserHooks } from '../contracts/bc-store-hooks.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

let template: Blob | File;
beforeAll(async () => {
  ({ template } = await buildMigratedTemplate());
});

async function setup() {
  const db = await openPglite({ loadDataDir: template });
  const clock = new ManualClock();
  const company = await insertCompany(db, clock, { name: 'Contract Ltd.' });
  return { db, clock, company, bc: new StoreBcContacts(db, clock, company.id) };
}

runBcContactsContract('StoreBcContacts on PGlite', async () => {
  const { db, clock, company, bc } = await setup();
  return {
    bc,
    ...storeUserHooks(db, clock, company.id),
    tick: async () => clock.advance(1000),
    teardown: () => db.close(),
  };
});

describe('StoreBcContacts beyond the contract', () => {
  test('numbers count up', async () => {
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
    } finally {
      await db.close();
    }
  });
});
