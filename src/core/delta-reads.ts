import { CoreBug } from './core-bug.js';
import { normalizeEmail, sameSyncFields } from './model.js';
import type { BcContact, OutlookContact } from './model.js';
import type { BcView, OutlookView } from './plan.js';
import type { Mailbox, SyncScope } from './ports.js';
import type { BcLookUps } from './bc-look-ahead.js';
import { movedEmail } from './bc-email-index.js';
import type { Link } from './link.js';
import type { RunLinks } from './run-links.js';
import { skipsNamingGone } from './skip-refs.js';
import { bcPartnersToRead, contactsOf, partnersToRead, writesOnLinksWord } from './delta-partners.js';
import type { SideRead } from './delta-partners.js';
import type { SkipEntry } from './state-store-port.js';

export interface DeltaViews {
  readonly bc: BcView;
  readonly outlook: OutlookView;
}

/** What completing the views needs of the run. */
export interface DeltaReadDeps {
  /** BC's reads (the run's look-ahead answers those it asked while Graph read: bc-look-ahead.ts). */
  readonly bc: BcLookUps;
  readonly mailbox: Mailbox;
  /** Whether a BC contact is in the user's scope now (design §2 Scope). */
  readonly inScope: (contact: BcContact) => boolean;
}

/**
 * The BC view with what the partner reads found. A contact BC's change read reports deleted stays
 * deleted: the e-mail look-ahead (bc-look-ahead.ts) may have answered before BC's change read ended,
 * from before the deletion, and a BC contact never comes back under its id (review of 2026-12-04: a
 * new Outlook contact was linked to the deleted contact and the cursor moved past its deletion).
 */
function withBc(view: BcView, found: readonly BcContact[], gone: readonly string[]): BcView {
  if (view.kind === 'snapshot' || (found.length === 0 && gone.length === 0)) return view;
  const known = new Set([...view.changed.map((c) => c.id), ...view.deletedIds, ...gone]);
  const added = found.filter((c) => !known.has(c.id));
  return { kind: 'changes', changed: [...view.changed, ...added], deletedIds: [...view.deletedIds, ...gone] };
}

function withOutlook(
  view: OutlookView,
  found: readonly OutlookContact[],
  gone: readonly string[],
): OutlookView {
  if (view.kind === 'snapshot' || (found.length === 0 && gone.length === 0)) return view;
  const known = new Set(view.changed.map((c) => c.id));
  const added = found.filter((c) => !known.has(c.id));
  return { kind: 'changes', changed: [...view.changed, ...added], removedIds: [...view.removedIds, ...gone] };
}

const idsOf = (list: readonly { readonly id: string }[]) => list.map((c) => c.id);

/** Looks up the links of every contact the views hold or report as gone. */
async function lookUpLinks(links: RunLinks, views: DeltaViews): Promise<void> {
  const { bc, outlook } = views;
  await links.lookUp(
    [...idsOf(contactsOf(bc)), ...(bc.kind === 'changes' ? bc.deletedIds : [])],
    [...idsOf(contactsOf(outlook)), ...(outlook.kind === 'changes' ? outlook.removedIds : [])],
  );
}

/**
 * rule delta.goneContacts: the skipped contacts whose skip names a contact this read shows gone,
 * read again so the plan decides them anew (a full sync would: the other duplicate was deleted, the
 * BC contact an Outlook copy pointed at is gone). A side read in full holds them already; one not
 * found is gone too.
 */
