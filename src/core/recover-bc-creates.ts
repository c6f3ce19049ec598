import { importDraft } from './create-keys.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcToSyncFields, outlookToSyncFields } from './mapping.js';
import { withDisplayName } from './matching.js';
import { normalizeEmail } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import type { PendingBcCreate } from './pending-creates.js';
import type { BcContacts } from './ports.js';
import type { RunLinks } from './run-links.js';
import { bcDifferencesByPolicy, sentBase, sentDigest, sentValues } from './sent-base.js';
import type { SentFields } from './sent-base.js';

/** What recovering BC creates reads: BC by address, what the run read of BC, Outlook contacts by id. */
export interface BcRecoverySides {
  readonly bc: Pick<BcContacts, 'findByEmails' | 'createdIdsAfter'>;
  /** The BC contacts the run's view read (a delta's: those changed since the last run). */
  readonly bcSeen: readonly BcContact[];
  /** The Outlook contacts of these ids the folder still holds. */
  readonly outlookOf: (ids: readonly string[]) => Promise<readonly OutlookContact[]>;
}

/**
 * Fields a BC contact the run read may differ in from the Outlook contact a lost create imported
 * for it to be taken for that create's contact when BC no longer holds the address sent (the user
 * changed it in BC): its values with Outlook's must give the sent digest exactly.
 */
const MOVED_SEARCH_FIELDS = 4;

/** BC ids compare without case (a GUID's hex digits). */
function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * BC creates whose answer was lost (`pending`), found by the address each sent: a Person BC holds
 * under it that no link holds is the create's contact (the engine makes a BC contact only where BC
 * holds no contact of that address, design §2 matching), linked to the Outlook contact the create
 * imported unless that contact is linked already. The link's base is what the create sent, which
 * both sides held when it was made: BC's values while BC still holds exactly those (`sent`), else
 * found again from both contacts as they are now (sent-base.ts; Outlook's read only for these), so
 * an Outlook edit since is a change of Outlook's; a field BC holds otherwise than sent is settled
 * by the user's conflict policy (bcDifferencesByPolicy: a BC edit and a person a BC user entered
 * while the create never reached BC look alike, review RV4) (review R6: BC's edited values as the
 * base made Outlook's older ones win over the BC edit; soak F2: not linking such a contact made
 * the person twice when the Outlook address had changed too). A create whose address BC no longer
 * holds (changed in BC) is the one unlinked Person the run read whose values with Outlook's give the
 * sent digest and whose id is the one BC gave the create (movedHolders). No stamp is
 * trusted (''), so the planner compares values, and the BC id the Outlook contact still owes is
 * written (owed-stamp.ts). An Outlook contact gone since, and two or more such BC contacts, are
 * left to matching (which does not guess either). Returns the links made, also put into `links`.
 * @throws PortFailure when BC, Outlook or the store cannot be read (the entries stay pending).
 */
export async function recoverBcCreates(
  sides: BcRecoverySides,
  links: RunLinks,
  pending: readonly PendingBcCreate[],
): Promise<Link[]> {
  if (pending.length === 0) return [];
  const found = (await sides.bc.findByEmails([...new Set(pending.map((p) => p.email))])).filter(
    (c) => c.type === 'Person',
  );
  await links.lookUp(
    found.map((c) => c.id),
    pending.map((p) => p.outlookId),
  );
  const unlinked = new Map<string, BcContact[]>();
  for (const c of found) {
    if (links.bcLink(c.id)) continue;
    const email = normalizeEmail(c.email);
    unlinked.set(email, [...(unlinked.get(email) ?? []), c]);
  }
  const open = pending.filter((p) => !links.outlookLink(p.outlookId));
  // Outlook is read only for contacts edited in BC since their create, or not found (most runs: none).
  const unsure = open.filter((p) => {
    const holders = unlinked.get(p.email) ?? [];
    return (
      holders.length === 0 || (holders.length === 1 && sentDigest(bcToSyncFields(holders[0]!)) !== p.sent)
    );
  });
  const outlook = new Map(
    (unsure.length > 0 ? await sides.outlookOf(unsure.map((p) => p.outlookId)) : []).map((o) => [o.id, o]),
  );
  const moved = await movedHolders(
    sides.bc,
    sides.bcSeen,
    links,
    unsure.filter((p) => !unlinked.has(p.email)),
    outlook,
    new Set(found.map((c) => c.id)),
  );
  const recovered: Link[] = [];
  const taken = new Set<string>();
  for (const p of open) {
    const o = outlook.get(p.outlookId);
    const held = unlinked.get(p.email)?.map((c) => ({ contact: c, base: baseOf(c, o, p) }));
    const holders = held ?? moved.get(p) ?? [];
    const [only] = holders;
    // One create per contact and per Outlook contact: a second entry (a create sent again) finds it linked.
    if (
      holders.length !== 1 ||
      !only ||
      only.base === null ||
      taken.has(only.contact.id) ||
      links.outlookLink(p.outlookId)
    )
      continue;
    const link = makeLink(
      { bcId: only.contact.id, outlookId: p.outlookId },
      bcDifferencesByPolicy(only.base, bcToSyncFields(only.contact)),
      { bcEtag: '', outlookChangeKey: '' },
      undefined,
    );
    taken.add(only.contact.id);
    links.put(link);
    recovered.push(link);
  }
  return recovered;
}

