import { graphContact } from './scripted-graph.js';
import type { ScriptedRequest, ScriptedReply } from './scripted-graph.js';

/** Every write of the Mailbox port the held-ports tables make, one per row. */
export type MailboxWrite = 'create' | 'update' | 'delete' | 'ensureFolder' | 'renameFolderById';
export const MAILBOX_WRITES: readonly MailboxWrite[] = [
  'create',
  'update',
  'delete',
  'ensureFolder',
  'renameFolderById',
];

/**
 * Graph's answer to each request those writes send, each a success: a look-up by name finds no
 * folder (ensureFolder creates it), the whole list holds folder f1, contact writes answer c1/c-new.
 */
export function mailboxWritesAnswer(req: ScriptedRequest): ScriptedReply {
  if (req.method === 'GET' && req.url.includes('/contactFolders?$filter'))
    return { status: 200, body: { value: [] } };
  if (req.method === 'GET' && req.url.includes('/contactFolders'))
    return { status: 200, body: { value: [{ id: 'f1', displayName: 'Old', parentFolderId: 'root' }] } };
  if (req.method === 'POST' && req.url.endsWith('/contactFolders'))
    return { status: 201, body: { id: 'f-new', displayName: 'Made', parentFolderId: 'root' } };
  if (req.method === 'PATCH' && req.url.includes('/contactFolders/'))
    return { status: 200, body: { id: 'f1', displayName: 'Renamed', parentFolderId: 'root' } };
  if (req.method === 'POST') return { status: 201, body: graphContact('c-new', 'ck-new') };
  if (req.method === 'PATCH') return { status: 200, body: graphContact('c1', 'ck2') };
  if (req.method === 'DELETE') return { status: 204 };
  return { status: 200, body: { value: [] } };
}
