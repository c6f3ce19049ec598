import { shownInput } from '../platform/shown-input.js';
import { MAX_PARAM_LENGTH } from '../platform/server-options.js';
import { GraphError, accessDenied, badRequest, idMalformed } from './errors.js';
import type { GraphResponse, HandlerContext, Principal } from './graph-request.js';
import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  updateContact,
} from './handlers-contacts.js';
import { contactPhoto } from './contact-photo.js';
import { contactsDelta } from './handlers-delta.js';
import { createFolder, deleteFolder, updateFolder, getFolder, listFolders } from './handlers-folders.js';
import type { EmulatorStore } from './store.js';
import type { Mailbox } from './store-shapes.js';

export interface ResolvedTarget {
  mailbox: Mailbox;
  /** Segments after the mailbox part, percent-decoded. */
  segments: string[];
}

const segmentNotFound = (segment: string): GraphError =>
  badRequest(`Resource not found for the segment '${shownInput(segment)}'.`);

/**
 * A user id or UPN, when it can be one: 400 ErrorInvalidIdMalformed when it is longer than any
 * (F67: the facade refuses such a path parameter the same way). Contact and folder ids are checked
 * by the store's lookups (id-shape.ts), which every route, `$batch` item and body id goes through.
 */
function userKey(id: string): string {
  if (id.length > MAX_PARAM_LENGTH)
    throw idMalformed('user id', `is ${id.length} characters long; at most ${MAX_PARAM_LENGTH} are allowed`);
  return id;
}

function splitPath(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw badRequest(`The request URL '${shownInput(path)}' is invalid.`);
  }
}

/**
 * Maps `/me/...` or `/users/{id|upn}/...` to a mailbox, enforcing Graph's rules: /me needs a
 * delegated token; a delegated caller may only name its own mailbox; app-only may name any.
 */
export function resolveTarget(store: EmulatorStore, principal: Principal, path: string): ResolvedTarget {
  const segments = splitPath(path);
  const first = segments[0] ?? '';
  if (first.toLowerCase() === 'me') {
    if (principal.kind === 'app' || principal.userId === null) {
      throw badRequest('/me request is only valid with delegated authentication flow.');
    }
    return { mailbox: store.registerUser(principal.userId, principal.upn), segments: segments.slice(1) };
  }
  const key = segments[1] === undefined ? undefined : userKey(segments[1]);
  if (first.toLowerCase() !== 'users' || key === undefined) throw segmentNotFound(first);
  if (principal.kind === 'user' && principal.userId !== null) {
    const own = store.registerUser(principal.userId, principal.upn);
    const isOwn =
      key.toLowerCase() === principal.userId.toLowerCase() ||
      key.toLowerCase() === principal.upn?.toLowerCase();
    if (!isOwn) throw accessDenied();
    return { mailbox: own, segments: segments.slice(2) };
  }
  return { mailbox: store.resolveMailbox(key), segments: segments.slice(2) };
}

/** Contacts.Read covers reads; writes need Contacts.ReadWrite (roles for app-only, scp for delegated). */
export function authorize(principal: Principal, method: string): void {
  const granted = principal.kind === 'app' ? principal.roles : principal.scopes;
  if (granted === null) return;
  const lower = granted.map((g) => g.toLowerCase());
  const isRead = method === 'GET' || method === 'HEAD';
  if (lower.includes('contacts.readwrite') || (isRead && lower.includes('contacts.read'))) return;
  throw accessDenied();
}

const methodNotAllowed = (method: string): GraphError =>
  new GraphError(
    405,
    'ErrorInvalidRequest',
    `The HTTP method '${shownInput(method)}' is not supported for this resource.`,
  );

/** Routes the contact/contactFolder resources below a mailbox. */
/** A handler's answer; a contact list page's comes later (its contacts are written out in slices). */
export function dispatch(ctx: HandlerContext): GraphResponse | Promise<GraphResponse> {
  const { store, mailbox } = ctx;
  const method = ctx.req.method;
  const [s0, s1, s2, s3, ...more] = ctx.segments;
  const lower = ctx.segments.map((s) => s.toLowerCase());
  // A contact's photo: …/contacts/{id}/photo[/$value] (contact-photo.ts).
  const photoAt = lower[0] === 'contactfolders' ? 4 : 2;
  const photo =
    lower[photoAt] === 'photo' && lower[photoAt - 2] === 'contacts' ? ctx.segments.slice(photoAt) : [];
  const rest = photo.length > 0 ? [] : more;
  if (photo.length > 2 || (photo.length === 2 && lower[photoAt + 1] !== '$value'))
    throw segmentNotFound(photo[photo.length - 1] ?? '');
  if (rest.length > 0) throw segmentNotFound(rest[0] ?? '');

  if (lower[0] === 'contactfolders') {
    if (s1 === undefined) {
      if (method === 'GET') return listFolders(ctx, mailbox.defaultFolderId);
      if (method === 'POST') return createFolder(ctx, null);
      throw methodNotAllowed(method);
    }
    const folder = store.getFolder(mailbox, s1);
    if (s2 === undefined) {
      if (method === 'GET') return getFolder(ctx, folder);
      if (method === 'PATCH') return updateFolder(ctx, folder);
      if (method === 'DELETE') return deleteFolder(ctx, folder);
      throw methodNotAllowed(method);
    }
    if (lower[2] === 'permanentdelete' && s3 === undefined) {
      if (method === 'POST') return deleteFolder(ctx, folder, true);
      throw methodNotAllowed(method);
    }
    if (lower[2] === 'childfolders' && s3 === undefined) {
      if (method === 'GET') return listFolders(ctx, folder.id);
      if (method === 'POST') return createFolder(ctx, folder.id);
      throw methodNotAllowed(method);
    }
    if (lower[2] !== 'contacts') throw segmentNotFound(s2);
    if (s3 === undefined) {
      if (method === 'GET') return listContacts(ctx, folder);
      if (method === 'POST') return createContact(ctx, folder);
      throw methodNotAllowed(method);
    }
    if (lower[3] === 'delta' && photo.length === 0) {
      if (method === 'GET') return contactsDelta(ctx, folder);
      throw methodNotAllowed(method);
    }
    return contactItem(ctx, s3, folder.id, photo);
  }

  if (lower[0] === 'contacts' && (s2 === undefined || photo.length > 0)) {
    if (s1 === undefined) {
      const folder = store.getFolder(mailbox, mailbox.defaultFolderId);
      if (method === 'GET') return listContacts(ctx, folder);
      if (method === 'POST') return createContact(ctx, folder);
      throw methodNotAllowed(method);
    }
    return contactItem(ctx, s1, null, photo);
  }
  throw segmentNotFound(s0 ?? '');
}

/** A contact, or its photo when `photo` holds the `photo[/$value]` segments. */
function contactItem(
  ctx: HandlerContext,
  contactId: string,
  folderId: string | null,
  photo: readonly string[],
): GraphResponse {
  const scope = folderId === null ? undefined : ctx.store.getFolder(ctx.mailbox, folderId);
  const { folder, contact } = ctx.store.findContact(ctx.mailbox, contactId, scope);
  if (photo.length > 0) return contactPhoto(ctx, folder, contact, photo.length === 2);
  switch (ctx.req.method) {
    case 'GET':
      return getContact(ctx, folder, contact);
    case 'PATCH':
      return updateContact(ctx, folder, contact);
    case 'DELETE':
      return deleteContact(ctx, folder, contact);
    default:
      throw methodNotAllowed(ctx.req.method);
  }
}
