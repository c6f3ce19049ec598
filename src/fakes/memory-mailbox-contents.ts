import { fileAsIsOwn } from '../core/file-as.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../core/outlook-only.js';
import type { OutlookOnlyProperty } from '../core/outlook-only.js';
import type { OutlookContact, OutlookContactDraft } from '../core/model.js';
import { PortFailure } from '../core/ports.js';
import type { MailFolder } from '../core/ports.js';

interface Change {
  seq: number;
  id: string;
}

/**
 * What the in-memory mailbox holds (folders, contacts, the per-folder change log) and what the
 * Outlook user does to it by hand (the test harness, not the port). `MemoryMailbox` adds the port.
 */
export class MailboxContents {
  protected readonly folders = new Map<string, MailFolder>();
  protected readonly contacts = new Map<string, { folderId: string; contact: OutlookContact }>();
  protected readonly log = new Map<string, Change[]>();
  /** Highest change seq forgotten per folder: a delta link before it has expired. */
  protected readonly forgotten = new Map<string, number>();
  protected seq = 0;
  /** Delta links older than this many changes are forgotten, like Graph's bounded sync state. */
  keepChanges = Number.POSITIVE_INFINITY;

  // ---- what the Outlook user does (test harness, not the port) ----

  userCreate(folderId: string, draft: OutlookContactDraft): OutlookContact {
    this.requireFolder(folderId);
    return this.write(folderId, {
      ...structuredClone(draft),
      id: `contact-${++this.seq}`,
      changeKey: '',
      outlookOnly: [],
    });
  }

  /**
   * The user gives a property BC has no field for a value (or clears it: `holds` false). The fake
   * keeps which of them hold a value, which is all the port reports of them.
   */
  userSetOutlookOnly(id: string, property: OutlookOnlyProperty, holds = true): OutlookContact {
    const row = this.contacts.get(id);
    if (!row) throw new Error(`no Outlook contact ${id}`);
    const kept = row.contact.outlookOnly.filter((p) => p !== property);
    const outlookOnly = OUTLOOK_ONLY_PROPERTIES.filter((p) => (p === property ? holds : kept.includes(p)));
    return this.write(row.folderId, { ...row.contact, outlookOnly });
  }

  userEdit(id: string, patch: Partial<OutlookContactDraft>): OutlookContact {
    const row = this.contacts.get(id);
    if (!row) throw new Error(`no Outlook contact ${id}`);
    return this.write(row.folderId, { ...row.contact, ...structuredClone(patch) });
  }

  /** The user types a "File as" (Outlook keeps it through renames made through Graph, as here). */
  userSetFileAs(id: string, fileAs: string): OutlookContact {
    const row = this.contacts.get(id);
    if (!row) throw new Error(`no Outlook contact ${id}`);
    return this.write(row.folderId, { ...row.contact, fileAs });
  }

  /** The user renames a folder in Outlook: its id and contacts stay. */
  userRenameFolder(id: string, displayName: string): void {
    const folder = this.folders.get(id);
    if (!folder) throw new Error(`no folder ${id}`);
    this.folders.set(id, { ...folder, displayName });
  }

  /**
   * The user deletes a folder in Outlook: as on Graph it goes to Deleted Items with its id and
   * contacts, so `folderById` no longer finds it while a delta on it still answers.
   */
  userDeleteFolder(id: string): void {
    this.folders.delete(id);
  }

  userDelete(id: string): void {
    if (!this.contacts.has(id)) throw new Error(`no Outlook contact ${id}`);
    this.remove(id);
  }

  peek(id: string): OutlookContact | undefined {
    const row = this.contacts.get(id);
    return row ? structuredClone(row.contact) : undefined;
  }

  folderContacts(folderId: string): OutlookContact[] {
    return [...this.contacts.values()]
      .filter((c) => c.folderId === folderId)
      .map((c) => structuredClone(c.contact));
  }

  folderByName(name: string): MailFolder | undefined {
    return [...this.folders.values()].find((f) => f.displayName.toLowerCase() === name.toLowerCase());
  }

  protected write(folderId: string, contact: OutlookContact): OutlookContact {
    const seq = ++this.seq;
    // As Graph's read reports it (contact-mapping.ts): a fileAs is Outlook-only unless the names now derive it.
    const { fileAs } = contact;
    const own = fileAs !== undefined && fileAsIsOwn(fileAs, contact);
    const outlookOnly =
      fileAs === undefined
        ? contact.outlookOnly
        : OUTLOOK_ONLY_PROPERTIES.filter((p) => (p === 'fileAs' ? own : contact.outlookOnly.includes(p)));
    const stored = { ...contact, outlookOnly, changeKey: `ck-${seq}` };
    this.contacts.set(contact.id, { folderId, contact: stored });
    this.append(folderId, { seq, id: contact.id });
    return structuredClone(stored);
  }

  protected remove(id: string): void {
    const row = this.contacts.get(id);
    if (!row) return;
    this.contacts.delete(id);
    this.append(row.folderId, { seq: ++this.seq, id });
  }

  protected append(folderId: string, change: Change): void {
    const log = this.log.get(folderId) ?? [];
    log.push(change);
    while (log.length > this.keepChanges) {
      const dropped = log.shift();
      if (dropped) this.forgotten.set(folderId, dropped.seq);
    }
    this.log.set(folderId, log);
  }

  protected requireFolder(folderId: string): Change[] {
    const log = this.log.get(folderId);
    if (!log) throw new PortFailure('notFound', `The contact folder ${folderId} does not exist.`);
    return log;
  }

  protected parseLink(folderId: string, link: string): number {
    const m = /^delta:([^:]+):(\d+)$/.exec(link);
    if (!m || m[1] !== folderId)
      throw new PortFailure('invalid', `Not a delta link of folder ${folderId}: ${link}`);
    return Number(m[2]);
  }
}
