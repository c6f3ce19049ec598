import type { MailFolder } from '../core/ports.js';
import { PortFailure } from '../core/ports.js';
import { firstRoundLink } from './graph-delta.js';
import { GraphError, toPortFailure } from './graph-error.js';
import type { GraphTransport } from './graph-transport.js';

/**
 * The top-level contact folders of one mailbox (`root`: `/me` or `/users/{id}`), as GraphMailbox
 * offers them: found by name, made when missing, found by id, renamed. Every failure is a PortFailure.
 */
export class GraphFolders {
  constructor(
    private readonly transport: GraphTransport,
    private readonly root: string,
  ) {}

  async ensureFolder(displayName: string): Promise<MailFolder> {
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    try {
      const existing = await this.folderNamed(name);
      if (existing) return existing;
      try {
        const raw = await this.transport.request({
          method: 'POST',
          url: `${this.root}/contactFolders`,
          body: { displayName: name },
        });
        const made = folderOf(raw.body);
        return { ...made, startLink: firstRoundLink(made.id) };
      } catch (error) {
        // Someone (or our own lost attempt) created it meanwhile: it is there now.
        if (!(error instanceof GraphError) || error.status !== 409) throw error;
        const raced = await this.folderNamed(name);
        if (raced) return raced;
        throw error;
      }
    } catch (error) {
      throw toPortFailure(error);
    }
  }

  async findFolder(displayName: string): Promise<MailFolder | null> {
    try {
      return await this.folderNamed(displayName.trim());
    } catch (error) {
      throw toPortFailure(error);
    }
  }

  /**
   * The top-level contact folder with this id (where ensureFolder finds and makes folders), by
   * listing them: a folder the user deleted in Outlook moves to Deleted Items and keeps its id, so
   * a GET by id would still find it there (Graph contactFolder list, paged by @odata.nextLink).
   */
  async folderById(id: string): Promise<MailFolder | null> {
    let found: MailFolder | null = null;
    try {
      await this.transport.pages(
        { method: 'GET', url: `${this.root}/contactFolders?$top=100&$select=id,displayName` },
        (body) => {
          for (const item of (body.value ?? []) as unknown[]) {
            const folder = folderOf(item);
            if (folder.id === id) found = folder;
          }
        },
      );
    } catch (error) {
      throw toPortFailure(error);
    }
    return found;
  }

  /**
   * Renames the sync folder `from` to `to` (Graph PATCH /contactFolders/{id}): the contacts stay in
   * it with their ids, so the links still hold. Null when no folder is named `from` (nothing to
   * move). Throws PortFailure `invalid` when a folder named `to` exists already (Graph 409
   * ErrorFolderExists); a retry after a lost answer finds no `from` and returns null.
   */
  async renameFolder(from: string, to: string): Promise<MailFolder | null> {
    const name = to.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    try {
      const folder = await this.folderNamed(from.trim());
      if (!folder) return null;
      if (folder.displayName === name) return folder;
      const raw = await this.transport.request({
        method: 'PATCH',
        url: `${this.root}/contactFolders/${encodeURIComponent(folder.id)}`,
        body: { displayName: name },
      });
      return folderOf(raw.body);
    } catch (error) {
      throw toPortFailure(error);
    }
  }

  /**
   * Renames the folder `id` (Graph PATCH /contactFolders/{id}; its contacts keep their ids). Read
   * first: a folder that already has the name is returned as it is (a repeat after a lost answer).
   * PortFailure `notFound` when it is gone, `invalid` when another folder has the name (409).
   */
  async renameById(id: string, displayName: string): Promise<MailFolder> {
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    const folder = await this.folderById(id);
    if (!folder) throw new PortFailure('notFound', 'The contact folder is gone.');
    if (folder.displayName.toLowerCase() === name.toLowerCase()) return folder;
    try {
      const raw = await this.transport.request({
        method: 'PATCH',
        url: `${this.root}/contactFolders/${encodeURIComponent(id)}`,
        body: { displayName: name },
      });
      return folderOf(raw.body);
    } catch (error) {
      throw toPortFailure(error);
    }
  }

  private async folderNamed(name: string): Promise<MailFolder | null> {
    const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
    const raw = await this.transport.request({
      method: 'GET',
      url: `${this.root}/contactFolders?$filter=${filter}`,
    });
    const first = ((raw.body as { value?: unknown[] } | null)?.value ?? [])[0];
    return first ? folderOf(first) : null;
  }
}

function folderOf(body: unknown): MailFolder {
  const f = (body ?? {}) as { id?: unknown; displayName?: unknown };
  if (typeof f.id !== 'string') throw new GraphError(502, 'InvalidResponse', 'A contact folder without id.');
  return { id: f.id, displayName: typeof f.displayName === 'string' ? f.displayName : '' };
}
