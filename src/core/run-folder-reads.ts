import type { OutlookView } from './plan.js';
import type { BcContact } from './model.js';
import type { BcChangesSeen } from './entries-ahead.js';
import { PortFailure } from './port-errors.js';
import { RunLinks } from './run-links.js';
import { updatesAheadOf } from './updates-ahead.js';
import { bcLookAhead } from './bc-look-ahead.js';
import type { BcLookUps } from './bc-look-ahead.js';
import type { OwnLinkKeys } from './own-link-keys.js';
import type {
  BcContacts,
  BcRead,
  ConflictEntry,
  KnownVersions,
  Logger,
  MailFolder,
  PageBeat,
  Mailbox,
  SkipEntry,
  MailboxChanges,
  ReportedChange,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from './ports.js';

/* How a run reads the sync folder (in full or its changes), and the store a dry run sees for a
   folder that does not exist yet. */

/**
 * A full read of the folder (rule full.everyContact) that also leaves a fresh delta link, so the next delta starts here
 * (issue 12 §2). With a stored link, one round from it yields the fresh link at the cost of the
 * changes since (nothing is read by id: every reported contact is "known", the list below has
 * them all); without one (or a forgotten one) the mailbox's first round does. The round comes
 * before the list: anything changed in between is also reported by the next round.
 */
export async function readFolderInFull(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
  onPage?: PageBeat,
): Promise<{ view: OutlookView; deltaLink: string }> {
  const all: KnownVersions = async (reported) => new Set(reported.map((r) => r.id));
  const round = await mailbox.readChanges(folderId, stored, all, onPage);
  if (round.kind === 'snapshot')
    return { view: { kind: 'snapshot', contacts: round.contacts }, deltaLink: round.deltaLink };
  return {
    view: { kind: 'snapshot', contacts: await mailbox.listContacts(folderId, onPage) },
    deltaLink: round.deltaLink,
  };
}

/**
 * Outlook writes from which a run moves its delta link past them before storing it: a delta page
 * (Graph sends at most 200 entries a page, contracts §3). Fewer ride on the next delta's first page.
 */
export const ECHO_PAGE = 200;

/**
 * The delta link a run stores after its Outlook writes (issue 12 §2, design §2). The run read the
 * folder at `before`; its own `writes` come back in the next round as echoes. Below ECHO_PAGE
 * writes that round is the next delta's first page anyway, and `before` is returned. From ECHO_PAGE
 * on (a first full sync writes the whole folder: 250 pages at 50,000, which the next run — a delta
 * whose target is one request, or a full — would page through one after another), the run follows
 * one round from `before` here, at one request per 200 of its writes, and returns the round's link
 * when every contact it reports is the run's own: a changed one whose link now holds the changeKey
 * reported (read from the store: the executor stored it), a removed one the run deleted
 * (`deletedIds`). Anything else — the user changed the folder while the run wrote, the service
 * forgot `before`, the round failed — returns `before`, so the next run reads every change since,
 * as without this step: nothing is lost, only the saving. What the lease beat throws is thrown.
 *
 * `fromStart`: `before` is the start link of a folder the run made (MailFolder.startLink), which
 * reports no removal and so is never stored: the round is always followed, whatever the writes,
 * and where its link cannot be used the result is '' (no link: the next run reads the folder whole).
 * As the round reports no removal, it must report every one of the run's `created` contacts as
 * its own: one it does not was removed by the user during the run (the review's
 * made-folder-deleted-during-run), and a link past that removal would never tell it. `created` is
 * read once every link is stored (`stored`): the run's count by then.
 *
 * `catchUp`: the round started while the run's last writes were still out (EchoRound.tail), so it
 * may have passed before some of them landed. Once `catchUp` settles (every write answered) the
 * round's link is followed once more, and what that reports is judged with the rest. The link
 * returned is then past every write of the run; a write Graph reports later still (its changes
 * may lag a round) is one the next run reads and finds equal to its link's base, or, for a made
 * folder, one this round misses, so its link is not used (`missing`).
 *
 * Nothing reported is read by id, and the round does not wait for the links to be stored: what
 * it reports is judged once `stored` settles (every link of the run is noted by then); an id
 * reported more than once counts by what was reported of it last.
 */
export async function linkPastOwnWrites(
  deps: { mailbox: Mailbox; store: Pick<SyncStateStore, 'findLinks'>; logger: Logger },
  scope: SyncScope,
  before: string,
  writes: number,
  deletedIds: ReadonlySet<string>,
  onPage?: PageBeat,
  ownKeys?: OwnLinkKeys,
  stored?: Promise<void>,
  fromStart: { readonly created: number } | null = null,
  catchUp: Promise<void> | null = null,
): Promise<string> {
  if (!fromStart && (writes < ECHO_PAGE || before === '')) return before;
  const unused = fromStart ? '' : before;
  // What the round reported, by id: the changeKey reported last, or null for a removal.
  const reported = new Map<string, string | null>();
  const note = (id: string, changeKey: string | null) => {
    reported.delete(id);
    reported.set(id, changeKey);
  };
  const all: KnownVersions = async (changes) => {
    for (const r of changes) note(r.id, r.changeKey);
    return new Set(changes.map((r) => r.id));
  };
  const follow = async (link: string): Promise<string | null> => {
    const round = await deps.mailbox.readChanges(scope.folderId, link, all, onPage);
    if (round.kind === 'snapshot') return null;
    for (const id of round.removedIds) note(id, null);
    return round.deltaLink;
  };
  let link: string | null;
  let caughtUp = false;
  try {
    link = await follow(before);
    if (link !== null && catchUp) {
      await catchUp;
      caughtUp = true;
      link = await follow(link);
    }
  } catch (error) {
    if (!(error instanceof PortFailure)) throw error;
    deps.logger.warn({ kind: error.kind }, 'run.echoRoundFailed');
    return unused;
  }
  if (link === null) return unused;
  await stored;
  let foreign = 0;
  const changed: ReportedChange[] = [];
  for (const [id, changeKey] of reported) {
    if (changeKey !== null) changed.push({ id, changeKey });
    else if (!deletedIds.has(id)) foreign++;
  }
  // The links the run stored are known without the store; only the rest are looked up there.
  const noted = (r: ReportedChange) => r.changeKey !== '' && ownKeys?.changeKeyOf(r.id) === r.changeKey;
  const rest = changed.filter((r) => !noted(r));
  const held = rest.length > 0 ? await knownBy(RunLinks.partial(deps.store, scope))(rest) : new Set<string>();
  foreign += rest.length - held.size;
  const ownReported = changed.length - rest.length + held.size;
  const missing = fromStart ? Math.max(0, fromStart.created - ownReported) : 0;
  deps.logger.info({ writes, reported: reported.size, foreign, missing, caughtUp }, 'run.echoRound');
  return foreign === 0 && missing === 0 ? link : unused;
}

/** The folder's changes since the stored link (a snapshot when there is none or it was forgotten). */
export async function readFolderChanges(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
  known: KnownVersions,
  onPage?: PageBeat,
): Promise<{ view: OutlookView; deltaLink: string }> {
  return viewOf(await mailbox.readChanges(folderId, stored, known, onPage));
}

/** A mailbox read as the planner's view, with the link the next delta starts from. */
export function viewOf(changes: MailboxChanges): { view: OutlookView; deltaLink: string } {
  return {
    view:
      changes.kind === 'snapshot'
        ? { kind: 'snapshot', contacts: changes.contacts }
        : { kind: 'changes', changed: changes.changed, removedIds: changes.removedIds },
    deltaLink: changes.deltaLink,
  };
}

/**
 * The store as a run sees a folder that holds no state: one that does not exist yet (a dry run) or
 * that the run has just made: no cursor, links, pending creates, conflicts or skipped contacts.
 * Only reads are answered here; a dry run writes nothing, and a real run writes through the store
 * it was given.
 */
export function stateOfMissingFolder(store: SyncStateStore): SyncStateStore {
  const none: Partial<SyncStateStore> = {
    getCursor: async () => null,
    listLinks: async () => [],
    findLinks: async () => [],
    countLinks: async () => 0,
    listPendingCreates: async () => [],
    listConflicts: async () => [],
    listSkipped: async () => [],
  };
  return Object.assign(Object.create(store) as SyncStateStore, none);
}

/**
 * Of the contacts a delta reports, those whose changeKey a link holds: our own writes echoed back,
 * not read again (issue 12 §2). Looks up only the reported ids' links.
 */
export function knownBy(links: RunLinks): KnownVersions {
  return async (reported) => {
    await links.lookUp(
      [],
      reported.map((r) => r.id),
    );
    const held = reported.filter(
      (r) => r.changeKey !== '' && links.outlookLink(r.id)?.outlookChangeKey === r.changeKey,
    );
    return new Set(held.map((r) => r.id));
  };
}

/** The state lists a run reads whatever the sides report: pending creates, conflicts, skipped. */
export interface StoredLists {
  readonly pending: string[];
  readonly conflicts: ConflictEntry[];
  readonly skipped: SkipEntry[];
}

/**
 * One read of each stored list of `scope`, at once (they do not depend on each other); the skipped
 * list only `withSkipped` (a run that reads both sides whole replaces it without reading it).
 */
export async function readStoredLists(
  store: SyncStateStore,
  scope: SyncScope,
  withSkipped: boolean,
): Promise<StoredLists> {
  const [pending, conflicts, skipped] = await Promise.all([
    store.listPendingCreates(scope),
    store.listConflicts(scope),
    withSkipped ? store.listSkipped(scope) : [],
  ]);
  return { pending, conflicts, skipped };
}

/**
 * A delta run's reads of the folder it synced last (`stored.folderId`): its cursor, then — at once, as
 * none waits for another (issue 12 §2: a delta's time is one round trip, not one per side) — the
 * folder with its changes (one mailbox call), BC's changes since the cursor's link (`bcLinkOf`;
 * not when the run reads BC whole, `readsAll`) and the stored lists, and the links of what BC reports once it answered. `read` is null when there is no link to go on (nothing was asked of the
 * sides) or the folder is gone (`attempted`: the caller finds or makes it by name, and reads BC and
 * the lists of that folder itself: what was read here for the old one is dropped). A failure is
 * reported in that order (the folder's read first), whichever answered first.
 */
export async function readStoredFolder(
  deps: { store: SyncStateStore; bc: BcContacts },
  stored: {
    readonly userId: string;
    /** The folder the runs before synced. */
    readonly folderId: string;
    /** Its cursor, when asked for already (else read here). */
    readonly cursor?: Promise<SyncCursor | null> | undefined;
    /** The runs since that cursor's link wrote nothing (echo-free.ts): no reported contact is an echo. */
    readonly echoFree?: boolean;
    /** Told the Outlook ids of the linked contacts BC reports changed from their base, once known (updates-ahead.ts). */
    readonly onBcLinked?: (outlookIds: readonly string[]) => void;
    /** Told BC's changes with their links once the stored lists answered too (entries-ahead.ts). */
    readonly onBcChanges?: (seen: BcChangesSeen) => void;
  },
  mailbox: Mailbox,
  bcLinkOf: (cursor: SyncCursor) => string | null,
  readsAll: (cursor: SyncCursor) => boolean,
  onPage?: PageBeat,
  /** Told of the new contacts the delta reports (bcLookAhead's `onNew`). */
  onNew?: (emails: readonly string[], reads: number) => Promise<BcContact[]> | null,
): Promise<{
  read: {
    cursor: SyncCursor;
    links: RunLinks;
    folder: MailFolder;
    changes: MailboxChanges;
    /** Null when the run reads BC whole (`readsAll`): read beside the rest of the run's reads. */
    bc: BcRead | null;
    lists: StoredLists;
    /** BC's reads for the reported Outlook contacts, asked while Graph read them (bc-look-ahead.ts). */
    bcReads: BcLookUps;
  } | null;
} | null> {
  const storedId = stored.folderId;
  const scope: SyncScope = { userId: stored.userId, folderId: storedId };
  const cursor = await (stored.cursor ?? deps.store.getCursor(scope));
  if (!cursor?.deltaLink) return null;
  const links = RunLinks.partial(deps.store, scope);
  // BC read in part is completed with reads for the Outlook contacts the delta reports: asked as
  // soon as the delta page names them (a side read whole needs none).
  const ahead = readsAll(cursor) ? null : bcLookAhead(deps.bc, links, onNew);
  const judge = ahead ? ahead.known(knownBy(links)) : knownBy(links);
  // With no echo to leave unread (echo-free.ts), Graph reads every reported contact by id at once
  // and the links' look-up (and BC's reads it starts) goes beside those reads, not before them
  // (issue 12, delta-outlook-1pct: a store round trip between Graph's delta page and its reads by
  // id). Awaited below, before the run holds `links`, as the look-up Graph awaited was.
  const judging: Promise<unknown>[] = [];
  const known: KnownVersions = stored.echoFree
    ? async (reported) => {
        const judged = judge(reported);
        judged.catch(() => undefined);
        judging.push(judged);
        return new Set<string>();
      }
    : judge;
  const outlook = mailbox.folderWithChanges(storedId, cursor.deltaLink, known, onPage);
  // A run that reads BC whole (a changed filter) reads it beside the whole folder and every link.
  const bc = readsAll(cursor) ? Promise.resolve(null) : deps.bc.readChanges(bcLinkOf(cursor), onPage);
  // The links of what BC reports, read as soon as BC answers, while Graph still reads (issue 12 §2:
  // a BC delta's look-up of them waited for Graph's answer, a round trip before its writes).
  // Awaited below, before the run holds `links`: nothing it adds itself later is raced by it.
  const lists = readStoredLists(deps.store, scope, true);
  const bcLinks = bc.then(async (read) => {
    if (read?.kind !== 'changes') return;
    await links.lookUp([...read.changed.map((c) => c.id), ...read.deletedIds], []);
    // Each of them linked whose values moved from the link's base gets at most one Outlook update
    // (an echo of our own write none): counted while Graph still reads.
    stored.onBcLinked?.(updatesAheadOf(read.changed, (id) => links.bcLink(id)));
    // Their updates' entries, stored while Graph still reads (not awaited: the read goes on).
    const told = stored.onBcChanges;
    // A failed read or plan here is the run's own to report, when it reads and plans them.
    if (told)
      lists
        .then((l) =>
          told({ scope, changed: read.changed, deletedIds: read.deletedIds, links: links.list(), lists: l }),
        )
        .catch(() => undefined);
  });
  // Awaited in order below; one that fails while an earlier one is awaited is not left unhandled.
  for (const p of [bc, bcLinks, lists]) p.catch(() => undefined);
  const found = await outlook.catch(async (e: unknown) => {
    await Promise.allSettled(judging);
    throw e;
  });
  if (!found) {
    await Promise.allSettled(judging);
    return { read: null };
  }
  await Promise.all(judging);
  const read = await bc;
  await bcLinks;
  return {
    read: { ...found, cursor, links, bc: read, lists: await lists, bcReads: ahead?.reads ?? deps.bc },
  };
}
