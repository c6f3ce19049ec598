import type { ConflictEntry, SkipEntry } from './ports.js';
import type { BcContact, OutlookContact } from './model.js';
import { skipKey } from './pair.js';
import type { Pair } from './pair.js';
import { storableText, unstorableAt } from '../pure/storable-text.js';

/** One contact of a pair that holds text the sync cannot store: its side and the property (path). */
interface Unstorable {
  readonly side: 'bc' | 'outlook';
  readonly contact: BcContact | OutlookContact;
  /** The side's own property name, as `displayName`, `emailAddresses[2].name`, `businessAddress.street`. */
  readonly property: string;
}

function contactsOf(pair: Pair): { bc: BcContact | null; outlook: OutlookContact | null } {
  switch (pair.kind) {
    case 'linked':
      return {
        bc: pair.bc.kind === 'present' ? pair.bc.contact : null,
        outlook: pair.outlook.kind === 'present' ? pair.outlook.contact : null,
      };
    case 'bcOnly':
      return { bc: pair.bc, outlook: null };
    case 'matched':
      return { bc: pair.bc, outlook: pair.outlook };
    case 'outlookOnly':
      return { bc: null, outlook: pair.outlook };
  }
}

/** A JSON Pointer (`/emailAddresses/2/name`) as the property path people read (`emailAddresses[2].name`). */
function propertyOf(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, k) => (/^\d+$/.test(k) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`), '');
}

/** The pair's contacts (as the views report them) that hold U+0000 or an unpaired surrogate anywhere. */
export function unstorableContacts(pair: Pair): Unstorable[] {
  const { bc, outlook } = contactsOf(pair);
  const out: Unstorable[] = [];
  const bcAt = bc ? unstorableAt(bc) : null;
  if (bc && bcAt !== null) out.push({ side: 'bc', contact: bc, property: propertyOf(bcAt) });
  const olAt = outlook ? unstorableAt(outlook) : null;
  if (outlook && olAt !== null) out.push({ side: 'outlook', contact: outlook, property: propertyOf(olAt) });
  return out;
}

/**
 * rule text.unstorable: a pair one of whose contacts holds text the sync cannot store or compare
 * is left exactly as it is on both sides — nothing written, no link made or changed, a conflict
 * recorded before kept as it was — and each such contact is listed as skipped with the property
 * that holds the text (tester F20: one such Outlook name made every run fail). The record's name is
 * shown with U+FFFD in place of the broken characters; the contact itself is never rewritten.
 */
export function holdUnstorable(
  pair: Pair,
  found: readonly Unstorable[],
): { items: []; conflict: ConflictEntry | null; skipped: SkipEntry[] } {
  const link = pair.kind === 'linked' ? pair.link : null;
  const { bc, outlook } = contactsOf(pair);
  const bcId = link?.bcId ?? bc?.id ?? '';
  const outlookId = link?.outlookId ?? outlook?.id ?? '';
  const skipped = found.map(({ side, contact, property }): SkipEntry => ({
    key: skipKey(side, side === 'bc' ? bcId : outlookId),
    record: {
      side,
      bcId,
      bcNumber: storableText(bc?.number ?? ''),
      outlookId,
      displayName: storableText(contact.displayName),
      reason: { kind: 'unstorableText', side, property: storableText(property) },
    },
  }));
  const conflict =
    pair.kind === 'linked' && pair.recorded
      ? { bcId: pair.link.bcId, outlookId: pair.link.outlookId, record: pair.recorded }
      : null;
  return { items: [], conflict, skipped };
}