async function withSkipsNamingGone(
  deps: DeltaReadDeps,
  scope: SyncScope,
  views: DeltaViews,
  skipped: readonly SkipEntry[],
  holding: readonly string[],
): Promise<DeltaViews> {
  const { bc, outlook } = views;
  if (skipped.length === 0) return views;
  // A partial read shows a contact gone (reported deleted) or changed: either may end a skip's
  // reason (a duplicate that took another address, rule duplicates.bc), so the skip is decided
  // again. A side read in full shows gone what it lacks; its changes are read already.
  const goneIn = <T extends { readonly id: string }>(
    view: { kind: 'snapshot'; contacts: readonly T[] } | { kind: 'changes'; changed: readonly T[] },
    reported: readonly string[],
  ) => {
    const ids = new Set(
      view.kind === 'snapshot' ? idsOf(view.contacts) : [...reported, ...idsOf(view.changed)],
    );
    return view.kind === 'snapshot' ? (id: string) => !ids.has(id) : (id: string) => ids.has(id);
  };
  const holds = new Set(holding);
  const need = skipsNamingGone(skipped, {
    bc: goneIn(bc, bc.kind === 'changes' ? bc.deletedIds : []),
    outlook: goneIn(outlook, outlook.kind === 'changes' ? outlook.removedIds : []),
    released: (bcId) => !holds.has(bcId),
  });
  const unread = <T extends { readonly id: string }>(
    view: { changed: readonly T[] },
    ids: readonly string[],
  ) => {
    const known = new Set(idsOf(view.changed));
    return ids.filter((id) => !known.has(id));
  };
  let nextBc = bc;
  let nextOutlook = outlook;
  if (bc.kind === 'changes') {
    const ids = unread(bc, need.bc);
    const found = ids.length > 0 ? await deps.bc.getMany(ids) : [];
    nextBc = withBc(bc, found, notFound(ids, found));
  }
  if (outlook.kind === 'changes') {
    const ids = unread(outlook, need.outlook);
    const found = ids.length > 0 ? await deps.mailbox.getMany(scope.folderId, ids) : [];
    nextOutlook = withOutlook(outlook, found, notFound(ids, found));
  }
  return { bc: nextBc, outlook: nextOutlook };
}

/**
 * rule deletions.adoptCopy: for each link whose Outlook copy is gone, the folder's other contacts
 * carrying its BC id, which a delta does not report when they did not change (a copy the user made
 * earlier, F80). One look-up by BC id, only when a linked copy is gone.
 */
async function withKeptCopies(
  deps: DeltaReadDeps,
  scope: SyncScope,
  outlook: Extract<OutlookView, { kind: 'changes' }>,
  known: readonly Link[],
  links: RunLinks,
): Promise<OutlookView> {
  const removed = new Set(outlook.removedIds);
  const bcIds = known.filter((l) => removed.has(l.outlookId)).map((l) => l.bcId);
  if (bcIds.length === 0) return outlook;
  const found = await deps.mailbox.findByBcIds(scope.folderId, bcIds);
  await links.lookUp([], idsOf(found));
  return withOutlook(
    outlook,
    found.filter((o) => !removed.has(o.id) && !links.outlookLink(o.id)),
    [],
  );
}

/**
 * rule duplicates.removeOurCopy: for each unlinked contact the delta reports that carries a BC id
 * and the mark of our creates, the contact linked to that BC id, when the delta did not report it:
 * the plan compares the two (our-copies.ts). One read by id, only when such a copy turned up.
 */
async function withCopiedContacts(
  deps: DeltaReadDeps,
  scope: SyncScope,
  outlook: Extract<OutlookView, { kind: 'changes' }>,
  links: RunLinks,
): Promise<OutlookView> {
  const held = new Set([...idsOf(outlook.changed), ...outlook.removedIds]);
  const ids = new Set<string>();
  for (const o of outlook.changed) {
    if (o.bcId === '' || (o.createdBy ?? '') === '' || links.outlookLink(o.id)) continue;
    const linked = links.bcLink(o.bcId)?.outlookId;
    if (linked !== undefined && !held.has(linked)) ids.add(linked);
  }
  if (ids.size === 0) return outlook;
  const found = await deps.mailbox.getMany(scope.folderId, [...ids]);
  return withOutlook(outlook, found, notFound([...ids], found));
}

