/**
 * A review of 3e6693b (issue 12) (unlocked read + version-guarded UPDATE; creates in one statement):
 * concurrent writers on one contact, on PGlite and PostgreSQL.
 * - N updates under `*`, each setting its own field: every field lands (no lost update).
 * - N updates under the same etag: exactly one succeeds, the others are stale; the etag moves once.
 * - updates racing a delete: the contact stays deleted; nothing written after the delete.
 * - concurrent creates: numbers unique and without gaps.
 * - concurrent creates under one chosen id (two hosts' create keys at one instant; helper bckey's
 *   finding): each answered the one contact, never the primary key's error.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { systemClock } from '../../src/platform/system-clock.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import {
  deleteContact,
  getContact,
  keyedContactId,
  insertContact,
  insertContacts,
  updateContact,
} from '../../src/store/bc-repository.js';
import { migrate } from '../../src/store/migrations/index.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

const FIELDS = [
  'jobTitle',
  'companyName',
  'city',
  'state',
  'postalCode',
  'phoneNumber',
  'mobilePhoneNumber',
  'faxNumber',
  'website',
  'addressLine1',
] as const;

/**
 * The `n`th value a race writes to `field`: BC refuses letters in a phone number (9725232
 * phoneLetters), so phones get digits; every other field `V<n>`.
 */
const valueFor = (field: (typeof FIELDS)[number], n: number): string =>
  field === 'phoneNumber' || field === 'mobilePhoneNumber'
    ? `+1 555 01${String(n).padStart(2, '0')}`
    : `V${n}`;

describe.each(STORE_ENGINES)('writes beside writes on %s', (_engine, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(() => db.close());

  const contact = async () => {
    const company = await insertCompany(db, systemClock, { name: `Race ${Math.random()}` });
    const made = await insertContact(db, systemClock, company.id, { type: 'Person', displayName: 'Before' });
    if (!made.ok) throw new Error('create failed');
    return { companyId: company.id, created: made.value };
  };

  test('updates under * to different fields: none lost', async () => {
    for (let round = 0; round < 3; round++) {
      const { companyId, created } = await contact();
      const results = await Promise.all(
        FIELDS.map((f, i) =>
          updateContact(db, systemClock, companyId, created.id, '*', { [f]: valueFor(f, i) }),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const now = (await getContact(db, companyId, created.id))!;
      expect(FIELDS.map((f) => now[f])).toEqual(FIELDS.map((f, i) => valueFor(f, i)));
      // every update moved the version once: distinct etags answered, the last equals the row's
      const etags = new Set(results.map((r) => (r.ok ? r.value.etag : '')));
      expect(etags.size).toBe(FIELDS.length);
      expect(etags.has(now.etag)).toBe(true);
    }
  });

  test('updates under one etag: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { companyId, created } = await contact();
      const results = await Promise.all(
        FIELDS.map((f, i) =>
          updateContact(db, systemClock, companyId, created.id, created.etag, { jobTitle: `w${i}` }),
        ),
      );
      const won = results.filter((r) => r.ok);
      expect(won).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.kind === 'stale')).toHaveLength(FIELDS.length - 1);
      const now = (await getContact(db, companyId, created.id))!;
      expect(won[0]!.ok && won[0]!.value.etag).toBe(now.etag);
      expect(won[0]!.ok && won[0]!.value.jobTitle).toBe(now.jobTitle);
    }
  });

  test('updates racing a delete: the contact stays deleted', async () => {
    for (let round = 0; round < 3; round++) {
      const { companyId, created } = await contact();
      const ops = [
        ...FIELDS.slice(0, 4).map((f) =>
          updateContact(db, systemClock, companyId, created.id, '*', { [f]: valueFor(f, 99) }),
        ),
        deleteContact(db, systemClock, companyId, created.id, '*'),
        ...FIELDS.slice(4).map((f) =>
          updateContact(db, systemClock, companyId, created.id, '*', { [f]: valueFor(f, 99) }),
        ),
      ];
      const results = await Promise.all(ops);
      expect(results[4]!.ok).toBe(true);
      expect(await getContact(db, companyId, created.id)).toBeNull();
      const row = await db.query<{ deleted: boolean; v: string; lm: Date; del: Date }>(
        'SELECT deleted_at IS NOT NULL AS deleted, row_version::text AS v, last_modified AS lm, deleted_at AS del FROM bc_contacts WHERE id = $1',
        [created.id],
      );
      expect(row.rows[0]!.deleted).toBe(true);
      // updates that succeeded count in row_version; a refused one is notFound
      const okUpdates = results.filter((r, i) => i !== 4 && r.ok).length;
      expect(Number(row.rows[0]!.v)).toBe(1 + okUpdates + 1);
      for (const [i, r] of results.entries()) if (i !== 4 && !r.ok) expect(r.error.kind).toBe('notFound');
    }
  });

  test('concurrent creates: numbers unique, without gaps', async () => {
    const company = await insertCompany(db, systemClock, { name: `Numbers ${Math.random()}` });
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, b) =>
        insertContacts(
          db,
          systemClock,
          company.id,
          Array.from({ length: 1 + (b % 3) }, (_, i) => ({
            type: 'Person' as const,
            displayName: `P${b}-${i}`,
          })),
        ),
      ),
    );
    const numbers = batches.flat().map((r) => (r.ok ? r.value.number : 'ERR'));
    expect(numbers).not.toContain('ERR');
    const sorted = [...numbers].sort();
    expect(new Set(sorted).size).toBe(sorted.length);
    expect(sorted).toEqual(sorted.map((_, i) => `CT${String(i + 1).padStart(6, '0')}`));
  });

  test.each([1, 2])(
    'concurrent creates under one chosen id (%i other creates beside it in each call): one contact, every caller answered it',
    async (others) => {
      for (let round = 0; round < 3; round++) {
        const company = await insertCompany(db, systemClock, { name: `Keys ${Math.random()}` });
        const body = { type: 'Person' as const, displayName: 'Keyed', email: 'keyed@example.com' };
        const id = keyedContactId(company.id, 'same import', body);
        const calls = await Promise.all(
          Array.from({ length: 4 }, (_, c) =>
            insertContacts(db, systemClock, company.id, [
              { ...body, id },
              ...Array.from({ length: others - 1 }, (_, i) => ({
                type: 'Person' as const,
                displayName: `Other ${c}-${i}`,
              })),
            ]),
          ),
        );
        const keyed = calls.map((r) => r[0]!);
        expect(keyed.map((r) => (r.ok ? r.value.id : r.error.kind))).toEqual([id, id, id, id]);
        expect(calls.flat().every((r) => r.ok)).toBe(true);
        const row = await getContact(db, company.id, id);
        expect(row?.displayName).toBe('Keyed');
      }
    },
  );
});
