import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import { HttpError } from '../http-error.js';
import type { BcSource } from './bc-source.js';
import { contactToApi } from './contact-fields.js';
import { contactsDeltaLink, deltaTokenAt } from '../../store/bc-delta-token.js';
import { parseContactQuery, wantsTracking } from './odata-query.js';
import { nextLink, pageSizeFor, planPage } from './paging.js';
import { contactSkiptoken } from './contact-position.js';
import { mapInSlices } from '../../platform/loop-turns.js';

export type Query = Record<string, string | undefined>;

/** One read of a company's contacts: where it came from and what answers it. */
export interface ContactRead {
  readonly source: BcSource;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** The company's id (lower case GUID). */
  readonly cid: string;
  /** The absolute URL of the service root, e.g. `https://host/api/v2.0`. */
  readonly base: string;
  /** The server's Max Page Size (paging.ts); `Prefer: odata.maxpagesize` only lowers it. */
  readonly maxPageSize: number;
}

export const etagged = (etag: string, entity: Record<string, unknown>) => ({
  '@odata.etag': etag,
  ...entity,
});

/** A contact as the API answers it: the etag first, then every field or the `$select`ed ones. */
export function contactEntity(c: BcContact, select: readonly string[] | null): Record<string, unknown> {
  const full = contactToApi(c, c.etag);
  if (!select) return full;
  const picked: Record<string, unknown> = { '@odata.etag': c.etag };
  for (const f of select) picked[f] = full[f];
  return picked;
}

const contextOf = (r: ContactRead) => `${r.base}/$metadata#companies(${r.cid})/contacts`;
const collectionUrl = (r: ContactRead) => `${r.base}/companies(${r.cid})/contacts`;

/** A page of contacts as the list answers it (schemas.ts ContactCollection). */
interface ContactPage {
  '@odata.context': string;
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * GET contacts: paging by `$skiptoken` (the last row's key, keyset.ts), `Prefer: odata.maxpagesize`,
 * and change tracking on request.
 */
export async function listContacts(r: ContactRead, query: Query) {
  const { trackfrom, ...odata } = query;
  // A delta's $skiptoken is its own position (changesSince), not a place in the list's order.
  if (odata.$deltatoken !== undefined) return delta(r, odata);
  const q = parseContactQuery(odata);
  // Change tracking: the start is taken before the first page is read and travels in the nextLinks.
  const tracking =
    trackfrom ??
    (wantsTracking(r.request.headers.prefer) ? deltaTokenAt(await r.source.serverTime()) : undefined);
  const { size, applied: sizeApplied } = pageSizeFor(r.request.headers.prefer, r.maxPageSize);
  const applied = [
    ...(tracking !== undefined ? ['odata.track-changes'] : []),
    ...(sizeApplied !== null ? [sizeApplied] : []),
  ];
  if (applied.length > 0) r.reply.header('preference-applied', applied.join(', '));
  const { take, fetch, owedAfter } = planPage(q.top, size);
  const fetched = await r.source.listContacts(r.cid, q, fetch);
  const page = fetched.slice(0, take);
  const context = contextOf(r);
  const ctxUrl = q.select ? `${context.replace(/\/contacts$/, '')}/contacts(${q.select.join(',')})` : context;
  const body: ContactPage = {
    '@odata.context': ctxUrl,
    // Up to a page (1,000) mapped in slices, a turn of the event loop between (F89).
    value: await mapInSlices(page, (c) => contactEntity(c, q.select)),
  };
  const url = collectionUrl(r);
  if (fetched.length > take) {
    const next = tracking === undefined ? odata : { ...odata, trackfrom: tracking };
    body['@odata.nextLink'] = nextLink(url, next, contactSkiptoken(page.at(-1)!, q.orderBy), owedAfter);
  } else if (tracking !== undefined) {
    body['@odata.deltaLink'] = deltaLinkOf(r, odata, await r.source.trackingToken(r.cid, q, tracking));
  }
  return body;
}

/** The delta link: the read's own options (filter, select) and the token; no paging. */
function deltaLinkOf(r: ContactRead, query: Query, token: string): string {
  const options: Record<string, string> = {};
  for (const k of ['$filter', '$select'] as const) if (query[k] !== undefined) options[k] = query[k]!;
  return `${r.base}/${contactsDeltaLink(r.cid, token, options)}`;
}

/**
 * Following a delta link: contacts added or changed since the token, the deleted ones as their id
 * marked `@removed` (with `$deletedEntity` as their context), and the next delta link. A delta of
 * more changes than a page (the server's Max Page Size) pages with `@odata.nextLink` as BC's does
 * (F38: bounded work per request), the last page giving the delta link: a client's closing round
 * after a long read finishes instead of being refused.
 * 410 Gone, with the baseline in Location, for a token that cannot be served.
 */
async function delta(r: ContactRead, query: Query) {
  const paging = ['$top', '$skip', '$orderby'].find((k) => query[k] !== undefined);
  if (paging)
    throw new HttpError(400, 'BadRequest', `The query option '${paging}' cannot be used with $deltatoken.`);
  const url = collectionUrl(r);
  const { $deltatoken: token, $skiptoken: after, ...rest } = query;
  const q = parseContactQuery(rest);
  // The server's page, whatever the client prefers: a source that cannot page a delta (upstream)
  // serves up to that many at once, as it did before deltas paged.
  const size = r.maxPageSize;
  const result = await r.source.changesSince(r.cid, token ?? '', q, size, after ?? null);
  const count = result === null ? 0 : result.changed.length + result.deleted.length;
  // A source that cannot page a delta (upstream-source.ts) answers past the page without `more`.
  if (result === null || (count > size && result.more === undefined)) {
    const qs = new URLSearchParams(rest as Record<string, string>).toString().replaceAll('+', '%20');
    r.reply.header('location', qs === '' ? url : `${url}?${qs}`);
    const why =
      result === null
        ? 'The delta link cannot be served'
        : `More than ${size} contacts changed since the delta link (at most one page of ${size} per delta)`;
    throw new HttpError(
      410,
      'BadRequest_DeltaTokenInvalid',
      `${why}; read the collection again with odata.track-changes for a new one.`,
    );
  }
  const removed = `${r.base}/$metadata#companies(${r.cid})/contacts/$deletedEntity`;
  r.reply.header('preference-applied', 'odata.track-changes');
  const body: ContactPage = {
    '@odata.context': contextOf(r),
    value: [
      ...(await mapInSlices(result.changed, (c) => contactEntity(c, q.select))),
      ...result.deleted.map((d) => ({
        '@odata.context': removed,
        '@removed': { reason: 'deleted' },
        id: d.id,
        reason: 'deleted',
      })),
    ],
  };
  if (result.more !== undefined)
    body['@odata.nextLink'] = nextLink(url, { ...rest, $deltatoken: token }, result.more, null);
  else body['@odata.deltaLink'] = deltaLinkOf(r, rest, result.token);
  return body;
}
