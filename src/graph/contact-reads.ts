import type { OutlookContact } from '../core/model.js';
import type { KnownVersions, MailFolder, PageBeat, MailboxChanges } from '../core/ports.js';
import { pagesMeet, readPagesOnLanes } from '../platform/page-lanes.js';
import { runBatched } from './batch-runner.js';
import { CONTACT_QUERY, fromGraphContact } from './contact-mapping.js';
import { findByBcIds, findByEmails, getMany } from './contact-lookups.js';
import type { LookupReads } from './contact-lookups.js';
import { TextPool } from '../core/text-pool.js';
import type { RawResponse } from './graph-client.js';
import { replayableLink } from './delta-link.js';
import { DELTA_SELECT, deltaHeaders, deltaRound } from './graph-delta.js';
import type { DeltaRound } from './graph-delta.js';
import { GraphError, isResyncError } from './graph-error.js';
import { callersBeat, failureOf } from './callers-beat.js';
import { pagesBySkip } from './skip-paging.js';
import type { GraphFolders } from './graph-folders.js';
import type { GraphTransport } from './graph-transport.js';
import type { GraphWalk } from './graph-walk.js';

/** Contacts per list page (Graph's `$top` maximum for contacts, contracts §2). */
const LIST_PAGE = 1000;

/**
 * Contacts past a delta's reported count in the list of the most recently modified (readReported):
 * room for contacts edited between the delta page and the list.
 */
const RECENT_MARGIN = 20;

/** List pages asked at once: the mailbox's concurrency (4 per app and mailbox, contracts §4). */
const LIST_LANES = 4;

/** Reads of a folder's list whose lane pages did not meet before the read fails (listContacts). */
const LIST_ATTEMPTS = 3;

/**
 * The Mailbox port's reads of one mailbox's contacts (`root`: `/me` or `/users/{id}`): whole lists,
 * delta rounds, and lookups by id, BC id and e-mail. Every failure is a PortFailure, except what the
 * caller's own page beat threw, which reaches the caller as it is.
 */
export class GraphContactReads {
  constructor(
    private readonly transport: GraphTransport,
    private readonly root: string,
    private readonly deltaPageSize: number,
    private readonly folders: GraphFolders,
  ) {}

  /**
   * Every contact of the folder, 1,000 a page. Graph's contact list pages by `$skip` (its nextLink
   * is the first request with `$skip` added, contracts §2), so once the first page says there is
   * more, the pages after it are asked by their offsets on LIST_LANES lanes at once (the mailbox's
   * concurrency) instead of one nextLink after another (issue 12 §2: 50 pages at 50,000). A lane
   * stops at the page that ends the list; pages past it (at most one per other lane) are dropped.
   * A nextLink of another form is followed page by page as before. A contact met twice (the list
   * shifted under a write while it was read) counts once.
   *
   * A contact deleted (or one that moved) while the lanes read shifts the contacts behind it back a
   * place, so the one at a page's edge would be read by no lane — and a whole read without it
   * re-creates its Outlook copy beside it (deletions.recreate). So lane pages overlap by one
   * contact, and each must begin with the contact (same id and changeKey: unchanged, so in the same
   * place) that ended the page before it; else the list is read again, at most LIST_ATTEMPTS times.
   */
  async listContacts(folderId: string, onPage?: PageBeat): Promise<OutlookContact[]> {
    const beat = callersBeat(onPage);
    for (let attempt = 1; ; attempt++) {
      const read = await this.listOnce(folderId, beat);
      if (read !== null) return read;
      if (attempt >= LIST_ATTEMPTS)
        throw failureOf(
          new GraphError(503, 'ListShifted', 'The folder changed under every read of its contacts.'),
        );
    }
  }

