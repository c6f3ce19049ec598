import { randomUUID } from 'node:crypto';
import { ifMatchHolds } from '../pure/if-match.js';
import type { Clock } from '../core/ports.js';
import { nfc } from '../core/model.js';
import type { RepoResult } from './bc-contact-rows.js';
import { FACADE_COUNTRIES_REGIONS } from './bc-countries-regions.js';
import type { CountryRegionRow } from './bc-countries-regions.js';
import type { Db } from './db.js';

/**
 * A company's Country/Region table (BC table 9, API v2.0 `countriesRegions`, F41): the seeded ISO
 * rows with the company's own changes over them (migration 013). BC's rules for a write: `code` is
 * Code[10] (upper-cased, not blank, unique in the company), `displayName` is Text[50].
 */

const COUNTRY_CODE_MAX = 10;
const COUNTRY_NAME_MAX = 50;

/** A stored row's version: the etag's content, so a write against an older read is refused. */
export interface CountryRegionVersioned extends CountryRegionRow {
  readonly rowVersion: number;
}

interface OverlayRow {
  id: string;
  code: string;
  display_name: string;
  deleted: boolean;
  row_version: string | number;
  last_modified: string | Date;
}

const iso = (t: string | Date): string => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

/** A stored row as the table lists and answers it (the key lower-cased, the time as ISO text). */
const rowOf = (o: OverlayRow): CountryRegionVersioned => ({
  id: o.id.toLowerCase(),
  code: o.code,
  displayName: o.display_name,
  lastModifiedDateTime: iso(o.last_modified),
  rowVersion: Number(o.row_version),
});

/** Every row the company sees, sorted by code (as BC lists its primary key). */
export async function listCountryTable(db: Db, companyId: string): Promise<CountryRegionVersioned[]> {
  const r = await db.query<OverlayRow>(
    'SELECT id, code, display_name, deleted, row_version, last_modified FROM bc_countries_regions WHERE company_id = $1',
    [companyId],
  );
  const own = new Map(r.rows.map((o) => [o.id.toLowerCase(), o]));
  const rows: CountryRegionVersioned[] = FACADE_COUNTRIES_REGIONS.filter((s) => !own.has(s.id)).map((s) => ({
    ...s,
    rowVersion: 0,
  }));
  for (const o of own.values()) if (!o.deleted) rows.push(rowOf(o));
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The company's codes: what a contact's Country/Region Code must be one of. */
export async function countryCodesOf(db: Db, companyId: string): Promise<Set<string>> {
  return new Set((await listCountryTable(db, companyId)).map((r) => r.code));
}

export interface CountryWrite {
  readonly code?: string;
  readonly displayName?: string;
}

type Checked = { ok: true; code: string; displayName: string } | { ok: false; error: RepoResult<never> };

const invalid = (message: string, field: string, length?: number, max?: number): Checked => ({
  ok: false,
  error: {
    ok: false,
    error: {
      kind: 'invalid',
      message,
      reason: null,
      ...(length !== undefined && max !== undefined ? { tooLong: { field, length, max } } : {}),
    },
  },
});

/** BC's length refusal (Application_StringExceededLength words) when `value` is over `max`. */
function longer(value: string, field: 'code' | 'displayName', max: number): Checked | null {
  if (value.length <= max) return null;
  return invalid(
    `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`,
    field,
    value.length,
    max,
  );
}

/** BC's field rules for the row a write would leave (`taken`: the other rows' codes). */
function check(code: string, displayName: string, taken: ReadonlySet<string>): Checked {
  const c = nfc(code).trim().toUpperCase();
  const name = nfc(displayName);
  if (c === '') return invalid('The field Code of table Country/Region must have a value.', 'code');
  const tooLong = longer(c, 'code', COUNTRY_CODE_MAX) ?? longer(name, 'displayName', COUNTRY_NAME_MAX);
  if (tooLong) return tooLong;
  if (taken.has(c))
    return {
      ok: false,
      error: {
        ok: false,
        error: {
          kind: 'exists',
          message: `The record in table Country/Region already exists. Identification fields and values: Code='${c}'`,
        },
      },
    };
  return { ok: true, code: c, displayName: name };
}

/** One writer per company at a time: the uniqueness check and the write see the same table. */
async function lockCompany(tx: Db, companyId: string): Promise<void> {
  await tx.query('SELECT id FROM companies WHERE id = $1 FOR UPDATE', [companyId]);
}

async function upsert(
  tx: Db,
  clock: Clock,
  companyId: string,
  row: { id: string; code: string; displayName: string; deleted: boolean },
) {
  const r = await tx.query<OverlayRow>(
    `INSERT INTO bc_countries_regions (company_id, id, code, display_name, deleted, row_version, last_modified)
     VALUES ($1, $2, $3, $4, $5, 1, $6)
     ON CONFLICT (company_id, id) DO UPDATE SET code = EXCLUDED.code, display_name = EXCLUDED.display_name,
       deleted = EXCLUDED.deleted, row_version = bc_countries_regions.row_version + 1, last_modified = EXCLUDED.last_modified
     RETURNING id, code, display_name, deleted, row_version, last_modified`,
    [companyId, row.id, row.code, row.displayName, row.deleted, clock.now()],
  );
  return rowOf(r.rows[0]!);
}

export async function insertCountryRegion(
  db: Db,
  clock: Clock,
  companyId: string,
  body: CountryWrite,
): Promise<RepoResult<CountryRegionVersioned>> {
  return db.transaction(async (tx) => {
    await lockCompany(tx, companyId);
    const rows = await listCountryTable(tx, companyId);
    const c = check(body.code ?? '', body.displayName ?? '', new Set(rows.map((r) => r.code)));
    if (!c.ok) return c.error;
    const value = await upsert(tx, clock, companyId, { id: randomUUID(), ...c, deleted: false });
    return { ok: true, value };
  });
}

/** `ifMatch`: the row's etag or `*`; `versionOf` reads the row version an etag names for a row id (null: not one of that row). */
export async function updateCountryRegion(
  db: Db,
  clock: Clock,
  companyId: string,
  id: string,
  ifMatch: string,
  versionOf: (etag: string, id: string) => number | null,
  body: CountryWrite | null,
): Promise<RepoResult<CountryRegionVersioned | null>> {
  return db.transaction(async (tx) => {
    await lockCompany(tx, companyId);
    const rows = await listCountryTable(tx, companyId);
    const current = rows.find((r) => r.id === id.toLowerCase());
    if (!current)
      return { ok: false, error: { kind: 'notFound', message: `The countryRegion '${id}' does not exist.` } };
    if (!ifMatchHolds(ifMatch, (tag) => versionOf(tag, current.id) === current.rowVersion))
      return { ok: false, error: { kind: 'stale', message: 'Another user has already changed the record.' } };
    if (body === null) {
      await upsert(tx, clock, companyId, { ...current, deleted: true });
      return { ok: true, value: null };
    }
    const others = new Set(rows.filter((r) => r.id !== current.id).map((r) => r.code));
    const c = check(body.code ?? current.code, body.displayName ?? current.displayName, others);
    if (!c.ok) return c.error;
    return { ok: true, value: await upsert(tx, clock, companyId, { id: current.id, ...c, deleted: false }) };
  });
}