/** A holder's base: BC's values when they are what was sent, else found with Outlook's (`o`, if still there). */
function baseOf(holder: BcContact, o: OutlookContact | undefined, p: PendingBcCreate): SyncFields | null {
  const fields = bcToSyncFields(holder);
  if (sentDigest(fields) === p.sent) return fields;
  if (!o) return null;
  return sentBase(fields, withDisplayName(outlookToSyncFields(o)), p.sent, { email: fields.email }, p.fields);
}

/**
 * A BC contact found by its values alone as a create's, by the entry's per-field digests
 * (`perField`): at most MOVED_SEARCH_FIELDS fields otherwise than sent (its name among them or not:
 * only an entry that knows its contact's id takes one so, movedHolders),
 * as the whole digest asks of it with the Outlook contact unchanged; a field the Outlook contact
 * (`outlook`, with the address sent) was edited in too is no obstacle: the whole digest found no
 * choice then, and the person was imported a second time. The base: SentFields.base.
 */
function movedByFields(
  contact: SyncFields,
  outlook: SyncFields,
  perField: SentFields | null,
): SyncFields | null {
  if (!perField) return null;
  if (perField.differing(contact).length > MOVED_SEARCH_FIELDS) return null;
  return perField.base(contact, outlook);
}

/**
 * The contacts of creates no BC contact holds the address of any more (`unsure`, changed in BC):
 * per entry, the unlinked Persons of the run's read (`bcSeen`, less those found by address) whose
 * values with its Outlook contact's, and the address sent, give the digest sent; with those values.
 * Each is then told by the id BC gave the create's contact (review RV14: a namesake a BC user
 * entered while the create never reached BC has the same name and another address, and linking
 * it lost the person added in Outlook), its name edited in BC or not: an entry's own id (the
 * in-process adapter told it ahead, createdIdOf), else the id BC answers for the values sent as
 * found (createdIdsAfter: the pane over HTTP, an entry without one). Where BC cannot tell (a BC
 * naming contacts itself: a real tenant) or the values sent are not found exactly, no contact is
 * taken: the Outlook contact is created again, a duplicate at worst, never a namesake's values
 * over the Outlook person's.
 */
async function movedHolders(
  bc: Pick<BcContacts, 'createdIdsAfter'>,
  bcSeen: readonly BcContact[],
  links: RunLinks,
  unsure: readonly PendingBcCreate[],
  outlook: ReadonlyMap<string, OutlookContact>,
  byAddress: ReadonlySet<string>,
): Promise<Map<PendingBcCreate, { contact: BcContact; base: SyncFields }[]>> {
  const out = new Map<PendingBcCreate, { contact: BcContact; base: SyncFields }[]>();
  const seen = bcSeen.filter((c) => c.type === 'Person' && !byAddress.has(c.id));
  for (const p of unsure) {
    const o = outlook.get(p.outlookId);
    if (!o) continue;
    const ol: SyncFields = withDisplayName(outlookToSyncFields(o));
    // The address sent may have been changed on both sides since: the entry holds it (normalized).
    const sentAddress = { ...ol, email: p.email };
    const candidates = p.id === undefined ? seen : seen.filter((c) => sameId(c.id, p.id!));
    const matches = candidates.flatMap((contact) => {
      const base =
        sentValues(contact, ol, p.sent, MOVED_SEARCH_FIELDS) ??
        sentValues(contact, sentAddress, p.sent, MOVED_SEARCH_FIELDS) ??
        // Not the values sent where a field was edited on both sides: an entry's own id tells it.
        (p.id === undefined ? null : movedByFields(contact, sentAddress, p.fields));
      return base ? [{ contact, base }] : [];
    });
    if (matches.length > 0) out.set(p, matches);
  }
  await keepCreatedIds(bc, out);
  const ids = [...out.values()].flat().map((m) => m.contact.id);
  if (ids.length === 0) return out;
  await links.lookUp(ids, []);
  for (const [p, matches] of out)
    out.set(
      p,
      matches.filter((m) => !links.bcLink(m.contact.id)),
    );
  return out;
}

/**
 * Keeps, of the matches of entries without an id, those whose id is the one BC gives a create of
 * the values found as sent (`base`: sentValues, so the draft is the one sent); one call for all.
 * A null id (BC names contacts itself) or an adapter that cannot ask keeps none.
 */
async function keepCreatedIds(
  bc: Pick<BcContacts, 'createdIdsAfter'>,
  out: Map<PendingBcCreate, { contact: BcContact; base: SyncFields }[]>,
): Promise<void> {
  const asked = [...out].filter(([p]) => p.id === undefined);
  if (asked.length === 0) return;
  const drafts = asked.flatMap(([p, ms]) =>
    ms.map((m) => importDraft({ outlookId: p.outlookId, fields: m.base })),
  );
  const ids = bc.createdIdsAfter ? await bc.createdIdsAfter(drafts) : [];
  let n = 0;
  for (const [p, ms] of asked) {
    out.set(
      p,
      ms.filter((m) => {
        const id = ids[n++];
        return typeof id === 'string' && sameId(m.contact.id, id);
      }),
    );
  }
}
