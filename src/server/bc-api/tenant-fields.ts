import { shownInput } from '../../platform/shown-input.js';
/**
 * Which contact fields a Business Central tenant's API exposes, read from its `$metadata` (OData
 * CSDL), and the mapping between a tenant's contact JSON and the facade's shape under that set
 * (issue 11 §2). The standard API v2.0 `contact` (page 30071, reference §5) has no First Name,
 * Middle Name, Surname, Initials, E-Mail 2 or Fax No.; newer versions add `jobTitle`; a tenant with
 * a custom or extended API may expose more. Every synced field the tenant has is read and written;
 * one it lacks reads blank and is never sent.
 */
import type { BcContact, ContactType } from '../../core/model.js';
import type { ContactWrite } from '../../store/bc-repository.js';
import { NO_NAME_PARTS, composeDisplayName, splitDisplayName } from './upstream-names.js';
import { HttpError } from '../http-error.js';
import type { ContactListQuery } from './odata-query.js';
import { filterProperties } from './odata-sql.js';
import { afterFilter, tenantOrderBy } from './upstream-keyset.js';

/** Text fields every API v2.0 tenant has (page 30071). */
const STANDARD_TEXT = [
  'number',
  'displayName',
  'companyNumber',
  'companyName',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'country',
  'postalCode',
  'phoneNumber',
  'mobilePhoneNumber',
  'email',
  'website',
] as const;

/**
 * Facade fields a tenant may or may not expose, all text.
 * @internal
 */
export const OPTIONAL_FIELDS = [
  'firstName',
  'middleName',
  'surname',
  'initials',
  'jobTitle',
  'email2',
  'faxNumber',
  'territoryCode',
  'salespersonCode',
] as const;
type OptionalField = (typeof OPTIONAL_FIELDS)[number];

const NAME_PARTS = ['firstName', 'middleName', 'surname'] as const;

/** The contact properties one tenant exposes (names as in its `$metadata`). */
export interface TenantFields {
  readonly has: ReadonlySet<string>;
}

/** A tenant whose `$metadata` shows the standard page 30071 only (also the fallback without one). */
export const STANDARD_TENANT: TenantFields = {
  has: new Set<string>([...STANDARD_TEXT, 'id', 'type', 'privacyBlocked', 'lastModifiedDateTime']),
};

/**
 * The properties of the entity type `contact` in a CSDL document; null when the document declares
 * no such type (not BC's API, or an error page). BC's API v2.0 names its entity types in lower
 * camel case in namespace Microsoft.NAV.
 */
export function parseContactProperties(csdlXml: string): TenantFields | null {
  const type = /<EntityType\s+Name="contact"[^>]*>([\s\S]*?)<\/EntityType>/.exec(csdlXml);
  if (!type) return null;
  const has = new Set<string>();
  for (const m of type[1]!.matchAll(/<Property\s+Name="([A-Za-z0-9_]+)"/g)) has.add(m[1]!);
  return has.has('id') && has.has('displayName') ? { has } : null;
}

/** Whether the tenant carries name parts itself; without any, they are derived from the name. */
const hasNameParts = (fields: TenantFields) => NAME_PARTS.some((f) => fields.has.has(f));

type Json = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A tenant's contact JSON in the facade's shape; a field the tenant lacks reads blank. */
export function contactFromTenant(j: Json, fields: TenantFields): BcContact {
  const type: ContactType = j.type === 'Company' ? 'Company' : 'Person';
  const displayName = text(j.displayName);
  const standard = Object.fromEntries(STANDARD_TEXT.map((f) => [f, text(j[f])])) as Record<
    (typeof STANDARD_TEXT)[number],
    string
  >;
  const optional = Object.fromEntries(
    OPTIONAL_FIELDS.map((f) => [f, fields.has.has(f) ? text(j[f]) : '']),
  ) as Record<OptionalField, string>;
  // BC's standard API has only Name: the parts come from it (a company has none).
  const derived = hasNameParts(fields)
    ? {}
    : type === 'Person'
      ? splitDisplayName(displayName)
      : NO_NAME_PARTS;
  return {
    ...standard,
    ...optional,
    ...derived,
    id: text(j.id),
    type,
    privacyBlocked: j.privacyBlocked === true,
    lastModifiedDateTime: text(j.lastModifiedDateTime),
    etag: text(j['@odata.etag']),
  };
}

/** Whether a write changes only derived name parts, so the current name is needed to compose it. */
export function needsCurrentName(body: ContactWrite, fields: TenantFields): boolean {
  return (
    !hasNameParts(fields) && body.displayName === undefined && NAME_PARTS.some((f) => body[f] !== undefined)
  );
}

/**
 * The body the tenant accepts: only fields it has (`number` is read-only in the facade); on a
 * tenant without name parts, parts written without a name become the name.
 */
export function contactToTenant(body: ContactWrite, current: Json | null, fields: TenantFields): Json {
  const out: Json = {};
  const writable = [
    ...STANDARD_TEXT.filter((f) => f !== 'number'),
    ...OPTIONAL_FIELDS,
    'type',
    'privacyBlocked',
  ] as const;
  for (const f of writable) if (body[f] !== undefined && fields.has.has(f)) out[f] = body[f];
  if (needsCurrentName(body, fields)) {
    const now = splitDisplayName(text(current?.displayName));
    const composed = composeDisplayName({
      firstName: body.firstName ?? now.firstName,
      middleName: body.middleName ?? now.middleName,
      surname: body.surname ?? now.surname,
    });
    if (composed !== '') out.displayName = composed;
  }
  return out;
}

/** Our parsed options back to text, refusing fields this tenant cannot filter or sort on. */
export function passThrough(
  query: ContactListQuery,
  limit: number | null,
  fields: TenantFields,
): Record<string, string> {
  const used = [
    ...(query.filter ? filterProperties(query.filter.node) : []),
    ...query.orderBy.map((o) => o.field),
  ];
  const missing = used.find((f) => !fields.has.has(f));
  if (missing) {
    throw new HttpError(
      400,
      'BadRequest',
      `The property '${shownInput(missing)}' is not available from this Business Central tenant's API, so it cannot be used in $filter or $orderby.`,
    );
  }
  const out: Record<string, string> = {};
  // A nextLink's position (keyset.ts) is asked of the tenant as a filter in a total order.
  const after = query.after ? afterFilter(query.orderBy, query.after) : null;
  const filters = [query.filter?.text, after].filter((f) => f != null);
  if (filters.length > 0)
    out.$filter = filters.length === 1 ? filters[0]! : filters.map((f) => `(${f})`).join(' and ');
  const orderBy = tenantOrderBy(query.orderBy);
  if (orderBy !== null) out.$orderby = orderBy;
  if (limit !== null) out.$top = String(limit);
  if (query.skip > 0) out.$skip = String(query.skip);
  return out;
}
