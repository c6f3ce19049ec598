import { NO_RESULT, settleAll, settleWrites } from './executor-support.js';
import type { WriteSession } from './executor-support.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { outlookHolds, outlookPatch, outlookToSyncFields, syncFieldsToOutlookDraft } from './mapping.js';
import { nextBase } from './merge.js';
import { sameSyncFields } from './model.js';
import type { OutlookContact } from './model.js';
import { ownAfterWrite } from './list-room.js';
import { ownValuesBeside } from './owned-values.js';
import { ownAhead, rewritesOwnedEntry } from './own-ahead.js';
import { sentAheadKey } from './sent-ahead.js';
import type { PlanItem } from './plan.js';
import type { Mailbox } from './ports.js';
import type { SideCounts } from './records.js';
import { markedOurs } from './our-copies.js';
import { pendingOutlookCreateKey } from './pending-creates.js';
import { sending } from './uncertain-writes.js';

type Create = Extract<PlanItem, { kind: 'createInOutlook' }>;
type Update = Extract<PlanItem, { kind: 'update' }>;
type AnyDelete = Extract<PlanItem, { kind: 'deleteInOutlook' }>;
type Delete = Exclude<AnyDelete, { reason: 'ourCopy' }>;
type CopyDelete = Extract<AnyDelete, { reason: 'ourCopy' }>;

/**
 * One group of Outlook writes: creates, updates and deletes go out together (the mailbox paces
 * them), then the links, the settled pending creates and the dropped links are stored once each.
 * Creates are recorded as pending before they are sent: a run stopped before the links are
 * stored finds them again by BC id; an update whose link was not stored converges next run.
 */
export async function writeOutlook(
  session: WriteSession,
  chunk: readonly PlanItem[],
  answered?: () => void,
): Promise<void> {
  const { store, scope } = session.ctx;
  const creates = chunk.filter((i): i is Create => i.kind === 'createInOutlook');
  const updates = chunk.filter((i): i is Update => i.kind === 'update');
  const deletes = chunk.filter((i): i is Delete => i.kind === 'deleteInOutlook' && i.reason !== 'ourCopy');
  const copies = chunk.filter((i): i is CopyDelete => i.kind === 'deleteInOutlook' && i.reason === 'ourCopy');
  // Worked out once per create (issue 12: digests of every field, ~0.035 ms each, on the path to
  // the first write), for its announce and for its settling alike.
  const keys = creates.map((c) => pendingOutlookCreateKey(c.bcId, c.fields));
  // Stored while the creates' call is announced, not one round trip before it (issue 12 §2: the
  // first group's writes waited for both): the call goes out once both are saved.
  const pending = creates.length > 0 ? store.addPendingCreates(scope, keys) : Promise.resolve();
  // Observed: a call that never goes out (a cancel, a lease lost first) never awaits it.
  pending.catch(() => undefined);
  const links: Link[] = [];
  const settled: string[] = [];
  const gone: string[] = [];
  await settleAll([
    createInOutlook(session, creates, keys, links, settled, pending),
    updateInOutlook(session, updates, links, settled),
    deleteInOutlook(session, deletes, gone),
    removeOurCopies(session, copies),
  ]);
  answered?.();
  // After the links the pairs' BC writes stored (a pair's newer link lands last); the last group's
  // go with the run's end (end-links.ts).
  await session.followed();
  await session.storeLinks({ upserts: links, clearPending: settled, deletes: gone });
}

/**
 * One Outlook write call of `items` into the run's folder, counted while out (uncertain-writes.ts);
 * `saved`, a store write the call must not go out before, is awaited with its announce (a failure
 * of either sends nothing).
 */
function toFolder<R>(
  session: WriteSession,
  kind: keyof SideCounts,
  items: readonly unknown[],
  call: (mailbox: Mailbox, folderId: string) => Promise<R[]>,
  saved?: Promise<void>,
  counted = 0,
): Promise<R[]> {
  const { mailbox, scope } = session.ctx;
  // `saved` is awaited with whichever check `sending` makes: items all counted ahead (updates of
  // BC's changes, stamps) take the cancel's `recheck`, not the announce, and went out before their
  // pending entries were stored (sent-ahead.ts).
  return sending(session.ledger, 'outlook', kind, items, () => call(mailbox, scope.folderId), counted, saved);
}

