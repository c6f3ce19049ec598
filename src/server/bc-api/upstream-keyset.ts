import { CONTACT_FIELDS } from './contact-fields.js';
import { orderFields } from './contact-position.js';
import type { ContactPosition } from './contact-position.js';
import type { KeyValue } from './keyset.js';
import type { OrderTerm } from './odata-query.js';

/*
 * Keyset paging against a tenant (keyset.ts): the facade's nextLink names the last contact's
 * position, and the next page asks the tenant for the contacts after it with a `$filter` in the
 * read's order. The order ends with `number` (Contact "No.", BC's primary key: unique), which
 * BC also sorts by when no `$orderby` is given.
 */

/** The tenant's `$orderby` for a read: its terms, then `number` unless already there; null: BC's own (number). */
export function tenantOrderBy(orderBy: readonly OrderTerm[]): string | null {
  if (orderBy.length === 0) return null;
  const terms = orderBy.some((o) => o.field === 'number')
    ? orderBy
    : [...orderBy, { field: 'number', desc: false }];
  return terms.map((o) => `${o.field} ${o.desc ? 'desc' : 'asc'}`).join(',');
}

function literal(field: string, v: KeyValue): string {
  if (typeof v === 'boolean') return String(v);
  const type = CONTACT_FIELDS[field]?.type;
  return type === 'guid' || type === 'datetime' ? v : `'${v.replaceAll("'", "''")}'`;
}

/** `field` past `v` in its direction; null when no value is (a boolean at its end). */
function past(field: string, desc: boolean, v: KeyValue): string | null {
  if (typeof v !== 'boolean') return `${field} ${desc ? 'lt' : 'gt'} ${literal(field, v)}`;
  // Booleans compare with eq/ne only (odata-sql.ts); false < true.
  if (v === desc) return `${field} eq ${String(!v)}`;
  return null;
}

/** The `$filter` text for the rows after `after` in the tenant's order (see tenantOrderBy). */
export function afterFilter(orderBy: readonly OrderTerm[], after: ContactPosition): string {
  const fields = orderFields(orderBy);
  const terms = fields.map((o, i) => ({ ...o, value: after.values[i]! }));
  if (!fields.some((o) => o.field === 'number'))
    terms.push({ field: 'number', desc: false, value: after.number });
  const cut = terms.findIndex((t) => t.field === 'number');
  const disjuncts = terms.slice(0, cut + 1).flatMap((t, k) => {
    const last = past(t.field, t.desc, t.value);
    if (last === null) return [];
    const equal = terms.slice(0, k).map((e) => `${e.field} eq ${literal(e.field, e.value)}`);
    return [[...equal, last].join(' and ')];
  });
  return disjuncts.map((d) => `(${d})`).join(' or ');
}
