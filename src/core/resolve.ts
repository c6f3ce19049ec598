import { countryTableOnce, withTenantCountries } from './tenant-countries.js';
import { onLinkedCopy } from './conflict-copy.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcPatch, bcToSyncFields, outlookPatch, outlookToSyncFields } from './mapping.js';
import { choiceForBc, refuseUnfitForBc } from './resolve-bc-check.js';
import { nonEmpty, skipEntry } from './pair-outcome.js';
import { ownValuesBeside } from './owned-values.js';
import type { Ownership } from './owned-values.js';
import { mergeFields, nextBase } from './merge.js';
import { skipKey } from './pair.js';
import type { FieldConflict } from './merge.js';
import { emptySyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { ConflictEntry, PortError, SyncScope } from './ports.js';
import { ResolveError } from './resolve-types.js';
import { mergedBeside, refuseUnseenMerged, withoutSinceShown } from './resolve-since-shown.js';
import { refuseUnseenChoice, refuseUnseenDeletion, refuseUnseenKeep } from './resolve-unseen.js';
import {
  closedReasons,
  keptApartValues,
  keptCopyLetGo,
  keptInContact,
  keptOverBc,
} from './resolve-left-scope.js';
import { foundOrCreated, holderToLink, keptOutlookValues } from './resolve-recreate.js';
import { keepDeletedKey } from './create-keys.js';
import type { ResolveChoice, ResolveDeps, ResolveResult, ResolveSide } from './resolve-types.js';

export { ResolveError } from './resolve-types.js';
export type { ResolveChoice, ResolveDeps, ResolveFailure, ResolveResult } from './resolve-types.js';
export { dismissConflict } from './dismiss.js';

/** Thrown inside one attempt when a write met a moved etag / changeKey; the caller retries once. */
class StaleAttempt extends Error {
  constructor(readonly side: ResolveSide) {
    super(`stale ${side}`);
  }
}

/**
 * Applies the user's decision on one recorded conflict to both sides (design §2, Conflicts).
 * rule conflicts.resolve: field by field, each resolution written to both sides.
 * Non-conflicting fields merge three-way as a full sync would; writes carry the version stamps, and
 * a stale write re-reads both sides and tries once more. The link base and the conflict record follow.
 */
export async function resolveConflict(
  given: ResolveDeps,
  scope: SyncScope,
  bcId: string,
  choice: ResolveChoice,
): Promise<ResolveResult> {
  // Outlook read as a run reads it: a country named as the tenant names it is its code (F41).
  const countries = countryTableOnce(given.bc);
  const deps: ResolveDeps = { ...given, mailbox: withTenantCountries(given.mailbox, countries) };
  const found = (await deps.store.listConflicts(scope)).find((c) => c.bcId === bcId);
  if (!found) throw new ResolveError({ kind: 'conflictNotFound', bcId });
  const [link = null] = await deps.store.findLinks(scope, { bcIds: [bcId], outlookIds: [] });
  // The pair's Outlook copy is the one its link names now: a copy deleted in Outlook and re-created
  // by a run that stopped before its lists left the conflict naming the deleted one, and delta runs
  // carry it as it is (review RV13: the revert was refused, "run a sync first", sync after sync).
  const entry = onLinkedCopy(found, link);
  for (let attempt = 0; ; attempt++) {
    try {
      const c: ResolveCase = { deps, scope, entry, link, choice };
      return entry.record.kind === 'deletedInBc' ? await resolveDeletion(c) : await resolveFields(c);
    } catch (e) {
      if (!(e instanceof StaleAttempt)) throw e;
      if (attempt >= 1) throw new ResolveError({ kind: 'stale', side: e.side });
    }
  }
}

async function readOutlook(deps: ResolveDeps, scope: SyncScope, id: string): Promise<OutlookContact | null> {
  const [ol] = await deps.mailbox.getMany(scope.folderId, [id]);
  return ol ?? null;
}

async function readBc(deps: ResolveDeps, id: string): Promise<BcContact | null> {
  const [bc] = await deps.bc.getMany([id]);
  return bc ?? null;
}

function missing(side: ResolveSide, id: string): ResolveError {
  return new ResolveError({ kind: 'contactMissing', side, id });
}

/**
 * The value of `side` for a recorded field: the side's live value while it still holds its own
 * (manual policy, or it won), otherwise the value the record kept, because the policy overwrote it.
 */
function sideValue(c: FieldConflict, side: ResolveSide, live: SyncFields): string {
  return c.winner === 'none' || c.winner === side ? live[c.field] : c[side];
}

/** One resolve attempt's inputs: the conflict, its link (null: none), and the user's choice. */
interface ResolveCase {
  readonly deps: ResolveDeps;
  readonly scope: SyncScope;
  readonly entry: ConflictEntry;
  readonly link: Link | null;
  readonly choice: ResolveChoice;
}

async function resolveFields(c: ResolveCase): Promise<ResolveResult> {
  const { deps, scope, entry, link, choice } = c;
  const bcContact = await readBc(deps, entry.bcId);
  if (!bcContact) throw missing('bc', entry.bcId);
  const olContact = await readOutlook(deps, scope, entry.outlookId);
  if (!olContact) throw missing('outlook', entry.outlookId);
  const bcNow = bcToSyncFields(bcContact);
  const olNow = outlookToSyncFields(olContact, link);
  const base = link?.base ?? bcNow;
  // Non-conflicting fields as a full sync merges them; fields changed on both sides stay apart.
  const merged = mergeFields(base, bcNow, olNow, { policy: 'manual' });
  const mergedBc = { ...merged.bc };
  /** BC's values with only the user's choices: what is written when the merged changes are held back. */
  const chosenBc = { ...bcNow };
  const toOl = { ...merged.outlook };
  const recorded = new Map(entry.record.fields.map((c) => [c.field, c]));
  for (const c of merged.conflicts) if (!recorded.has(c.field)) recorded.set(c.field, c);
  const remaining: FieldConflict[] = [];
  for (const c of recorded.values()) {
    const side = choice.kind === 'all' ? choice.side : choice.fields[c.field];
    if (!side) {
      // A settled field keeps the values it was recorded with (the losing one exists nowhere else);
      // an open one shows what each side holds now.
      remaining.push(c.winner === 'none' ? { ...c, bc: mergedBc[c.field], outlook: toOl[c.field] } : c);
      continue;
    }
    const value = sideValue(c, side, side === 'bc' ? bcNow : olNow);
    mergedBc[c.field] = value;
    chosenBc[c.field] = value;
    toOl[c.field] = value;
  }
  if (choice.kind === 'fields') {
    const unknown = Object.keys(choice.fields).filter((f) => !recorded.has(f as SyncFieldName));
    if (unknown.length > 0)
      throw new ResolveError({ kind: 'invalidChoice', problem: 'notInConflict', fields: unknown });
  }
  await refuseUnseenChoice(deps.store, scope, entry, choice, {
    bc: bcNow,
    outlook: olNow,
    found: merged.conflicts,
  });
  // Non-conflicting fields merged as a sync merges them pass the same check (a cleared e-mail);
  // when only they fail it they are held back as a run holds them, and the choice goes through.
  const fit = await choiceForBc(deps, scope.userId, bcContact, mergedBc, chosenBc, olContact);
  const toBc = fit.target;
  const decided = (f: SyncFieldName): boolean =>
    recorded.has(f) && (choice.kind === 'all' || choice.fields[f] !== undefined);
  await refuseUnseenMerged(
    deps.store,
    scope,
    entry,
    mergedBeside({ bc: bcNow, outlook: olNow }, { bc: toBc, outlook: toOl }, decided),
  );
  const writesBc = Object.keys(bcPatch(bcNow, toBc)) as SyncFieldName[];

  let bcFinal = bcNow;
  let bcEtag = bcContact.etag;
  if (writesBc.length > 0) {
    const [r] = await deps.bc.update([
      { id: bcContact.id, etag: bcContact.etag, patch: bcPatch(bcNow, toBc) },
    ]);
    const written = expectWrite(r, 'bc');
    bcFinal = bcToSyncFields(written);
    bcEtag = written.etag;
  }
  let olFinal = olNow;
  let olWritten = olContact;
  let changeKey = olContact.changeKey;
  const writesOl = Object.keys(bcPatch(olNow, toOl)).length > 0;
  if (writesOl) {
    // With the BC id and the fax in the patch the answer is complete: nothing is read back.
    const patch = outlookPatch(olNow, toOl, olContact, bcContact.id);
    const [r] = await deps.mailbox.update(scope.folderId, [
      { id: olContact.id, changeKey: olContact.changeKey, patch },
    ]);
    const written = expectWrite(r, 'outlook');
    olFinal = outlookToSyncFields(written, { base: toOl }, 'own');
    olWritten = written;
    changeKey = written.changeKey;
  }
  const newBase = nextBase(link?.base ?? null, bcFinal, olFinal);
  const stamps = { bcEtag, outlookChangeKey: changeKey };
  const own = ownValuesBeside(olWritten, olFinal);
  await deps.store.upsertLinks(scope, [makeLink(entry, newBase, stamps, own)]);
  if (nonEmpty(fit.heldBack)) {
    // As a run reports the Outlook changes BC refused (pair-actions.ts mergePair): listed until they sync.
    const who = {
      bcId: entry.bcId,
      bcNumber: bcContact.number,
      outlookId: entry.outlookId,
      displayName: olNow.displayName,
    };
    const held = skipEntry('outlook', who, fit.heldBack);
    await deps.store.putSkipped(scope, [held], { replace: false, remove: [skipKey('bc', entry.bcId)] });
  } else await dropSkips(deps, scope, [entry.bcId], [entry.outlookId]);
  if (remaining.length === 0) await deps.store.putConflicts(scope, [], [entry.bcId]);
  else
    await deps.store.putConflicts(
      scope,
      [
        {
          ...entry,
          record: {
            ...withoutSinceShown(entry.record),
            kind: 'fields',
            displayName: bcFinal.displayName,
            fields: remaining,
          },
        },
      ],
      [],
    );
  return {
    kind: 'merged',
    bcId: entry.bcId,
    outlookId: entry.outlookId,
    bc: bcFinal,
    outlook: olFinal,
    remaining,
    written: { bc: writesBc.length > 0, outlook: writesOl },
  };
}

/**
 * The skip records of the contacts a resolve wrote (or removed) go: it read both whole and left them
 * holding what it decided, each value BC takes checked (a reason that still held refused the resolve,
 * `invalidForBc`). No run would drop them — its own writes come back as echoes a delta does not read,
 * so the next delta sees the pair unchanged — and a stale skip held a folder move (folderMoveHeld).
 */
async function dropSkips(
  deps: ResolveDeps,
  scope: SyncScope,
  bcIds: readonly string[],
  outlookIds: readonly string[],
): Promise<void> {
  const keys = [...bcIds.map((id) => skipKey('bc', id)), ...outlookIds.map((id) => skipKey('outlook', id))];
  await deps.store.putSkipped(scope, [], { replace: false, remove: [...new Set(keys)] });
}

function expectWrite<T>(
  r: { ok: true; value: T } | { ok: false; error: PortError } | undefined,
  side: ResolveSide,
): T {
  if (r?.ok) return r.value;
  const error = r?.error ?? { kind: 'unknownOutcome' as const, message: 'no result' };
  if (error.kind === 'stale') throw new StaleAttempt(side);
  throw new ResolveError({ kind: 'writeFailed', side, error });
}

async function resolveDeletion(c: ResolveCase): Promise<ResolveResult> {
  const { deps, scope, entry, link, choice } = c;
  if (choice.kind !== 'all') throw new ResolveError({ kind: 'invalidChoice', problem: 'wholeContactOnly' });
  const olContact = await readOutlook(deps, scope, entry.outlookId);
  if (choice.side === 'bc') {
    if (olContact) {
      // Removing the copy must not take Outlook edits the user was not shown (F71).
      await refuseUnseenDeletion(deps.store, scope, entry, link, olContact);
      const [r] = await deps.mailbox.delete(scope.folderId, [
        { id: olContact.id, changeKey: olContact.changeKey },
      ]);
      if (!(r?.ok || r?.error.kind === 'notFound')) expectWrite(r, 'outlook');
    }
    await dropPair(deps, scope, entry);
    return { kind: 'deletionAccepted', bcId: entry.bcId, outlookId: entry.outlookId };
  }
  if (!olContact) throw missing('outlook', entry.outlookId);
  // A contact that only left scope is still in BC: Outlook's changes are kept in it (soak F2).
  const left =
    entry.record.kind === 'deletedInBc' && entry.record.reason.kind === 'outOfScope'
      ? entry.record.reason.reasons
      : null;
  const own = left ? await readBc(deps, entry.bcId) : null;
  if (own && closedReasons(own).length > 0) return keptApart(deps, scope, entry);
  // Keeping the copy writes its values into BC: only as the record showed them (brief keepempty).
  await refuseUnseenKeep(deps.store, scope, entry, link, olContact, own && bcToSyncFields(own));
  const olNow = keptOutlookValues(outlookToSyncFields(olContact, link), entry.record.fields);
  const toBc = own ? keptOverBc(bcToSyncFields(own), olNow, link?.base ?? null) : olNow;
  await refuseUnfitForBc(deps, scope.userId, own, toBc, olContact);
  // A BC create is not retried on a stale Outlook write: the new contact exists, only the stamp is
  // redone. One of an earlier attempt whose answer was lost is found by its e-mail, not made twice.
  const holder = own ? null : await holderToLink(deps, scope, toBc);
  if (holder) return linkedToHolder(c, olContact, holder);
  const bcContact = expectWrite(
    own
      ? await keptInContact(deps.bc, own, toBc, deps.createTurn)
      : await foundOrCreated(deps.bc, toBc, deps.createTurn, keepDeletedKey(entry.bcId)),
    'bc',
  );
  const bcNow = bcToSyncFields(bcContact);
  // Audit question 2 and attack F4 (2026-12-07): decided on the copy as the user kept it, before
  // any BC value reaches it, so a copy let go of keeps every value BC no longer holds.
  const letGo = own !== null && keptCopyLetGo(own, bcContact, left ?? [], olContact, link);
  const toCopy = letGo ? keptApartValues(bcNow, olNow) : bcNow;
  const stamped = await stampBcId(deps, scope, olContact, link, toCopy, bcContact.id);
  const olFinal = outlookToSyncFields(stamped, { base: bcNow }, 'own');
  // The old link holds the outlookId, which is unique per scope: drop it before linking anew.
  if (link) await deps.store.deleteLinks(scope, [link.bcId]);
  const newLink = makeLink(
    { bcId: bcContact.id, outlookId: stamped.id },
    nextBase(null, bcNow, olFinal),
    { bcEtag: bcContact.etag, outlookChangeKey: stamped.changeKey },
    ownValuesBeside(stamped, olFinal),
  );
  // Audit question 2: a contact kept while it stays out of scope, whose copy holds values BC has no
  // field for, is let go of (unlinked) as a folder move leaves such copies (F73): linked, every
  // later run met the copy it may neither remove nor sync and listed the conflict again.
  if (!letGo) await deps.store.upsertLinks(scope, [newLink]);
  await dropSkips(deps, scope, [entry.bcId, bcContact.id], [entry.outlookId, stamped.id]);
  await deps.store.putConflicts(scope, [], [entry.bcId]);
  return { kind: 'recreatedInBc', oldBcId: entry.bcId, bcId: bcContact.id, outlookId: stamped.id };
}

/**
 * Keeping the copy of a contact BC deleted while BC holds its address on another contact (made
 * since: attack fault 3, the refusal `duplicateEmailInBc` left only removing the copy and its
 * edits): the copy is stamped with that contact's id and linked to it with no base nor stamps, as a
 * first match (pair-actions-unlinked.ts firstMatch), so the next sync merges them field by field.
 */
async function linkedToHolder(
  c: ResolveCase,
  olContact: OutlookContact,
  holder: BcContact,
): Promise<ResolveResult> {
  const { deps, scope, entry, link } = c;
  const stamped = await stampBcId(
    deps,
    scope,
    olContact,
    link,
    outlookToSyncFields(olContact, link),
    holder.id,
  );
  if (link) await deps.store.deleteLinks(scope, [link.bcId]);
  const ids = { bcId: holder.id, outlookId: stamped.id };
  const none = { bcEtag: '', outlookChangeKey: '' };
  await deps.store.upsertLinks(scope, [makeLink(ids, emptySyncFields(), none, undefined)]);
  await dropSkips(deps, scope, [entry.bcId, holder.id], [entry.outlookId, stamped.id]);
  await deps.store.putConflicts(scope, [], [entry.bcId]);
  return { kind: 'linkedInBc', oldBcId: entry.bcId, ...ids };
}

/**
 * Keeping Outlook's side of a contact BC closed to Outlook's values (privacy-blocked, a Company:
 * closedReasons) keeps the copy as the user's own contact, apart from BC: nothing is written to
 * either side, the link and the conflict go. Refusing left the user only "Keep Business Central",
 * which removes the copy (audit finding 3: stuck). Unlinked, the copy is what a folder move leaves
 * (F73): a run skips it by the BC id it carries (`bcContactOutOfScope`) and links it again by that
 * id once BC opens the contact.
 */
async function keptApart(deps: ResolveDeps, scope: SyncScope, entry: ConflictEntry): Promise<ResolveResult> {
  await dropPair(deps, scope, entry);
  return { kind: 'keptInOutlook', bcId: entry.bcId, outlookId: entry.outlookId };
}

/** The pair's link, skips and conflict go: no run syncs or lists it until a side meets it anew. */
async function dropPair(deps: ResolveDeps, scope: SyncScope, entry: ConflictEntry): Promise<void> {
  await deps.store.deleteLinks(scope, [entry.bcId]);
  await dropSkips(deps, scope, [entry.bcId], [entry.outlookId]);
  await deps.store.putConflicts(scope, [], [entry.bcId]);
}

/** Writes the new BC id (and BC's view of the values) onto the Outlook copy; one re-read on stale. */
async function stampBcId(
  deps: ResolveDeps,
  scope: SyncScope,
  contact: OutlookContact,
  owner: Ownership | null,
  bcFields: SyncFields,
  bcId: string,
): Promise<OutlookContact> {
  let current = contact;
  for (let attempt = 0; attempt < 2; attempt++) {
    const patch = outlookPatch(outlookToSyncFields(current, owner), bcFields, current, bcId);
    const [r] = await deps.mailbox.update(scope.folderId, [
      { id: current.id, changeKey: current.changeKey, patch },
    ]);
    if (r?.ok) return r.value;
    if (r?.error.kind !== 'stale') return expectWrite(r, 'outlook');
    const again = await readOutlook(deps, scope, current.id);
    if (!again) throw missing('outlook', current.id);
    current = again;
  }
  throw new ResolveError({ kind: 'stale', side: 'outlook' });
}
