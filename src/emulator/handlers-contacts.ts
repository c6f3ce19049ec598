import { byCodePoint } from '../pure/code-point-order.js';
import { parseContactWrite } from './contact-model.js';
import { badRequest, changeKeyMismatch } from './errors.js';
import { JsonText, json, metadataContext, noContent, resourceUrl } from './graph-request.js';
import type { GraphResponse, HandlerContext } from './graph-request.js';
import type { ContactFilter } from './query.js';
import {
  CONTACT_SELECTABLE,
  buildQueryString,
  option,
  parseContactFilter,
  parseExtendedExpand,
  parseListQuery,
  parseSelect,
} from './query.js';
import { contactText, etagOf, serializeContact } from './serialize.js';
import { mapInSlices } from '../platform/loop-turns.js';
import type { Folder, StoredContact } from './store-shapes.js';

const CONTACT_TYPE = 'microsoft.graph.contact';
const DEFAULT_PAGE_SIZE = 10;

function contactsContext(
  ctx: HandlerContext,
  folder: Folder,
  select: string[] | null,
  entity = false,
): string {
  const columns = select ? `(${select.join(',')})` : '';
  return metadataContext(ctx, `contactFolders('${folder.id}')/contacts${columns}${entity ? '/$entity' : ''}`);
}

/**
 * A page of a folder's contacts (up to $top, 1,000 for the sync's reads): the contacts are taken
 * at once, then written out a slice at a time with a turn of the event loop between slices
 * (loop-turns.ts mapInSlices): in `npm start` this emulator shares the facade's event loop, and a
 * page of 1,000 written in one piece held it (tester F89's kind; bench:preview-loop).
 */
export async function listContacts(ctx: HandlerContext, folder: Folder): Promise<GraphResponse> {
  const { query } = ctx.req;
  const list = parseListQuery(query, CONTACT_SELECTABLE, CONTACT_TYPE);
  const filter = parseContactFilter(option(query, 'filter'));
  const expand = parseExtendedExpand(option(query, 'expand'));
  const pageSize = list.top ?? DEFAULT_PAGE_SIZE;
  let page: StoredContact[];
  let total: number;
  if (filter === null && !list.orderBy) {
    // The folder's own order, one page of it: not the whole folder copied for every page (issue 12
    // §2: 50 pages of a 50,000-contact folder copied 2.5 million entries).
    page = pageOf(folder.contacts.values(), list.skip, pageSize);
    total = folder.contacts.size;
  } else {
    let contacts = filtered(folder, filter);
    if (list.orderBy) {
      const { property, descending } = list.orderBy;
      // Each contact's key made once, not twice per comparison: an ordered page of a 10,000-contact
      // folder (the newest changes a delta reads, graph/contact-reads.ts readReported) made 260,000
      // of them, emulator CPU that Graph, which keeps its order, does not spend.
      const keyed = contacts.map((c) => ({
        c,
        key: String(serializeContact(c, [property])[property] ?? ''),
      }));
      // Code-point order: Graph documents no collation for a contact $orderby (reference §2: generic
      // OData), and localeCompare without a locale followed the machine's ICU default, so a page's
      // order changed with the host. The client reads its newest changes by lastModifiedDateTime,
      // an ISO text that code-point order sorts as time.
      keyed.sort((a, b) => byCodePoint(a.key, b.key) * (descending ? -1 : 1));
      contacts = keyed.map((k) => k.c);
    }
    page = contacts.slice(list.skip, list.skip + pageSize);
    total = contacts.length;
  }
  // The page is written out here, each contact's text remembered until it changes (contactText):
  // the text JSON.stringify gives for { '@odata.context', value, '@odata.nextLink' }.
  const shape = JSON.stringify([list.select, expand]);
  const value = await mapInSlices(page, (c) => contactText(c, list.select, expand, shape));
  let text = `{"@odata.context":${JSON.stringify(contactsContext(ctx, folder, list.select))},"value":[${value.join(',')}]`;
  if (list.skip + pageSize < total) {
    // Graph's contact nextLinks carry $skip plus every original query option.
    const params = [...query.entries()].filter(([k]) => k !== '$skip' && k !== 'skip');
    params.push(['$skip', String(list.skip + pageSize)]);
    text += `,"@odata.nextLink":${JSON.stringify(`${resourceUrl(ctx.req)}?${buildQueryString(params)}`)}`;
  }
  return json(200, new JsonText(`${text}}`));
}

/** The folder's contacts the filter keeps, in the folder's order (all of them without one). */
function filtered(folder: Folder, filter: ContactFilter | null): StoredContact[] {
  if (filter === null) return [...folder.contacts.values()];
  if (filter.kind === 'email') {
    const ids = folder.emailIndex.get(filter.address) ?? new Set<string>();
    return [...ids].map((id) => folder.contacts.get(id)).filter((c) => c !== undefined);
  }
  // Graph compares an extended property's value case-insensitively (singlevaluelegacyextendedproperty-get).
  const value = filter.value.toLowerCase();
  return [...folder.contacts.values()].filter(
    (c) => c.extended.get(filter.id)?.value.toLowerCase() === value,
  );
}

/** Entries `skip` to `skip + size` of `all`, walked to without keeping the ones before. */
function pageOf<T>(all: Iterator<T>, skip: number, size: number): T[] {
  const out: T[] = [];
  let at = 0;
  for (let next = all.next(); !next.done && out.length < size; next = all.next(), at++)
    if (at >= skip) out.push(next.value);
  return out;
}

export function getContact(ctx: HandlerContext, folder: Folder, contact: StoredContact): GraphResponse {
  const select = parseSelect(option(ctx.req.query, 'select'), CONTACT_SELECTABLE, CONTACT_TYPE);
  const expand = parseExtendedExpand(option(ctx.req.query, 'expand'));
  return json(200, {
    '@odata.context': contactsContext(ctx, folder, select, true),
    ...serializeContact(contact, select, expand),
  });
}

export function createContact(ctx: HandlerContext, folder: Folder): GraphResponse {
  const write = parseContactWrite(requireBody(ctx));
  const contact = ctx.store.createContact(ctx.mailbox, folder, write);
  return json(201, {
    '@odata.context': contactsContext(ctx, folder, null, true),
    ...serializeContact(contact, null),
  });
}

export function updateContact(ctx: HandlerContext, folder: Folder, contact: StoredContact): GraphResponse {
  const write = parseContactWrite(requireBody(ctx));
  checkIfMatch(ctx, contact);
  ctx.store.updateContact(folder, contact, write, ctx.mailbox);
  return json(200, {
    '@odata.context': contactsContext(ctx, folder, null, true),
    ...serializeContact(contact, null),
  });
}

export function deleteContact(ctx: HandlerContext, folder: Folder, contact: StoredContact): GraphResponse {
  checkIfMatch(ctx, contact);
  ctx.store.deleteContact(ctx.mailbox, folder, contact);
  return noContent();
}

function requireBody(ctx: HandlerContext): unknown {
  if (ctx.req.body === undefined) throw badRequest('Empty Payload. JSON content expected.');
  return ctx.req.body;
}

/** If-Match: `*` matches anything; otherwise one of the listed (weak or strong) etags must match. */
function checkIfMatch(ctx: HandlerContext, contact: StoredContact): void {
  const header = ctx.req.headers['if-match'];
  if (header === undefined || header.trim() === '') return;
  const current = etagOf(contact);
  const accepted = header.split(',').map((t) => t.trim());
  const matches = accepted.some(
    (tag) => tag === '*' || tag === current || `W/${tag}` === current || tag === contact.changeKey,
  );
  if (!matches) throw changeKeyMismatch();
}