async function createInOutlook(
  session: WriteSession,
  creates: readonly Create[],
  /** The creates' pending-create keys, as announced (pendingOutlookCreateKey). */
  keys: readonly string[],
  links: Link[],
  settled: string[],
  pending: Promise<void>,
): Promise<void> {
  const out = await toFolder(
    session,
    'created',
    creates,
    (mailbox, folderId) =>
      mailbox.create(
        folderId,
        creates.map((c) => syncFieldsToOutlookDraft(c.fields, c.bcId, session.ctx.createMark)),
      ),
    // Recorded as pending before they are sent: a run stopped meanwhile finds them by BC id.
    pending,
  );
  creates.forEach((item, n) => {
    const r = out[n];
    if (r?.ok) {
      session.res.counts.outlook.created++;
      const olFields = outlookToSyncFields(r.value);
      const base = nextBase(null, item.fields, olFields);
      const outlookOwn = ownValuesBeside(r.value, olFields);
      links.push(
        makeLink(
          { bcId: item.bcId, outlookId: r.value.id },
          base,
          { bcEtag: item.bcEtag, outlookChangeKey: r.value.changeKey },
          outlookOwn,
          // The answer is the contact as created, at that changeKey.
          outlookHolds(r.value, { base, outlookOwn }),
        ),
      );
      settled.push(keys[n] as string);
      // rule conflicts.settledKept: a re-created copy's settled conflict is listed on it now.
      if (item.settled)
        session.res.conflicts.push({ bcId: item.bcId, outlookId: r.value.id, record: item.settled });
    } else {
      const error = r?.error ?? NO_RESULT;
      // An unknown outcome stays pending: the next run looks for it by BC id.
      if (error.kind !== 'unknownOutcome') settled.push(keys[n] as string);
      session.fail('outlook', item, error);
    }
  });
}

async function updateInOutlook(
  session: WriteSession,
  updates: readonly Update[],
  links: Link[],
  /** The pending entries to clear with the group's links (sent-ahead.ts). */
  settled: string[],
): Promise<void> {
  const { res, pairs } = session;
  // Not awaited when there is nothing to read: the call is then counted in the same stretch as
  // the group's creates and deletes, and announced in the same save (uncertain-writes.ts).
  const unread = listsToRead(updates);
  const read =
    unread.length === 0 ? new Map<string, OutlookContact>() : await readListsToRewrite(session, unread);
  // The BC id stamps after this run's creates were counted with them, the updates of BC's changes
  // while Graph read the folder (UpdatesAhead); the call is checked again before it goes all the
  // same (`sending`: a cancel marked while BC made them or Graph answered).
  const ahead = session.updatesAhead.take(updates.map((u) => u.outlookId));
  // Outlook-only entries the plan read, stored before a rewrite of BC's entry of their list goes
  // out: its answer may be lost (own-ahead.ts).
  const own = ownAhead(updates);
  const { store, scope } = session.ctx;
  // The values sent, recorded before they go out: the links that make them the base are stored
  // only after the answer, which may be lost (sent-ahead.ts).
  const sent = updates.map(sentAheadKey);
  const entries = sent.filter((k): k is string => k !== null);
  // Those stored while Graph read (entries-ahead.ts) are awaited, not stored again: each key by itself.
  const early = session.ctx.entriesAhead?.cover(scope, entries, store) ?? { saved: null, rest: entries };
  const saves = [
    ...(own.length > 0 ? [store.upsertLinks(scope, own)] : []),
    ...(early.rest.length > 0 ? [store.addPendingCreates(scope, early.rest)] : []),
    ...(early.saved ? [early.saved] : []),
  ];
  // Observed: a call that never goes out (a cancel, a lease lost first) never awaits it.
  const saved = saves.length > 0 ? settleAll(saves) : undefined;
  saved?.catch(() => undefined);
  const out = await toFolder(
    session,
    'updated',
    updates,
    (mailbox, folderId) =>
      mailbox.update(
        folderId,
        updates.map((u) => ({
          id: u.outlookId,
          changeKey: u.outlook.stamp,
          // The BC id goes along on every update (the same value but for a stamp): with it and the
          // fax in the patch, the PATCH answer is the whole contact and nothing is read back.
          patch: outlookPatch(
            u.outlook.current,
            u.outlook.target,
            u.existing ?? read.get(u.outlookId) ?? null,
            u.bcId,
          ),
        })),
      ),
    saved,
    ahead,
  );
  // An answered update's entry goes with its link, a refused one's with the group's; an unknown
  // outcome's stays for the next run.
  out.forEach((r, n) => {
    const key = sent[n];
    if (key && (r.ok || r.error.kind !== 'unknownOutcome')) settled.push(key);
  });
  await settleWrites(session, 'outlook', updates, out, (item, value) => {
    // Only the BC id written after a create counts under BC's created (unless BC changed values).
    const stampOnly = sameSyncFields(item.outlook.current, item.outlook.target);
    if (!(pairs.get(item.bcId)?.createdInBc && stampOnly)) res.counts.outlook.updated++;
    // Read as written: the entries holding the target's values are BC's, the rest Outlook's own.
    const olFields = outlookToSyncFields(value, { base: item.outlook.target }, 'own');
    const bcFields = pairs.get(item.bcId)?.bcFields ?? item.bc.current;
    const base = nextBase(item.base, bcFields, olFields);
    const outlookOwn = ownAfterWrite(value, olFields, item.outlook.target, item.outlookOwn);
    links.push(
      makeLink(
        item,
        base,
        { bcEtag: item.bc.stamp, outlookChangeKey: value.changeKey },
        outlookOwn,
        // The PATCH answer is the whole contact at that changeKey (BC id and fax went along).
        outlookHolds(value, { base, outlookOwn }),
      ),
    );
  });
}

