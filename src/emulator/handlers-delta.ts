import {
  INITIAL_BASE,
  assertGenerationKept,
  decodeDeltaToken,
  encodeDeltaToken,
  issueGeneration,
  preferredPageSize,
  readDeltaPage,
} from './delta.js';
import type { DeltaState } from './delta.js';
import { badRequest } from './errors.js';
import { json, resourceUrl } from './graph-request.js';
import type { GraphResponse, HandlerContext } from './graph-request.js';
import { CONTACT_SELECTABLE, option, parseSelect } from './query.js';
import { serializeContact } from './serialize.js';
import type { Folder } from './store-shapes.js';

const CONTACT_ODATA_TYPE = '#microsoft.graph.contact';

/** GET /contactFolders/{id}/contacts/delta: initial round, continuation ($skiptoken) or next round ($deltatoken). */
export function contactsDelta(ctx: HandlerContext, folder: Folder): GraphResponse {
  const { query, headers } = ctx.req;
  const skipToken = option(query, 'skiptoken');
  const deltaToken = option(query, 'deltatoken');
  let state: DeltaState;
  if (skipToken !== null || deltaToken !== null) {
    const decoded = decodeDeltaToken((skipToken ?? deltaToken) as string);
    if (decoded.mailbox !== ctx.mailbox.id || decoded.folder !== folder.id) {
      throw badRequest('The delta token does not belong to this folder.', 'ErrorInvalidSyncStateData');
    }
    assertGenerationKept(folder, decoded.base);
    // A deltaToken starts a new round from its generation up to everything written so far.
    state = skipToken !== null ? decoded : { ...decoded, upTo: folder.seq, pos: decoded.base };
  } else {
    const select = parseSelect(option(query, 'select'), CONTACT_SELECTABLE, 'microsoft.graph.contact');
    state = {
      mailbox: ctx.mailbox.id,
      folder: folder.id,
      base: INITIAL_BASE,
      upTo: folder.seq,
      pos: 0,
      select,
    };
  }

  const { delta } = ctx.config;
  const prefer = headers['prefer'];
  const pageSize = preferredPageSize(prefer, delta.defaultPageSize, delta.maxPageSize);
  const page = readDeltaPage(folder, state, pageSize);
  const value = page.entries.map((entry) => {
    const contact = folder.contacts.get(entry.contactId);
    if (entry.deleted || !contact) {
      return { '@odata.type': CONTACT_ODATA_TYPE, id: entry.contactId, '@removed': { reason: 'deleted' } };
    }
    return { '@odata.type': CONTACT_ODATA_TYPE, ...serializeContact(contact, state.select) };
  });

  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.req.baseUrl}/$metadata#Collection(contact)`,
  };
  if (page.nextPos !== null) {
    const next = encodeDeltaToken({ ...state, pos: page.nextPos });
    body['@odata.nextLink'] = `${resourceUrl(ctx.req)}?$skiptoken=${next}`;
  } else {
    issueGeneration(folder, state.upTo, delta.maxGenerations);
    const next = encodeDeltaToken({ ...state, base: state.upTo, pos: state.upTo });
    body['@odata.deltaLink'] = `${resourceUrl(ctx.req)}?$deltatoken=${next}`;
  }
  body.value = value;
  const extra: Record<string, string> =
    prefer && /odata\.maxpagesize/i.test(prefer)
      ? { 'Preference-Applied': `odata.maxpagesize=${pageSize}` }
      : {};
  return json(200, body, extra);
}