  /** One read of the folder's list; null when lane pages did not meet edge to edge. */
  private async listOnce(folderId: string, beat: PageBeat | undefined): Promise<OutlookContact[] | null> {
    const first = `${this.contactsUrl(folderId)}?$top=${LIST_PAGE}&${CONTACT_QUERY}`;
    const pages: OutlookContact[][] = [];
    // One pool for the read: a company's contacts share their company's texts (text-pool.ts).
    const pool = new TextPool();
    let end = Infinity;
    let lanes = false;
    const take = async (index: number, body: Record<string, unknown>): Promise<void> => {
      pages[index] = ((body.value ?? []) as Record<string, unknown>[]).map((j) => fromGraphContact(j, pool));
      if (typeof body['@odata.nextLink'] !== 'string') end = Math.min(end, index);
      await beat?.();
    };
    const walk = this.transport.walk();
    try {
      walk.check(first);
      const body = ((await this.transport.request({ method: 'GET', url: first })).body ?? {}) as Record<
        string,
        unknown
      >;
      await take(0, body);
      const next = body['@odata.nextLink'];
      if (typeof next === 'string') {
        if (pagesBySkip(first, next, LIST_PAGE)) {
          lanes = true;
          await this.listLanes(first, take, walk);
        } else {
          let index = 1;
          await this.transport.pages({ method: 'GET', url: next }, (b) => take(index++, b), walk);
        }
      }
    } catch (error) {
      throw failureOf(error);
    }
    const kept = lanes ? pages.slice(0, end + 1) : pages;
    const same = (a: OutlookContact, b: OutlookContact) => a.id === b.id && a.changeKey === b.changeKey;
    if (lanes && !pagesMeet(kept, same)) return null;
    const byId = new Map<string, OutlookContact>();
    for (const page of kept) for (const c of page ?? []) if (!byId.has(c.id)) byId.set(c.id, c);
    return [...byId.values()];
  }

  /** Pages 1, 2, … of the list at `first` by `$skip` k × 999 (overlapping by one), on LIST_LANES lanes. */
  private listLanes(
    first: string,
    take: (index: number, body: Record<string, unknown>) => Promise<void>,
    walk: GraphWalk,
  ): Promise<void> {
    // Lanes ask by offset until a page says it is the last: bounded like any walk (page-walk.ts).
    const read = async (index: number) => {
      walk.counted();
      const url = `${first}&$skip=${index * (LIST_PAGE - 1)}`;
      return ((await this.transport.request({ method: 'GET', url })).body ?? {}) as Record<string, unknown>;
    };
    return readPagesOnLanes(LIST_LANES, read, (body) => typeof body['@odata.nextLink'] === 'string', take);
  }