/**
 * The folder's contacts an unlinked BC contact could match (rules match.byBcId, match.byEmail):
 * those carrying its BC id, and those of its e-mail. By BC id too: a copy the sync let go of (kept
 * apart from BC, kept in Outlook while its contact stayed out of scope: resolve.ts) keeps the BC id
 * and is linked again by it once BC takes the contact in. Found by e-mail alone, a copy whose
 * address the user changed or cleared was not read: a second copy was made, or another contact of
 * that address was linked in its place (brief reentry item 1). A full sync reads both anyway.
 */
async function unlinkedCopiesOf(
  deps: DeltaReadDeps,
  scope: SyncScope,
  newBc: readonly BcContact[],
): Promise<OutlookContact[]> {
  if (newBc.length === 0) return [];
  const emails = newBc.map((c) => normalizeEmail(c.email)).filter((e) => e !== '');
  const [byStamp, byEmail] = await Promise.all([
    deps.mailbox.findByBcIds(scope.folderId, idsOf(newBc)),
    emails.length > 0 ? deps.mailbox.findByEmails(scope.folderId, emails) : [],
  ]);
  return onceEach([...byStamp, ...byEmail]);
}

/** `list` with each id once (the first). */
function onceEach<C extends { readonly id: string }>(list: readonly C[]): C[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.id) && (seen.add(c.id), true));
}

/** Of `ids` read by id, those the read did not return: gone from their side. */
function notFound(ids: readonly string[], found: readonly { readonly id: string }[]): string[] {
  const foundIds = new Set(found.map((c) => c.id));
  return ids.filter((id) => !foundIds.has(id));
}

/**
 * rule duplicates.bc: the addresses Outlook edits of linked contacts move an E-Mail to. Their BC
 * holders are read with the new contacts' (one BC request, only when some E-Mail moved), so the
 * planner refuses an update that would give two BC contacts one address (bc-refusals.ts sharedEmail);
 * the holders join BC's view as the partners read do.
 */
function movedEmails(reported: readonly OutlookContact[], links: RunLinks): string[] {
  return reported.flatMap((o) => {
    const link = links.outlookLink(o.id);
    return (link && movedEmail(o, link.base)) ?? [];
  });
}

/**
 * A delta run reads only what changed on each side (rule delta.changesOnly), yet deciding a pair
 * needs both sides and matching a new contact needs what it could match (rule delta.bothWays: the
 * same matching and import rules as a full sync). This reads exactly those, by id or by e-mail,
 * never a whole folder or table through the port (though Graph's findByBcIds lists the folder's
 * contacts and keeps those of the ids: graph/contact-reads.ts):
 * - for unlinked contacts a side reports: the contacts of the other side carrying their BC id or
 *   their e-mail;
 * - for a linked pair one side reports with values other than the base (or as deleted): the other
 *   side as it is now, so no write rests on an assumed value (an open conflict, a value BC refused);
 *   except an Outlook copy the link saw holding the base, when BC's change needs nothing of it
 *   (`writesOnLinksWord`).
 * - for skipped contacts whose skip names a contact the read shows gone: those contacts
 *   (`withSkipsNamingGone`; `skipped` is the scope's skipped list, empty when both sides are read
 *   in full), and those held for a conflict not among `holding` (the BC ids of the conflicts that
 *   hold an address now, conflict-held.ts heldConflictBcIds).
 * A side read in full (snapshot) needs nothing.
 *
 * `links` learns the link of every contact the returned views hold or report as gone (a partial
 * set looks them up as the views grow; a side read in full needs `links` complete).
 */
