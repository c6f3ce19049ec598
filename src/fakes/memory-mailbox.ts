import { crashCountdown } from './simulated-crash.js';
import { normalizeEmail } from '../core/model.js';
import type { OutlookContact, OutlookContactDraft } from '../core/model.js';
import { PortFailure } from '../core/ports.js';
import type {
  KnownVersions,
  MailFolder,
  Mailbox,
  MailboxChanges,
  OutlookDelete,
  OutlookUpdate,
  PortError,
  WriteOutcome,
} from '../core/ports.js';
import { MailboxContents } from './memory-mailbox-contents.js';
import { limitsError, lost, notFound, stale } from './memory-mailbox-replies.js';

export type MailboxFault = (
  op: 'create' | 'update' | 'delete',
  index: number,
) => PortError | 'lostResponse' | null;

/**
 * One Outlook mailbox in memory with Graph's rules: changeKeys move on every write, stale
 * changeKeys and unknown ids are refused, Graph's collection limits are enforced, and a per-folder
 * change log answers delta reads.
 */
export class MemoryMailbox extends MailboxContents implements Mailbox {
  readonly maxBatch = 20;
  private requests = 0;
  /** Test hook: the process "dies" before the n-th next write item (earlier items stay applied). */
  crashAfter: number | null = null;
  /** Test hook: fail or lose chosen writes. */
  fault: MailboxFault | null = null;

  async ensureFolder(displayName: string): Promise<MailFolder> {
    this.requests++;
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    for (const f of this.folders.values())
      if (f.displayName.toLowerCase() === name.toLowerCase()) return { ...f };
    const folder = { id: `folder-${++this.seq}`, displayName: name };
    this.folders.set(folder.id, folder);
    this.log.set(folder.id, []);
    // Made now, so empty: its changes from here on are everything it will hold (MailFolder.startLink).
    return { ...folder, startLink: `delta:${folder.id}:${this.seq}` };
  }

  async findFolder(displayName: string): Promise<MailFolder | null> {
    this.requests++;
    const name = displayName.trim().toLowerCase();
    for (const f of this.folders.values()) if (f.displayName.toLowerCase() === name) return { ...f };
    return null;
  }

  async folderById(id: string): Promise<MailFolder | null> {
    this.requests++;
    const folder = this.folders.get(id);
    return folder ? { ...folder } : null;
  }

  /** One request, as Graph's `$batch` of the two (the request counter moves once). */
  async folderWithChanges(
    folderId: string,
    deltaLink: string,
    known?: KnownVersions,
  ): Promise<{ folder: MailFolder; changes: MailboxChanges } | null> {
    const folder = this.folders.get(folderId);
    if (!folder) {
      this.requests++;
      return null;
    }
    const changes = await this.readChanges(folderId, deltaLink, known);
    return { folder: { ...folder }, changes };
  }

  async renameFolderById(id: string, displayName: string): Promise<MailFolder> {
    this.requests++;
    const name = displayName.trim();
    if (name === '') throw new PortFailure('invalid', 'A folder name is required.');
    const folder = this.folders.get(id);
    if (!folder) throw new PortFailure('notFound', 'The contact folder is gone.');
    for (const f of this.folders.values())
      if (f.id !== id && f.displayName.toLowerCase() === name.toLowerCase())
        throw new PortFailure('invalid', 'A folder of that name exists.');
    const renamed = { id, displayName: name };
    this.folders.set(id, renamed);
    return { ...renamed };
  }

  async listContacts(folderId: string): Promise<OutlookContact[]> {
    this.requireFolder(folderId);
    this.requests++;
    return [...this.contacts.values()]
      .filter((c) => c.folderId === folderId)
      .map((c) => structuredClone(c.contact));
  }

