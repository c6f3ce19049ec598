import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { listCompanies, listContacts } from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { DEMO_COMPANY_NAME, seedDemoCompany } from '../../src/store/demo-seed.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { validateForBc } from '../../src/core/bc-field-rules.js';

let template: Blob | File;
const open: Db[] = [];
beforeAll(async () => {
  ({ template } = await buildMigratedTemplate());
});
afterAll(async () => {
  for (const db of open) await db.close();
});

async function fresh(): Promise<Db> {
  const db = await openPglite({ loadDataDir: template });
  open.push(db);
  return db;
}

describe('seedDemoCompany', () => {
  test('one CRONUS company with about 200 varied contacts', async () => {
    const db = await fresh();
    const counts = await seedDemoCompany(db, new ManualClock());
    expect(counts.seeded).toBe(true);
    expect(counts.contacts).toBeGreaterThanOrEqual(180);
    expect(counts.contacts).toBeLessThanOrEqual(240);
    expect(counts.companyContacts).toBe(30);
    expect(counts.persons).toBe(counts.contacts - 30);
    expect(counts.withoutEmail).toBeGreaterThan(5);
    expect(counts.privacyBlocked).toBeGreaterThan(0);
    expect(counts.sharedEmail).toBeGreaterThanOrEqual(4);

    const companies = await listCompanies(db);
    expect(companies.map((c) => c.name)).toEqual([DEMO_COMPANY_NAME]);
    const all = await listContacts(db, companies[0]!.id);
    expect(all).toHaveLength(counts.contacts);
    expect(new Set(all.map((c) => c.country))).toEqual(
      new Set(['GB', 'DK', 'NL', 'FI', 'SE', 'IT', 'FR', 'US', 'DE']),
    );
    expect(new Set(all.map((c) => c.territoryCode)).size).toBeGreaterThan(5);
    expect(new Set(all.map((c) => c.salespersonCode)).size).toBe(6);
    expect(new Set(all.map((c) => c.jobTitle)).size).toBeGreaterThan(8);
    expect(all.filter((c) => c.type === 'Person').every((c) => c.companyNumber.startsWith('CT'))).toBe(true);
    expect(all.every((c) => validateForBc(c).length === 0)).toBe(true);
    const persons = all.filter((c) => c.type === 'Person' && c.email !== '');
    const byEmail = new Map<string, number>();
    for (const p of persons) byEmail.set(p.email, (byEmail.get(p.email) ?? 0) + 1);
    expect([...byEmail.values()].filter((n) => n > 1).length * 2).toBe(counts.sharedEmail);
    expect(all.every((c) => c.phoneNumber !== '')).toBe(true);
  });

  test('is deterministic and idempotent', async () => {
    const a = await fresh();
    const b = await fresh();
    const first = await seedDemoCompany(a, new ManualClock());
    await seedDemoCompany(b, new ManualClock());
    expect(await listContacts(b, first.companyId!)).toEqual(await listContacts(a, first.companyId!));
    const again = await seedDemoCompany(a, new ManualClock());
    expect(again).toMatchObject({ seeded: false, contacts: 0 });
    expect(await listContacts(a, first.companyId!)).toHaveLength(first.contacts);
  });
});