export async function completeDeltaViews(
  deps: DeltaReadDeps,
  scope: SyncScope,
  views: DeltaViews,
  links: RunLinks,
  skipped: readonly SkipEntry[],
  holding: readonly string[] = [],
): Promise<DeltaViews> {
  if (views.bc.kind === 'snapshot' && views.outlook.kind === 'snapshot') return views;
  if (!links.complete && (views.bc.kind === 'snapshot' || views.outlook.kind === 'snapshot'))
    throw new CoreBug('snapshotNeedsAllLinks');
  let { bc, outlook } = await withSkipsNamingGone(deps, scope, views, skipped, holding);
  await lookUpLinks(links, { bc, outlook });

  // Unlinked contacts: what they could match on the other side. With them, in the same round
  // (issue 12 §2: three BC reads one after another), the BC side of linked pairs whose Outlook
  // side moved: known from the reported contacts alone, as a contact the reads below add is
  // unlinked or has its BC side read already (a pair read twice is kept once).
  if (bc.kind === 'changes') {
    const partners = bcPartnersToRead(links.list(), bc, outlook);
    const newOutlook = contactsOf(outlook).filter((o) => !links.outlookLink(o.id));
    const known = new Set(bc.changed.map((c) => c.id));
    const stamped = newOutlook.map((o) => o.bcId).filter((id) => id !== '' && !known.has(id));
    const emails = [
      ...newOutlook.map((o) => normalizeEmail(o.emailAddresses[0]?.address ?? '')),
      ...movedEmails(contactsOf(outlook), links),
    ].filter((e) => e !== '');
    const [byStamp, byEmail, byLink] = await Promise.all([
      stamped.length > 0 ? deps.bc.getMany(stamped) : [],
      emails.length > 0 ? deps.bc.findByEmails(emails) : [],
      partners.length > 0 ? deps.bc.getMany(partners) : [],
    ]);
    const found = onceEach([...byStamp, ...byEmail]);
    bc = withBc(bc, onceEach([...found, ...byLink]), notFound(partners, byLink));
    await links.lookUp(idsOf(found), []);
  }
  if (outlook.kind === 'changes') {
    const newBc = contactsOf(bc).filter((c) => !links.bcLink(c.id) && deps.inScope(c));
    const found = await unlinkedCopiesOf(deps, scope, newBc);
    await links.lookUp([], idsOf(found));
    outlook = withOutlook(
      outlook,
      found.filter((o) => !links.outlookLink(o.id)),
      [],
    );
  }

  // Linked pairs: the side the view did not report, where the reported one moved away from the base.
  // Each such pair has a reported side, whose link was looked up above.
  const bcById = new Map(contactsOf(bc).map((c) => [c.id, c]));
  const olById = new Map(contactsOf(outlook).map((o) => [o.id, o]));
  const known = links.list();
  // Each side as read so far (the maps hold what the views reported before these reads).
  const bcRead = (): SideRead<BcContact> => ({
    byId: bcById,
    gone: new Set(bc.kind === 'changes' ? bc.deletedIds : []),
    whole: bc.kind === 'snapshot',
    idOf: (l) => l.bcId,
  });
  const outlookRead = (): SideRead<OutlookContact> => ({
    byId: olById,
    gone: new Set(outlook.kind === 'changes' ? outlook.removedIds : []),
    whole: outlook.kind === 'snapshot',
    idOf: (l) => l.outlookId,
  });
  if (outlook.kind === 'changes') {
    const need = partnersToRead(
      known,
      outlookRead(),
      bcRead(),
      (c, l) => !deps.inScope(c) || (!sameSyncFields(c, l.base) && !writesOnLinksWord(c, l)),
    );
    if (need.length > 0) {
      const ids = need.map((l) => l.outlookId);
      const found = await deps.mailbox.getMany(scope.folderId, ids);
      outlook = withOutlook(outlook, found, notFound(ids, found));
    }
  }
  if (outlook.kind === 'changes') outlook = await withKeptCopies(deps, scope, outlook, known, links);
  if (outlook.kind === 'changes') outlook = await withCopiedContacts(deps, scope, outlook, links);
  return { bc, outlook };
}
