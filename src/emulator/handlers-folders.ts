import { shownInput } from '../platform/shown-input.js';
import { badRequest, invalidBody } from './errors.js';
import { json, metadataContext, noContent } from './graph-request.js';
import type { GraphResponse, HandlerContext } from './graph-request.js';
import { FOLDER_SELECTABLE, option, parseFolderFilter, parseListQuery } from './query.js';
import { serializeFolder } from './serialize.js';
import type { Folder } from './store-shapes.js';

const FOLDER_TYPE = 'microsoft.graph.contactFolder';

/** Lists the child folders of `parentId` (top level = children of the default Contacts folder). */
export function listFolders(ctx: HandlerContext, parentId: string): GraphResponse {
  const list = parseListQuery(ctx.req.query, FOLDER_SELECTABLE, FOLDER_TYPE);
  const name = parseFolderFilter(option(ctx.req.query, 'filter'));
  let folders = ctx.store.childFolders(ctx.mailbox, parentId);
  if (name !== null) folders = folders.filter((f) => f.displayName.toLowerCase() === name.toLowerCase());
  const page = folders.slice(list.skip, list.skip + (list.top ?? folders.length));
  return json(200, {
    '@odata.context': metadataContext(ctx, 'contactFolders'),
    value: page.map((f) => serializeFolder(f, list.select)),
  });
}

export function getFolder(ctx: HandlerContext, folder: Folder): GraphResponse {
  const list = parseListQuery(ctx.req.query, FOLDER_SELECTABLE, FOLDER_TYPE);
  return json(200, {
    '@odata.context': metadataContext(ctx, 'contactFolders/$entity'),
    ...serializeFolder(folder, list.select),
  });
}

/** POST /contactFolders (parentFolderId optional) or /contactFolders/{id}/childFolders. */
export function createFolder(ctx: HandlerContext, parentId: string | null): GraphResponse {
  const body = ctx.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidBody('The request body must be a JSON object of type microsoft.graph.contactFolder.');
  }
  let displayName: unknown;
  let parent = parentId ?? ctx.mailbox.defaultFolderId;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.')) continue;
    if (key === 'displayName') displayName = value;
    else if (key === 'parentFolderId' && parentId === null && typeof value === 'string') parent = value;
    else {
      throw invalidBody(
        `The property '${shownInput(key)}' does not exist on type '${FOLDER_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw badRequest('The folder displayName is required.', 'ErrorInvalidArgument');
  }
  const folder = ctx.store.createFolder(ctx.mailbox, displayName, parent);
  return json(201, {
    '@odata.context': metadataContext(ctx, 'contactFolders/$entity'),
    ...serializeFolder(folder),
  });
}

/** DELETE moves the folder to Deleted Items; POST …/permanentDelete (`permanent`) removes it. */
export function deleteFolder(ctx: HandlerContext, folder: Folder, permanent = false): GraphResponse {
  if (folder.id === ctx.mailbox.defaultFolderId) {
    throw badRequest('Distinguished folders cannot be deleted.', 'ErrorDeleteDistinguishedFolder');
  }
  if (permanent) ctx.store.purgeFolder(ctx.mailbox, folder);
  else ctx.store.deleteFolder(ctx.mailbox, folder);
  return noContent();
}

/**
 * PATCH /contactFolders/{id}: renames the folder (Graph's contactFolder update). A sibling of that
 * name gives 409 ErrorFolderExists as on create; the default Contacts folder keeps its name.
 * Moving (parentFolderId) is not emulated and is refused rather than ignored.
 */
export function updateFolder(ctx: HandlerContext, folder: Folder): GraphResponse {
  const body = ctx.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidBody('The request body must be a JSON object of type microsoft.graph.contactFolder.');
  }
  let displayName: unknown;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.')) continue;
    if (key === 'displayName') displayName = value;
    else if (key === 'parentFolderId')
      throw badRequest('Moving a contact folder is not supported by this emulator.', 'ErrorInvalidRequest');
    else {
      throw invalidBody(
        `The property '${shownInput(key)}' does not exist on type '${FOLDER_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  if (displayName !== undefined) {
    if (typeof displayName !== 'string' || displayName.trim() === '')
      throw badRequest('The folder displayName is required.', 'ErrorInvalidArgument');
    if (folder.id === ctx.mailbox.defaultFolderId)
      throw badRequest('Distinguished folders cannot be renamed.', 'ErrorInvalidRequest');
    ctx.store.renameFolder(ctx.mailbox, folder, displayName);
  }
  return json(200, {
    '@odata.context': metadataContext(ctx, 'contactFolders/$entity'),
    ...serializeFolder(folder),
  });
}