async function deleteInOutlook(
  session: WriteSession,
  deletes: readonly Delete[],
  gone: string[],
): Promise<void> {
  const out = await toFolder(session, 'deleted', deletes, (mailbox, folderId) =>
    mailbox.delete(
      folderId,
      deletes.map((d) => ({ id: d.outlookId, changeKey: d.changeKey })),
    ),
  );
  // Already gone from Outlook (a 404, e.g. after a lost answer to our own delete) is done too.
  await settleWrites(
    session,
    'outlook',
    deletes,
    out,
    (item) => {
      session.res.counts.outlook.deleted++;
      gone.push(item.bcId);
    },
    (item) => gone.push(item.bcId),
  );
}

/**
 * Contacts to read before a PATCH rewrites their e-mail or phone list although the plan did not
 * read them (a delta run where Outlook did not change): the list holds Outlook's own entries,
 * which the new list must keep in place (issue 8 §1). Only those with the stamp the plan saw.
 */
async function readListsToRewrite(
  session: WriteSession,
  unread: readonly Update[],
): Promise<Map<string, OutlookContact>> {
  const stamps = new Map(unread.map((u) => [u.outlookId, u.outlook.stamp]));
  const found = await session.ctx.mailbox.getMany(session.ctx.scope.folderId, [...stamps.keys()]);
  return new Map(found.filter((c) => stamps.get(c.id) === c.changeKey).map((c) => [c.id, c]));
}

/** Of `updates`, those readListsToRewrite reads. */
function listsToRead(updates: readonly Update[]): Update[] {
  return updates.filter(
    (u) =>
      u.existing === null &&
      rewritesOwnedEntry(u.outlook.current, u.outlook.target) &&
      (u.outlookOwn === undefined || u.outlookOwn.emails.length + u.outlookOwn.phones.length > 0),
  );
}

/**
 * rule duplicates.removeOurCopy: each copy is read again with every contact carrying its BC id
 * (one look-up), right before its DELETE, and deleted only while it is still at the changeKey the
 * plan saw (so it holds what the plan compared), the linked contact still carries the BC id (or,
 * its BC contact deleted, it is gone: this run removes it, deletions.removeCopy), and
 * the copy still bears a mark of ours no other contact shares (our-copies.ts). The DELETE carries that
 * changeKey as If-Match; Graph documents no If-Match on a contact's DELETE (and Exchange's own
 * DeleteItem ignores change keys), so the read is the check that counts: a user's edit can be lost
 * only if it lands between this read and the DELETE, one round trip. A copy kept is skipped as
 * before (duplicateOfLinked: the hint says to delete it by hand). No link changes either way.
 */
async function removeOurCopies(session: WriteSession, copies: readonly CopyDelete[]): Promise<void> {
  if (copies.length === 0) return;
  const { mailbox, scope } = session.ctx;
  const keep = (item: CopyDelete) => session.res.failed.push(item.kept);
  let read: OutlookContact[];
  try {
    read = await mailbox.findByBcIds(scope.folderId, [...new Set(copies.map((c) => c.bcId))]);
  } catch {
    // Not known to be ours as it is now: kept, as before this rule; the next run looks again.
    copies.forEach(keep);
    return;
  }
  const byId = new Map(read.map((c) => [c.id, c]));
  const sure: CopyDelete[] = [];
  for (const item of copies) {
    const copy = byId.get(item.outlookId);
    // Its BC contact deleted, the linked copy goes in this run too (F4): judged as the plan read it.
    const linked = byId.get(item.linkedOutlookId) ?? item.linkedOfDeleted;
    if (!copy) continue; // gone already: nothing to do
    const carrying = read.filter((c) => c.bcId === item.bcId);
    // At the changeKey the plan saw, the copy holds what the linked contact held then (the plan
    // compared them): a change to the linked contact since (BC's, written by this run) loses nothing.
    if (copy.changeKey === item.changeKey && linked && markedOurs(copy, linked, carrying)) sure.push(item);
    else keep(item);
  }
  if (sure.length === 0) return;
  const out = await toFolder(session, 'deleted', sure, (box, folderId) =>
    box.delete(
      folderId,
      sure.map((d) => ({ id: d.outlookId, changeKey: d.changeKey })),
    ),
  );
  sure.forEach((item, n) => {
    const r = out[n];
    if (r?.ok) session.res.counts.outlook.deleted++;
    // Gone already (a lost answer to our own DELETE, or the user's): done.
    else if (r?.error.kind === 'notFound') return;
    // Changed since the read (If-Match refused): the user's edit stands, the copy is kept.
    else if (r?.error.kind === 'stale') keep(item);
    else session.fail('outlook', item, r?.error ?? NO_RESULT);
  });
}
