import { ownTable } from '../core/own-table.js';
import { SYNC_FIELDS } from '../core/model.js';
import type { BcContact, ContactType, SyncFieldName, SyncFields } from '../core/model.js';
import type { SkipReason } from '../core/skip-records.js';
import { iso } from './bc-repository-companies.js';

/**
 * The shapes of the facade's BC contact storage (table `bc_contacts`): what a write may carry,
 * how a result or refusal looks, the SQL columns of the facade's fields, and how a row becomes a
 * BcContact with its etag. Reads are in bc-contact-reads.ts, writes in bc-contact-writes.ts (what a
 * write accepts: bc-contact-checks.ts).
 */

/** The writable contact fields (what POST and PATCH may carry). */
export type ContactWrite = Partial<
  SyncFields &
    Pick<BcContact, 'type' | 'companyNumber' | 'territoryCode' | 'salespersonCode' | 'privacyBlocked'>
>;

export type RepoError =
  | { readonly kind: 'notFound'; readonly message: string }
  | { readonly kind: 'stale'; readonly message: string }
  /** A key already taken (a Country/Region code, F41). */
  | { readonly kind: 'exists'; readonly message: string }
  | {
      readonly kind: 'invalid';
      readonly message: string;
      readonly reason: SkipReason | null;
      /** A value past its field's length in a field the sync does not carry (a Code field). */
      readonly tooLong?: { readonly field: string; readonly length: number; readonly max: number };
    };

export type RepoResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RepoError };

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Facade field → SQL column, for every column a query may filter or sort on. */
export const CONTACT_COLUMNS: Readonly<Record<string, string>> = ownTable({
  id: 'id',
  number: 'number',
  type: 'type',
  companyNumber: 'company_number',
  territoryCode: 'territory_code',
  salespersonCode: 'salesperson_code',
  privacyBlocked: 'privacy_blocked',
  lastModifiedDateTime: 'last_modified',
  ...Object.fromEntries(SYNC_FIELDS.map((f) => [f, snake(f)])),
});

/** A WHERE fragment built against a parameter allocator, so callers never splice values into SQL. */
export type SqlCondition = (param: (value: unknown) => string) => string;

export interface ContactQuery {
  readonly where?: SqlCondition;
  /** Facade field names (keys of CONTACT_COLUMNS); id breaks ties so pages are stable. */
  readonly orderBy?: readonly { readonly field: string; readonly desc: boolean }[];
  readonly top?: number;
  readonly skip?: number;
  /**
   * Keyset paging (the API's `$skiptoken`): rows strictly after this position, its values one per
   * ORDER BY term of the read (`orderBy`'s fields then id; by default number then id).
   */
  readonly after?: readonly unknown[];
}

export interface ContactRow extends Record<SyncFieldName, string> {
  id: string;
  number: string;
  type: ContactType;
  company_number: string;
  territory_code: string;
  salesperson_code: string;
  privacy_blocked: boolean;
  row_version: string;
  last_modified: Date | string;
}

/** A contact row's columns as ContactRow names them (a SELECT's list, or a write's RETURNING). */
/**
 * last_modified as the API writes it (toISOString's form, milliseconds cut as the drivers' Date cut
 * them: floor of the microseconds / 1000), made by the server: the drivers parsed each row's
 * timestamptz into a Date and toContact formatted it back, 6% of the facade's CPU on a full read of
 * 50,000 (issue 12). Only an output column: WHERE and ORDER BY of the statements that select these
 * columns name the table's column (`ORDER BY last_modified` would take this text: none does).
 */
const LAST_MODIFIED_TEXT = `to_char(last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** toISOString's form for the years 1000–9999 (the server's clock writes them); anything else goes through iso. */
const ISO_MS = /^[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The row's last_modified as the API's text: as read when the server made it so, else through iso. */
function isoText(v: Date | string): string {
  return typeof v === 'string' && ISO_MS.test(v) ? v : iso(v);
}

export const CONTACT_ROW_COLUMNS = `id::text AS id, number, type, company_number, territory_code, salesperson_code,
  privacy_blocked, row_version::text AS row_version, ${LAST_MODIFIED_TEXT} AS last_modified,
  ${SYNC_FIELDS.map((f) => (snake(f) === f ? f : `${snake(f)} AS "${f}"`)).join(', ')}`;

export const SELECT_CONTACT = `SELECT ${CONTACT_ROW_COLUMNS}
  FROM bc_contacts`;

/** BC-style opaque weak etag (`W/"JzE2Oz…Jyc="`); it carries the row version so a write can check it. */
function contactEtag(id: string, rowVersion: string | number): string {
  const inner = `${rowVersion}:${id}`;
  return `W/"${Buffer.from(`'${inner.length};${inner};'`).toString('base64')}"`;
}

/** The row version an etag names for this id, or null when it is not one of ours for this contact. */
export function rowVersionOfEtag(etag: string, id: string): number | null {
  const m = /^W\/"([A-Za-z0-9+/=]+)"$/.exec(etag.trim());
  if (!m?.[1]) return null;
  const decoded = /^'\d+;(\d+):([0-9a-f-]{36});'$/.exec(Buffer.from(m[1], 'base64').toString('utf8'));
  if (!decoded?.[1] || decoded[2] !== id.toLowerCase()) return null;
  return Number(decoded[1]);
}

/** One literal, not a spread plus properties: see toBcContact (one hidden class for every row, issue 12 §2). */
export function toContact(r: ContactRow): BcContact {
  return {
    displayName: r.displayName,
    firstName: r.firstName,
    middleName: r.middleName,
    surname: r.surname,
    initials: r.initials,
    jobTitle: r.jobTitle,
    companyName: r.companyName,
    email: r.email,
    email2: r.email2,
    phoneNumber: r.phoneNumber,
    mobilePhoneNumber: r.mobilePhoneNumber,
    faxNumber: r.faxNumber,
    website: r.website,
    addressLine1: r.addressLine1,
    addressLine2: r.addressLine2,
    city: r.city,
    state: r.state,
    postalCode: r.postalCode,
    country: r.country,
    id: r.id,
    number: r.number,
    type: r.type,
    companyNumber: r.company_number,
    territoryCode: r.territory_code,
    salespersonCode: r.salesperson_code,
    privacyBlocked: r.privacy_blocked,
    lastModifiedDateTime: isoText(r.last_modified),
    etag: contactEtag(r.id, r.row_version),
  };
}
