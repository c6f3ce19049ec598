import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcToSyncFields, outlookToSyncFields } from './mapping.js';
import { emptySyncFields } from './model.js';
import type { BcContact, SyncFields } from './model.js';
import { readOwnedValues } from './owned-values.js';
import type { PendingOutlookCreate } from './pending-creates.js';
import type { Mailbox } from './ports.js';
import type { RunLinks } from './run-links.js';
import { sentBase, sentDigest } from './sent-base.js';
import type { SentFields } from './sent-base.js';

/** What recovering Outlook creates reads: the folder by BC id, BC contacts by id. */
export interface OutlookRecoverySides {
  readonly mailbox: Pick<Mailbox, 'findByBcIds'>;
  readonly folderId: string;
  /** The BC contacts of these ids BC still holds (the run's view first). */
  readonly bcOf: (ids: readonly string[]) => Promise<readonly BcContact[]>;
}

/**
 * Outlook creates whose answer was lost (`pending`), found in the folder by the BC id each carries,
 * linked. The base is what the create sent: the copy's values while they still have the digest
 * sent (or the entry has none: an earlier release's), else found again from BC's contact and the
 * copy as they are now (sent-base.ts), so an edit the user made to the copy since is an Outlook
 * change, not the base BC's older values overwrite (soak F2's kind, the Outlook side). Its
 * changeKey is then not trusted (the planner compares values). A copy edited since whose BC contact
 * is gone keeps as its base only the values still as sent (`goneBase`), so the values the user
 * edited count as Outlook's changes and the deletion rules keep them (design §2 Deletions: a
 * conflict, not a removal).
 * @throws PortFailure when Outlook, BC or the store cannot be read (the entries stay pending).
 */
export async function recoverOutlookCreates(
  sides: OutlookRecoverySides,
  links: RunLinks,
  pending: readonly PendingOutlookCreate[],
): Promise<Link[]> {
  if (pending.length === 0) return [];
  const entryOf = new Map(pending.map((p) => [p.bcId, p]));
  const found = await sides.mailbox.findByBcIds(sides.folderId, [...entryOf.keys()]);
  await links.lookUp(
    found.map((o) => o.bcId),
    found.map((o) => o.id),
  );
  const fresh = found.filter((o) => links.bcLink(o.bcId)?.outlookId !== o.id);
  const edited = fresh.filter((o) => {
    const sent = entryOf.get(o.bcId)?.sent ?? null;
    return sent !== null && sentDigest(outlookToSyncFields(o)) !== sent;
  });
  // BC is read only for copies edited since their create (most runs: none).
  const bc = new Map(
    (edited.length > 0 ? await sides.bcOf(edited.map((o) => o.bcId)) : []).map((c) => [c.id, c]),
  );
  const recovered: Link[] = [];
  for (const o of fresh) {
    const fields = outlookToSyncFields(o);
    const entry = entryOf.get(o.bcId);
    const sent = edited.includes(o) ? (entry?.sent ?? null) : null;
    const link = makeLink(
      { bcId: o.bcId, outlookId: o.id },
      sent === null ? fields : baseOf(bc.get(o.bcId), fields, sent, entry?.fields ?? null),
      // Empty BC etag: the next comparison reads BC again rather than trusting a stamp we never saw.
      { bcEtag: '', outlookChangeKey: sent === null ? o.changeKey : '' },
      readOwnedValues(o, null).own,
    );
    recovered.push(link);
    links.put(link);
  }
  return recovered;
}

function baseOf(
  bc: BcContact | undefined,
  outlook: SyncFields,
  sent: string,
  perField: SentFields | null,
): SyncFields {
  if (bc) return sentBase(bcToSyncFields(bc), outlook, sent, {}, perField);
  return perField ? goneBase(outlook, perField) : emptySyncFields();
}

/**
 * The base of a copy edited since its create whose BC contact is gone: the copy's values still as
 * sent (the entry's per-field digests), '' in the others, so the deletedInBc conflict names the
 * fields the user edited, not every field the copy holds (brief lostcreate item 2). A field the
 * user cleared would then read as unchanged, and a copy whose one edit is a clear be removed: with
 * such a field the base is empty, as without the digests (every value the copy holds an Outlook
 * change: kept, design §2 Deletions).
 */
function goneBase(outlook: SyncFields, perField: SentFields): SyncFields {
  const edited = perField.differing(outlook);
  return edited.some((f) => outlook[f] === '') ? emptySyncFields() : perField.base(outlook, outlook);
}