  /**
   * `deltaLink` is a stored link: host-neutral as this method returns it (see delta-link.ts), or an
   * absolute link stored before, which is rebased on this mailbox. The link returned is host-neutral.
   */
  async readChanges(
    folderId: string,
    deltaLink: string | null,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<MailboxChanges> {
    const beat = callersBeat(onPage);
    try {
      // A stored link that does not name this folder's delta is not followed (delta-link.ts).
      const replay = deltaLink === null ? null : replayableLink(deltaLink, folderId, this.root);
      if (replay !== null) {
        try {
          return await this.changesOf(
            folderId,
            await deltaRound(this.transport, this.deltaPageSize, replay, beat),
            known,
          );
        } catch (error) {
          // The service forgot this sync state (410 SyncStateNotFound): start over, caller reconciles by id.
          if (!(error instanceof GraphError && isResyncError(error))) throw error;
        }
      }
      return await this.snapshot(folderId, beat);
    } catch (error) {
      throw failureOf(error);
    }
  }

  /** A delta page lacks the extended properties (BC id, fax): what the caller does not hold is read whole by id. */
  private async changesOf(
    folderId: string,
    round: DeltaRound,
    known?: KnownVersions,
  ): Promise<MailboxChanges> {
    const held = known && round.changed.length > 0 ? await known(round.changed) : new Set<string>();
    const wanted = round.changed.filter((c) => !held.has(c.id)).map((c) => c.id);
    const changed = await this.readReported(folderId, wanted, round.changed.length);
    return { kind: 'changes', changed, removedIds: round.removedIds, deltaLink: round.deltaLink };
  }

  /**
   * The contacts a delta reported (`wanted`), read whole: first as the folder's most recently
   * modified contacts, one list request (`$orderby=lastModifiedDateTime desc`, with the extended
   * properties a by-id read brings: contracts §2, generic OData options), then by id for any the
   * list did not hold (issue 12, delta-outlook-1pct: 10 reads by id were 3 round trips on the
   * mailbox's 4 slots, 120 ms at 40 ms, between the delta page and BC's creates; at 10,000 the 100
   * reads were 25). What a delta reports changed since the last round is what changed last, so
   * the list's first `reported` contacts (echoes of our own writes included) and a margin for
   * edits made since hold them; a contact moved into the folder keeps its older time and is read by
   * id. Either read answers the contact as it is now, with the same query (CONTACT_QUERY). A
   * service that refuses the ordering (400) is read by id, and so are as many as the mailbox's
   * slots read at once (one round trip either way).
   */
  private async readReported(
    folderId: string,
    wanted: readonly string[],
    reported: number,
  ): Promise<OutlookContact[]> {
    // Reads by id that fit the mailbox's slots are one round trip too, and answer only those contacts.
    if (wanted.length <= LIST_LANES || reported + RECENT_MARGIN > LIST_PAGE)
      return this.getMany(folderId, wanted);
    const top = reported + RECENT_MARGIN;
    const url = `${this.contactsUrl(folderId)}?$top=${top}&$orderby=lastModifiedDateTime%20desc&${CONTACT_QUERY}`;
    let listed: Record<string, unknown>[];
    try {
      const body = ((await this.transport.request({ method: 'GET', url })).body ?? {}) as Record<
        string,
        unknown
      >;
      listed = (body.value ?? []) as Record<string, unknown>[];
    } catch (error) {
      // A service that refuses the ordered list (400) is read by id, as before.
      if (error instanceof GraphError && error.status === 400) return this.getMany(folderId, wanted);
      throw failureOf(error);
    }
    const want = new Set(wanted);
    const found = new Map<string, OutlookContact>();
    for (const j of listed) {
      if (typeof j.id !== 'string' || !want.has(j.id)) continue;
      found.set(j.id, fromGraphContact(j));
    }
    const rest = wanted.filter((id) => !found.has(id));
    const byId = rest.length > 0 ? new Map((await this.getMany(folderId, rest)).map((c) => [c.id, c])) : null;
    return wanted.flatMap((id) => found.get(id) ?? byId?.get(id) ?? []);
  }

  /**
   * The folder list's first page and the delta's first page in one `$batch` (one HTTP request for
   * an idle delta, issue 12 §2). The folder is looked for as `folderById` does (Contacts' children:
   * a deleted one is in Deleted Items); past the first 100 folders the list is read to its end.
   */
  async folderWithChanges(
    folderId: string,
    deltaLink: string,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<{ folder: MailFolder; changes: MailboxChanges } | null> {
    const replay = replayableLink(deltaLink, folderId, this.root);
    if (replay === null) {
      const folder = await this.folders.folderById(folderId);
      return folder && { folder, changes: await this.readChanges(folderId, null, known, onPage) };
    }
    try {
      const [list, delta] = await runBatched<RawResponse | GraphError>(
        this.transport,
        [
          { method: 'GET', url: `${this.root}/contactFolders?$top=100&$select=id,displayName` },
          { method: 'GET', url: replay, headers: deltaHeaders(this.deltaPageSize) },
        ],
        {
          settle: (_i, raw) => ({ done: raw }),
          recoverLost: async () => new Map(),
          giveUp: (_i, error) => error,
        },
      );
      const listed = this.okBody(list);
      const found = ((listed.value ?? []) as { id?: unknown; displayName?: unknown }[]).find(
        (f) => f.id === folderId,
      );
      const folder: MailFolder | null = found
        ? { id: folderId, displayName: typeof found.displayName === 'string' ? found.displayName : '' }
        : typeof listed['@odata.nextLink'] === 'string'
          ? await this.folders.folderById(folderId)
          : null;
      if (!folder) return null;
      if (!(delta instanceof GraphError) && delta?.status === 200) {
        const round = await deltaRound(
          this.transport,
          this.deltaPageSize,
          this.okBody(delta),
          callersBeat(onPage),
        );
        return { folder, changes: await this.changesOf(folderId, round, known) };
      }
      // A forgotten link (410) or a failed page: as readChanges answers it.
      return { folder, changes: await this.readChanges(folderId, deltaLink, known, onPage) };
    } catch (error) {
      throw failureOf(error);
    }
  }

  /** The body of a 200 item answer; the item's error otherwise. */
  private okBody(raw: RawResponse | GraphError | undefined): Record<string, unknown> {
    if (raw instanceof GraphError) throw raw;
    if (!raw || raw.status !== 200)
      throw raw ? this.transport.errorOf(raw) : new GraphError(0, 'NetworkError', 'No answer.');
    return (raw.body ?? {}) as Record<string, unknown>;
  }

  /**
   * A first round: the delta round only yields the link; the contacts come from a list (1000 per
   * page with extended properties, where delta gives 200 without). Listing after the round is
   * safe: anything changed in between is also reported by the next round.
   */
  private async snapshot(folderId: string, onPage?: PageBeat): Promise<MailboxChanges> {
    // Only what deltaRound reads: the contacts come from the list below, whole.
    const url = `${this.contactsUrl(folderId)}/delta?$select=${DELTA_SELECT}`;
    let round: DeltaRound;
    try {
      round = await deltaRound(this.transport, this.deltaPageSize, url, onPage);
    } catch (error) {
      // A mid-round link can expire too; one fresh start is enough, a second failure is real.
      if (!(error instanceof GraphError && isResyncError(error))) throw error;
      round = await deltaRound(this.transport, this.deltaPageSize, url, onPage);
    }
    // A first round returns every contact the folder holds (contracts §3): one that reports none
    // found it empty, and a contact added since is reported by the next round, as one added after
    // a list would be. Its list is not read (issue 12 §2: a first full sync into the folder it had
    // just made read it, a round trip before its first write).
    if (round.changed.length === 0 && round.removedIds.length === 0)
      return { kind: 'snapshot', contacts: [], deltaLink: round.deltaLink };
    const contacts = await this.listContacts(folderId, onPage);
    return { kind: 'snapshot', contacts, deltaLink: round.deltaLink };
  }

  /** Complete contacts by id, 20 GETs per $batch; ids no longer in the folder are left out. */
  getMany(folderId: string, ids: readonly string[]): Promise<OutlookContact[]> {
    return getMany(this.lookups, folderId, ids);
  }

  /** The folder's contacts stamped with one of `bcIds` (contact-lookups.ts). */
  findByBcIds(folderId: string, bcIds: readonly string[]): Promise<OutlookContact[]> {
    return findByBcIds(this.lookups, folderId, bcIds);
  }

  /** The folder's contacts holding one of `emails`, in any position and case (contact-lookups.ts). */
  findByEmails(folderId: string, emails: readonly string[]): Promise<OutlookContact[]> {
    return findByEmails(this.lookups, folderId, emails);
  }

  /** What the look-ups (contact-lookups.ts) read through. */
  private get lookups(): LookupReads {
    return {
      transport: this.transport,
      contactsUrl: (folderId) => this.contactsUrl(folderId),
      listContacts: (folderId) => this.listContacts(folderId),
    };
  }

  contactsUrl(folderId: string): string {
    return `${this.root}/contactFolders/${encodeURIComponent(folderId)}/contacts`;
  }
}
