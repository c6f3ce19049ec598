import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getContact, listContacts } from '../../src/store/bc-contact-reads.js';
import { storeWithContacts } from '../support/bulk-contacts.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

// Issue 12 (full sync with nothing changed at 50,000): the server writes a contact's
// lastModifiedDateTime as text (bc-contact-rows.ts LAST_MODIFIED_TEXT) instead of the drivers
// parsing a Date that toContact formatted back. The API's text must not change: toISOString's form,
// the microseconds PostgreSQL stores cut to milliseconds (floor, as the Date the drivers made cut
// them), in UTC whatever the session's time zone. Each stored value below against the text the
// Date path answered.

/** Stored microsecond values → the API's text (floor to the millisecond, never rounded). */
const CASES: readonly (readonly [string, string])[] = [
  ['2026-12-05 17:02:53.577999+00', '2026-12-05T17:02:53.577Z'],
  ['2026-12-05 17:02:53.999999+00', '2026-12-05T17:02:53.999Z'],
  ['2026-12-05 17:02:53.000001+00', '2026-12-05T17:02:53.000Z'],
  ['2026-12-05 17:02:53+00', '2026-12-05T17:02:53.000Z'],
  ['2026-01-01 00:30:00.5+02', '2025-12-31T22:30:00.500Z'],
  ['1999-12-31 23:59:59.9995-05', '2000-01-01T04:59:59.999Z'],
];

describe.each(STORE_ENGINES)('lastModifiedDateTime as the API writes it, on %s', (_engine, open) => {
  let db: TestDb;
  let companyId = '';
  let ids: string[] = [];
  beforeAll(async () => {
    ({ db, companyId } = await storeWithContacts(open, 'Stamped', CASES.length, {
      last_modified: `(ARRAY[${CASES.map(([stored]) => `'${stored}'::timestamptz`).join(', ')}])[i]`,
    }));
    // A session in another zone: the text is UTC all the same.
    await db.query(`SET TIME ZONE 'America/New_York'`);
    ids = (
      await db.query<{ id: string }>(
        `SELECT id::text AS id FROM bc_contacts WHERE company_id = $1 ORDER BY last_modified`,
        [companyId],
      )
    ).rows.map((r) => r.id);
  });
  afterAll(() => db.close());

  test('a list and a read by id answer the Date path’s text for every stored value', async () => {
    const listed = new Map((await listContacts(db, companyId)).map((c) => [c.id, c.lastModifiedDateTime]));
    const expected = [...CASES].map(([, text]) => text).sort();
    expect(ids.map((id) => listed.get(id))).toEqual(expected);
    for (const [k, id] of ids.entries())
      expect((await getContact(db, companyId, id))?.lastModifiedDateTime).toBe(expected[k]);
  });
});