  async readChanges(
    folderId: string,
    deltaLink: string | null,
    known?: KnownVersions,
  ): Promise<MailboxChanges> {
    const log = this.requireFolder(folderId);
    this.requests++;
    const head = this.seq;
    const link = `delta:${folderId}:${head}`;
    const from = deltaLink ? this.parseLink(folderId, deltaLink) : null;
    if (from === null || from < (this.forgotten.get(folderId) ?? 0)) {
      return { kind: 'snapshot', contacts: await this.listContacts(folderId), deltaLink: link };
    }
    const ids = new Set(log.filter((c) => c.seq > from).map((c) => c.id));
    const changed: OutlookContact[] = [];
    const removedIds: string[] = [];
    for (const id of ids) {
      const row = this.contacts.get(id);
      if (row && row.folderId === folderId) changed.push(structuredClone(row.contact));
      else removedIds.push(id);
    }
    if (known && changed.length > 0) {
      const held = await known(
        changed.map((c) => ({
          id: c.id,
          changeKey: c.changeKey,
          firstEmail: c.emailAddresses[0]?.address ?? '',
        })),
      );
      return {
        kind: 'changes',
        changed: changed.filter((c) => !held.has(c.id)),
        removedIds,
        deltaLink: link,
      };
    }
    return { kind: 'changes', changed, removedIds, deltaLink: link };
  }

  async getMany(folderId: string, ids: readonly string[]): Promise<OutlookContact[]> {
    this.requireFolder(folderId);
    this.requests++;
    return ids.flatMap((id) => {
      const row = this.contacts.get(id);
      return row && row.folderId === folderId ? [structuredClone(row.contact)] : [];
    });
  }

  async findByBcIds(folderId: string, bcIds: readonly string[]): Promise<OutlookContact[]> {
    const wanted = new Set(bcIds);
    return (await this.listContacts(folderId)).filter((c) => c.bcId !== '' && wanted.has(c.bcId));
  }

  async findByEmails(folderId: string, emails: readonly string[]): Promise<OutlookContact[]> {
    const wanted = new Set(emails.map(normalizeEmail).filter((e) => e !== ''));
    return (await this.listContacts(folderId)).filter((c) =>
      c.emailAddresses.some((e) => wanted.has(normalizeEmail(e.address))),
    );
  }

  async create(
    folderId: string,
    drafts: readonly OutlookContactDraft[],
  ): Promise<WriteOutcome<OutlookContact>[]> {
    this.requireFolder(folderId);
    return this.eachItem('create', drafts, (d) => {
      const invalid = limitsError(d);
      if (invalid) return { ok: false, error: invalid };
      const contact = this.write(folderId, {
        ...structuredClone(d),
        id: `contact-${++this.seq}`,
        changeKey: '',
        outlookOnly: [],
      });
      return { ok: true, value: contact };
    });
  }

  async update(folderId: string, updates: readonly OutlookUpdate[]): Promise<WriteOutcome<OutlookContact>[]> {
    this.requireFolder(folderId);
    return this.eachItem('update', updates, (u) => {
      const row = this.target(folderId, u);
      if (!row.ok) return row;
      const next = { ...row.value.contact, ...structuredClone(u.patch) };
      const invalid = limitsError(next);
      if (invalid) return { ok: false, error: invalid };
      return { ok: true, value: this.write(folderId, next) };
    });
  }

  async delete(folderId: string, deletes: readonly OutlookDelete[]): Promise<WriteOutcome<null>[]> {
    this.requireFolder(folderId);
    return this.eachItem('delete', deletes, (d) => {
      const row = this.target(folderId, d);
      if (!row.ok) return row;
      this.remove(d.id);
      return { ok: true, value: null };
    });
  }

  stats(): { requests: number; throttled: number } {
    return { requests: this.requests, throttled: 0 };
  }

  /** The stored contact an update or delete names, or Graph's refusal: not in the folder, or a stale changeKey ('*': any). */
  private target(folderId: string, item: { readonly id: string; readonly changeKey: string }) {
    const row = this.contacts.get(item.id);
    if (!row || row.folderId !== folderId) return notFound(item.id);
    if (item.changeKey !== '*' && item.changeKey !== row.contact.changeKey) return stale();
    return { ok: true as const, value: row };
  }

  /**
   * Each item of one write call, in order: counted as a request, the crash hook first, then the
   * test's fault for it (an error instead of the write, or the write done and its answer lost).
   */
  private eachItem<I, R>(
    op: 'create' | 'update' | 'delete',
    items: readonly I[],
    write: (item: I) => WriteOutcome<R>,
  ): WriteOutcome<R>[] {
    return items.map((item, i) => {
      this.requests++;
      crashCountdown(this);
      const fault = this.fault?.(op, i) ?? null;
      if (fault && fault !== 'lostResponse') return { ok: false, error: fault };
      const outcome = write(item);
      return fault === 'lostResponse' && outcome.ok ? lost() : outcome;
    });
  }
}
