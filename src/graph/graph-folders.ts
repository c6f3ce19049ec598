import type { MailFolder, SendAgain } from '../core/ports.js';
import { PortFailure } from '../core/ports.js';
import { FOLDER_NAME_TAKEN_SERVICE_CODE } from '../core/port-errors.js';
import { callersAgain, failureOf } from './callers-beat.js';
import type { RawResponse } from './graph-client.js';
import { firstRoundLink } from './graph-delta.js';
import { GraphError } from './graph-error.js';
import type { GraphTransport } from './graph-transport.js';

/**
 * The top-level contact folders of one mailbox (`root`: `/me` or `/users/{id}`), as GraphMailbox
 * offers them: found by name, made when missing, found by id, renamed. Every failure is a PortFailure,
 * but what the caller's SendAgain threw (its lease was lost), which passes as it is.
 *
 * The writes (a create, a rename) go through `transport.request` on their own, not in `$batch`
 * envelopes: one whose answer was lost is looked for before it goes again (`applied`: the folder of
 * the name), and none goes again after a wait unless the caller's `again` says it still may.
 */
export class GraphFolders {
  constructor(
    private readonly transport: GraphTransport,
    private readonly root: string,
  ) {}

  async ensureFolder(displayName: string, again?: SendAgain): Promise<MailFolder> {
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    try {
      // Made first, found on Graph's 409 ErrorFolderExists: every caller has just looked the name up
      // and found nothing (syncFolder as the run reads, the pane's syncFolderOf), so a look-up here
      // was a second Graph round trip before a first full sync's first write (issue 12).
      // A create whose answer was lost is found by name before it goes again: the folder found
      // may be another's of that name, so it gets no start link (it need not be empty).
      let found = false;
      const applied = async (): Promise<RawResponse | null> => {
        const there = answerOf(await this.folderNamed(name));
        found = there !== null;
        return there;
      };
      try {
        const raw = await this.transport.request(
          { method: 'POST', url: `${this.root}/contactFolders`, body: { displayName: name } },
          { again: callersAgain(again), applied },
        );
        const made = folderOf(raw.body);
        return found ? made : { ...made, startLink: firstRoundLink(made.id) };
      } catch (error) {
        // It is there: made since the caller looked (by someone, or by our own attempt the HTTP stack
        // resent unseen), or the caller did not look. Found, not made: no start link.
        if (!(error instanceof GraphError) || error.status !== 409) throw error;
        const raced = await this.folderNamed(name);
        if (raced) return raced;
        // Only Graph's own word for a taken name says a folder of another kind holds it (audit 7):
        // another 409 is Graph's failure as it came, not a "rename that folder" the user cannot act on.
        if (error.code !== FOLDER_NAME_TAKEN_SERVICE_CODE) throw error;
        throw nameTakenByOther(name, error);
      }
    } catch (error) {
      throw failureOf(error);
    }
  }

  async findFolder(displayName: string): Promise<MailFolder | null> {
    try {
      return await this.folderNamed(displayName.trim());
    } catch (error) {
      throw failureOf(error);
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
      throw failureOf(error);
    }
    return found;
  }

  /**
   * Renames the sync folder `from` to `to` (Graph PATCH /contactFolders/{id}): the contacts stay in
   * it with their ids, so the links still hold. Null when no folder is named `from` (nothing to
   * move). Throws PortFailure `invalid` when a folder named `to` exists already (Graph 409
   * ErrorFolderExists); a retry after a lost answer finds no `from` and returns null. `again` as
   * renameById's.
   */
  async renameFolder(from: string, to: string, again?: SendAgain): Promise<MailFolder | null> {
    const name = to.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    try {
      const folder = await this.folderNamed(from.trim());
      if (!folder) return null;
      if (folder.displayName === name) return folder;
      return await this.rename(folder.id, name, again);
    } catch (error) {
      throw failureOf(takenOrAsIs(name, error));
    }
  }

  /**
   * Renames the folder `id` (Graph PATCH /contactFolders/{id}; its contacts keep their ids). Read
   * first: a folder that already has the name, in the same case, is returned as it is (a repeat after a
   * lost answer); another case of it is a rename the user sees, made like any other.
   * PortFailure `notFound` when it is gone, `invalid` when another folder has the name (409).
   * `again`: asked before the PATCH goes again by itself (ports.ts SendAgain); what it throws passes.
   */
  async renameById(id: string, displayName: string, again?: SendAgain): Promise<MailFolder> {
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    const folder = await this.folderById(id);
    if (!folder) throw new PortFailure('notFound', 'The contact folder is gone.');
    if (folder.displayName === name) return folder;
    try {
      return await this.rename(id, name, again);
    } catch (error) {
      throw failureOf(takenOrAsIs(name, error));
    }
  }

  /** The PATCH of a rename; one whose answer was lost is done when the folder holds the name. */
  private async rename(id: string, name: string, again: SendAgain | undefined): Promise<MailFolder> {
    const raw = await this.transport.request(
      {
        method: 'PATCH',
        url: `${this.root}/contactFolders/${encodeURIComponent(id)}`,
        body: { displayName: name },
      },
      {
        again: callersAgain(again),
        applied: async () => {
          const now = await this.folderById(id);
          return answerOf(now && now.displayName === name ? now : null);
        },
      },
    );
    return folderOf(raw.body);
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

/** A folder found by a look-up, as the answer its write would have had (null: not found). */
function answerOf(folder: MailFolder | null): RawResponse | null {
  return (
    folder && {
      status: 200,
      headers: new Headers(),
      body: { id: folder.id, displayName: folder.displayName },
    }
  );
}

function folderOf(body: unknown): MailFolder {
  const f = (body ?? {}) as { id?: unknown; displayName?: unknown };
  if (typeof f.id !== 'string') throw new GraphError(502, 'InvalidResponse', 'A contact folder without id.');
  return { id: f.id, displayName: typeof f.displayName === 'string' ? f.displayName : '' };
}

/**
 * Graph refused the name (409) and no contact folder holds it: a folder of another item class does
 * (a mail folder "Business Central" beside the contact folders), which no contactFolders route
 * lists. Refused values (`invalid`) with the service code core words (port-errors.ts
 * FOLDER_NAME_TAKEN_SERVICE_CODE): no retry can make the folder under that name.
 */
function nameTakenByOther(name: string, error: GraphError): PortFailure {
  return new PortFailure('invalid', `A folder named "${name}" exists that is not a contact folder.`, {
    status: error.status,
    serviceCode: FOLDER_NAME_TAKEN_SERVICE_CODE,
    folderName: name,
  });
}

/**
 * A rename Graph refused for the name (409 ErrorFolderExists: the move found no contact folder of
 * it, so another kind holds it), carrying the name as a create's refusal does; anything else as is.
 */
function takenOrAsIs(name: string, error: unknown): unknown {
  const taken =
    error instanceof GraphError && error.status === 409 && error.code === FOLDER_NAME_TAKEN_SERVICE_CODE;
  return taken ? nameTakenByOther(name, error) : error;
}
