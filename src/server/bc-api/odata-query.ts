import { shownInput } from '../../platform/shown-input.js';
import type { HttpError } from '../http-error.js';
import { optionError, targeted, unsupportedOption } from './option-error.js';
import { nonNegativeInt } from './paging.js';
import { CONTACT_FIELDS } from './contact-fields.js';
import {
  ODATA_FILTER_LIMITS,
  ODataLimitError,
  ODataNumberError,
  ODataSyntaxError,
  parseFilter,
} from './odata-filter.js';
import type { FilterNode } from './odata-filter.js';
import { filterToSql, unknownProperty } from './odata-sql.js';
import { parseContactSkiptoken } from './contact-position.js';
import type { ContactPosition } from './contact-position.js';

export interface OrderTerm {
  readonly field: string;
  readonly desc: boolean;
}

/** The query options of a contacts read, checked; the raw text is kept for upstream pass-through. */
export interface ContactListQuery {
  readonly filter: { readonly text: string; readonly node: FilterNode } | null;
  readonly orderBy: readonly OrderTerm[];
  readonly select: readonly string[] | null;
  readonly top: number | null;
  /** `$skip`: an offset a client asked for (the engine's readInFull lanes read by it on purpose). */
  readonly skip: number;
  /** `$skiptoken` (from a nextLink): the page starts after this row of the read's order (keyset.ts). */
  readonly after: ContactPosition | null;
}

const SUPPORTED = new Set(['$filter', '$select', '$orderby', '$top', '$skip', '$skiptoken', '$deltatoken']);

/**
 * Parses and checks `$filter`, translating syntax errors to BC's 400 with the position.
 * @internal
 */
export function checkedFilter(text: string): { text: string; node: FilterNode } {
  try {
    const node = parseFilter(text);
    filterToSql(node); // type and property checks, so every source refuses the same filters
    return { text, node };
  } catch (e) {
    if (e instanceof ODataNumberError)
      throw optionError(
        e.option,
        `The number ${shownInput(e.literal)} at position ${e.position} in '${e.option}' is too large to represent; numbers must be finite.`,
        { code: 'BadRequest_NumberOutOfRange', position: e.position },
      );
    if (e instanceof ODataSyntaxError) throw optionError(e.option, e.message, { position: e.position });
    if (e instanceof ODataLimitError) throw limitError(e);
    // filterToSql's refusals (an unknown property, a value of the wrong type) name no position.
    throw targeted(e, '$filter');
  }
}

function limitError(e: ODataLimitError): HttpError {
  // A nesting limit is passed at a place in the text; a length limit by the whole of it.
  return optionError(e.option, e.message, {
    code: 'BadRequest_QueryTooComplex',
    ...(e.limit === 'nesting' ? { position: e.position } : {}),
  });
}

/** The comma-separated items of `text`, each with where it starts (for an error's position). */
function items(text: string): { item: string; at: number }[] {
  let at = 0;
  return text.split(',').map((raw) => {
    const start = at + (raw.length - raw.trimStart().length);
    at += raw.length + 1;
    return { item: raw.trim(), at: start };
  });
}

function parseSelect(text: string): string[] {
  return items(text).map(({ item: f, at }) => {
    if (f === '')
      throw optionError(
        '$select',
        `Syntax error in '$select': an empty property name in '${shownInput(text)}'.`,
        {
          position: at,
        },
      );
    if (!CONTACT_FIELDS[f]) throw targeted(unknownProperty(f), '$select', at);
    return f;
  });
}

/** @internal */
export function parseOrderBy(text: string): OrderTerm[] {
  return items(text).map(({ item: term, at }) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/.exec(term);
    if (!m?.[1])
      throw optionError(
        '$orderby',
        `Syntax error in '$orderby': '${shownInput(term)}' is not 'property [asc|desc]'.`,
        {
          position: at,
        },
      );
    const info = CONTACT_FIELDS[m[1]];
    if (!info) throw targeted(unknownProperty(m[1]), '$orderby', at);
    if (!info.queryable)
      throw optionError(
        '$orderby',
        `The property '${shownInput(m[1] ?? '')}' cannot be used in $filter or $orderby.`,
        {
          position: at,
        },
      );
    return { field: m[1], desc: m[2] === 'desc' };
  });
}

/** `$select` and `$orderby` are bounded like `$filter` (issue 10 §3), checked before any splitting. */
const BOUNDED_OPTIONS = ['$select', '$orderby'] as const;

/** Reads the OData options of a contacts list; any `$` option we do not serve is a 400, never ignored. */
export function parseContactQuery(query: Readonly<Record<string, string | undefined>>): ContactListQuery {
  for (const key of Object.keys(query)) {
    if (key.startsWith('$') && !SUPPORTED.has(key)) throw unsupportedOption(key);
  }
  for (const option of BOUNDED_OPTIONS) {
    const text = query[option];
    if (text !== undefined && text.length > ODATA_FILTER_LIMITS.length)
      throw limitError(new ODataLimitError(option, 'length', ODATA_FILTER_LIMITS.length, text.length));
  }
  const filter =
    query.$filter !== undefined && query.$filter.trim() !== '' ? checkedFilter(query.$filter) : null;
  const orderBy =
    query.$orderby !== undefined && query.$orderby.trim() !== '' ? parseOrderBy(query.$orderby) : [];
  return {
    filter,
    orderBy,
    select: query.$select !== undefined && query.$select.trim() !== '' ? parseSelect(query.$select) : null,
    top: query.$top !== undefined ? nonNegativeInt('$top', query.$top) : null,
    skip: query.$skip !== undefined ? nonNegativeInt('$skip', query.$skip) : 0,
    after: query.$skiptoken !== undefined ? parseContactSkiptoken(query.$skiptoken, orderBy) : null,
  };
}

/** `Prefer` asks for change tracking (among other preferences); see store/bc-delta-token.ts. */
export function wantsTracking(prefer: string | string[] | undefined): boolean {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(?:^|[,;\s])odata\.track-changes(?:$|[,;\s])/i.test(text);
}
