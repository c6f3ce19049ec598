import type { BcContact } from '../../core/model.js';
import { CONTACT_FIELDS, contactToApi } from './contact-fields.js';
import { decodeSkiptoken, encodeSkiptoken } from './keyset.js';
import type { KeyKind, KeyValue } from './keyset.js';
import type { OrderTerm } from './odata-query.js';

/**
 * Where a page of contacts ended (keyset.ts): the last row's values of the read's order fields
 * (`$orderby`'s, else `number`), then its `number` and `id`. Each source breaks ties with what is
 * unique where it reads: the facade's store with `id` (its order: fields, then id), a tenant
 * upstream with `number` (BC's primary key "No."; a GUID's order differs between SQL Server and
 * text, so the tenant is never asked to compare ids).
 */
export interface ContactPosition {
  readonly values: readonly KeyValue[];
  readonly number: string;
  readonly id: string;
}

/** The fields a read is ordered by before its tie-break: `$orderby`'s, else BC's key `number`. */
export function orderFields(orderBy: readonly OrderTerm[]): OrderTerm[] {
  return orderBy.length > 0 ? [...orderBy] : [{ field: 'number', desc: false }];
}

function kindOf(field: string): KeyKind {
  const type = CONTACT_FIELDS[field]?.type;
  // Only queryable fields reach an order (odata-query.ts parseOrderBy); none of them is a date.
  return type === 'guid' || type === 'boolean' || type === 'datetime' ? type : 'string';
}

/** The `$skiptoken` of the page that ends with `last`. */
export function contactSkiptoken(last: BcContact, orderBy: readonly OrderTerm[]): string {
  const api: Readonly<Record<string, unknown>> = contactToApi(last, last.etag);
  const values = orderFields(orderBy).map((o) => api[o.field] as KeyValue);
  return encodeSkiptoken([...values, last.number, last.id]);
}

/** The position a `$skiptoken` names for a read in this order; a 400 for any other text. */
export function parseContactSkiptoken(text: string, orderBy: readonly OrderTerm[]): ContactPosition {
  const fields = orderFields(orderBy);
  const all = decodeSkiptoken(text, [...fields.map((o) => kindOf(o.field)), 'string', 'guid']);
  return {
    values: all.slice(0, fields.length),
    number: all[fields.length] as string,
    id: all[fields.length + 1] as string,
  };
}
