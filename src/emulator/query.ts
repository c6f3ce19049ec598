import { shownInput } from '../platform/shown-input.js';
import { foldEmailCase } from '../pure/email-fold.js';
import { CONTACT_PROPERTIES } from './contact-model.js';
import { badRequest } from './errors.js';

/** OData query options the emulator understands; anything else on a collection is ignored like Graph's unknown custom options. */
export interface ListQuery {
  select: string[] | null;
  top: number | null;
  skip: number;
  orderBy: { property: string; descending: boolean } | null;
}

const MAX_TOP = 1000;

/** Reads a `$`-option; Graph also accepts the keys without the dollar sign. */
export function option(query: URLSearchParams, name: string): string | null {
  return query.get(`$${name}`) ?? query.get(name);
}

export function parseSelect(raw: string | null, allowed: ReadonlySet<string>, type: string): string[] | null {
  if (raw === null || raw.trim() === '') return null;
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!allowed.has(name))
      throw badRequest(`Could not find a property named '${shownInput(name)}' on type '${type}'.`);
  }
  return names;
}

function parseCount(raw: string | null, name: string): number | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw.trim()))
    throw badRequest(`Invalid value '${shownInput(raw)}' for query option $${name}.`);
  return Number(raw);
}

export function parseListQuery(
  query: URLSearchParams,
  allowed: ReadonlySet<string>,
  type: string,
): ListQuery {
  const top = parseCount(option(query, 'top'), 'top');
  if (top !== null && (top < 1 || top > MAX_TOP)) {
    throw badRequest(
      `The value of $top must be between 1 and ${MAX_TOP}; it was ${top}.`,
      'ErrorInvalidUrlQuery',
    );
  }
  const orderRaw = option(query, 'orderby');
  let orderBy: ListQuery['orderBy'] = null;
  if (orderRaw) {
    const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(orderRaw);
    if (!match?.[1] || !allowed.has(match[1]))
      throw badRequest(`The $orderby expression '${shownInput(orderRaw)}' is not supported.`);
    orderBy = { property: match[1], descending: match[2]?.toLowerCase() === 'desc' };
  }
  return {
    select: parseSelect(option(query, 'select'), allowed, type),
    top,
    skip: parseCount(option(query, 'skip'), 'skip') ?? 0,
    orderBy,
  };
}

/** Unescapes an OData string literal body ('' stands for one quote). */
function literal(body: string): string {
  return body.replace(/''/g, "'");
}

const LITERAL = "'((?:[^']|'')*)'";

/** Folders support only `displayName eq '...'`. Returns the name, or null when no filter was given. */
export function parseFolderFilter(raw: string | null): string | null {
  if (raw === null) return null;
  const match = new RegExp(`^\\s*displayName\\s+eq\\s+${LITERAL}\\s*$`).exec(raw);
  if (!match || match[1] === undefined) throw invalidFilter(raw);
  return literal(match[1]);
}

/**
 * A contact list's `$filter`: by e-mail address, or by an extended property's value.
 * `address` is case-folded by the one e-mail folding (pure/email-fold.ts: upper-case semantics, as
 * Exchange's ordinal case-blind compare; toLowerCase folded ΣΟΦΙΑΣ apart from the engine's key
 * σοφιασ); an extended property's `id` is lower-cased (ids compare
 * case-insensitively, as in `$expand`) and its `value` is kept as sent.
 */
export type ContactFilter =
  | { readonly kind: 'email'; readonly address: string }
  | { readonly kind: 'extended'; readonly id: string; readonly value: string };

/**
 * Contacts support `emailAddresses/any(a:a/address eq '...')` and
 * `singleValueExtendedProperties/any(ep:ep/id eq '...' and ep/value eq '...')` (Graph:
 * singlevaluelegacyextendedproperty-get, "Get resource instances that include extended properties
 * matching a filter": contact is a supported resource; the lambda is written `Any` there). Anything
 * else is refused, as Graph refuses filters it does not support.
 */
export function parseContactFilter(raw: string | null): ContactFilter | null {
  if (raw === null) return null;
  const email = new RegExp(
    `^\\s*emailAddresses/any\\(\\s*(\\w+)\\s*:\\s*(\\w+)/address\\s+eq\\s+${LITERAL}\\s*\\)\\s*$`,
  ).exec(raw);
  if (email && email[1] === email[2] && email[3] !== undefined)
    return { kind: 'email', address: foldEmailCase(literal(email[3])) };
  const extended = new RegExp(
    `^\\s*singleValueExtendedProperties/any\\(\\s*(\\w+)\\s*:\\s*(\\w+)/id\\s+eq\\s+${LITERAL}` +
      `\\s+and\\s+(\\w+)/value\\s+eq\\s+${LITERAL}\\s*\\)\\s*$`,
    'i',
  ).exec(raw);
  const [, v, v1, id, v2, value] = extended ?? [];
  if (v !== undefined && v === v1 && v === v2 && id !== undefined && value !== undefined)
    return { kind: 'extended', id: literal(id).toLowerCase(), value: literal(value) };
  throw invalidFilter(raw);
}

function invalidFilter(raw: string): Error {
  return badRequest(`The query filter '${shownInput(raw)}' is not supported.`, 'ErrorInvalidUrlQueryFilter');
}

/**
 * `$expand=singleValueExtendedProperties($filter=id eq '...' [or id eq '...'])`; returns the
 * lower-cased property ids, or null when nothing is expanded.
 */
export function parseExtendedExpand(raw: string | null): string[] | null {
  if (raw === null || raw.trim() === '') return null;
  const match = /^\s*singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.+)\)\s*$/i.exec(raw);
  if (!match?.[1]) throw badRequest(`The $expand expression '${shownInput(raw)}' is not supported.`);
  const ids: string[] = [];
  for (const clause of match[1].split(/\s+or\s+/i)) {
    const idMatch = new RegExp(`^\\s*id\\s+eq\\s+${LITERAL}\\s*$`, 'i').exec(clause);
    if (!idMatch || idMatch[1] === undefined)
      throw badRequest(`The $expand expression '${shownInput(raw)}' is not supported.`);
    ids.push(literal(idMatch[1]).toLowerCase());
  }
  return ids;
}

export const CONTACT_SELECTABLE = CONTACT_PROPERTIES;
export const FOLDER_SELECTABLE: ReadonlySet<string> = new Set(['id', 'displayName', 'parentFolderId']);

/** Rebuilds a query string with `$`-keys kept readable, for nextLinks that carry every original option. */
export function buildQueryString(params: [string, string][]): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
