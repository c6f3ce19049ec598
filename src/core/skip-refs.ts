import type { SkipEntry } from './state-store-port.js';
import type { SkipReason, SkipRecord } from './skip-records.js';

/** The contacts a skip reason names besides the skipped one, by side. */
interface Named {
  readonly bc: readonly string[];
  readonly outlook: readonly string[];
}

const NONE: Named = Object.freeze({ bc: [], outlook: [] });

/** Every kind is listed: a new reason that names another contact must say so here. */
function namedByReason(reason: SkipReason): Named {
  switch (reason.kind) {
    case 'bcContactOutOfScope':
      return { bc: [reason.bcId], outlook: [] };
    case 'duplicateOfLinked':
      return { bc: [reason.bcId], outlook: [reason.linkedOutlookId] };
    case 'duplicateEmailInOutlook':
      return { bc: [], outlook: reason.outlookIds };
    case 'duplicateEmailInBc':
      return { bc: reason.bcIds, outlook: [] };
    case 'emailInConflict':
      return { bc: [reason.bcId], outlook: [reason.outlookId] };
    case 'bcContactDeleted':
    case 'outOfScope':
    case 'wouldLeaveScope':
    case 'missingName':
    case 'missingEmail':
    case 'tooLong':
    case 'lineBreak':
    case 'streetLines':
    case 'invalidEmail':
    case 'phoneLetters':
    case 'outlookListFull':
    case 'unknownCountry':
    case 'writeFailed':
    case 'unstorableText':
      return NONE;
  }
}

/** The skipped contact's own side and id, from its key (`side:id`, pair.ts skipKey). */
export function skippedContact(key: string): { side: 'bc' | 'outlook'; id: string } {
  const colon = key.indexOf(':');
  return { side: key.slice(0, colon) === 'bc' ? 'bc' : 'outlook', id: key.slice(colon + 1) };
}

/**
 * The contacts a skip names other than the skipped one: the BC contact the record concerns, and
 * those its reasons point at (a duplicate, the BC contact an Outlook copy carries the id of).
 */
function namedBy(record: SkipRecord): Named {
  const reasons = [record.reason, ...(record.more ?? [])].map(namedByReason);
  return {
    bc: [record.bcId, ...reasons.flatMap((n) => n.bc)].filter((id) => id !== ''),
    outlook: [record.outlookId, ...reasons.flatMap((n) => n.outlook)].filter((id) => id !== ''),
  };
}

/** The BC ids of the conflicts a skip waits on (emailInConflict). */
function heldFor(record: SkipRecord): string[] {
  return [record.reason, ...(record.more ?? [])].flatMap((r) =>
    r.kind === 'emailInConflict' ? [r.bcId] : [],
  );
}

/**
 * rule delta.goneContacts: the skipped contacts a partial read must read again, because their skip
 * names a contact the read shows gone or changed (`gone` says both: its reason may no longer hold,
 * the other duplicate was deleted or took another address, the BC contact it pointed at is gone)
 * while they themselves are not. By side, each once.
 */
export function skipsNamingGone(
  skipped: readonly SkipEntry[],
  gone: {
    readonly bc: (id: string) => boolean;
    readonly outlook: (id: string) => boolean;
    /** Whether the conflict of this BC id holds an address no more (conflict-held.ts); absent: all do. */
    readonly released?: (bcId: string) => boolean;
  },
): { bc: string[]; outlook: string[] } {
  const out = { bc: new Set<string>(), outlook: new Set<string>() };
  for (const s of skipped) {
    const own = skippedContact(s.key);
    if (gone[own.side](own.id)) continue;
    const named = namedBy(s.record);
    const others = (side: 'bc' | 'outlook') => named[side].filter((id) => side !== own.side || id !== own.id);
    if (others('bc').some(gone.bc) || others('outlook').some(gone.outlook)) out[own.side].add(own.id);
    // A contact held for a conflict (emailInConflict) waits for it, not for its contacts: a resolve,
    // a dismiss or a run may end the conflict's hold while neither of them changes as a delta reads
    // (readd gap 2: the skip stayed, with words naming a conflict gone, until a full sync).
    else if (gone.released && heldFor(s.record).some(gone.released)) out[own.side].add(own.id);
  }
  return { bc: [...out.bc], outlook: [...out.outlook] };
}
