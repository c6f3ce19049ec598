import type { PageBeat, ReportedChange } from '../core/ports.js';
import { hostNeutralLink } from './delta-link.js';
import { GraphError } from './graph-error.js';
import type { GraphTransport } from './graph-transport.js';

/** One delta round of a contact folder, followed to its end. */
export interface DeltaRound {
  /** Host-neutral (delta-link.ts): any host replays it on its own mailbox root. */
  readonly deltaLink: string;
  /** Changed contacts with the changeKey of their last entry in the round. */
  readonly changed: ReportedChange[];
  readonly removedIds: string[];
}

/**
 * The properties a delta page is asked for: deltaRound reads of an entry only its id (always sent),
 * changeKey and first e-mail address (a delta page carries no extended properties, so what is not
 * known is read whole by id anyway). A page of 200 whole contacts was several times the bytes.
 */
export const DELTA_SELECT = 'changeKey,emailAddresses';

/**
 * The link of a folder's first delta round in the stored, host-neutral form (delta-link.ts): a
 * folder just made holds nothing, so following it reports exactly what was added since (the
 * Mailbox port's `MailFolder.startLink`). Graph's documented first request of a round, not an
 * edited link.
 */
export function firstRoundLink(folderId: string): string {
  return `contactFolders/${encodeURIComponent(folderId)}/contacts/delta?$select=${DELTA_SELECT}`;
}

/** The `Prefer` header a delta page is asked with. */
export const deltaHeaders = (pageSize: number): Record<string, string> => ({
  Prefer: `odata.maxpagesize=${pageSize}`,
});

/**
 * Follows a delta round to its deltaLink; an id seen several times counts by its last entry.
 * `start` is the first page's URL, or its body when it was read already (in a `$batch`).
 * `beat` is awaited after every page (the run's lease heartbeat).
 */
export async function deltaRound(
  transport: GraphTransport,
  pageSize: number,
  start: string | Record<string, unknown>,
  beat?: PageBeat,
): Promise<DeltaRound> {
  // A changed id as reported, or null for a removed one; the last entry of an id counts.
  const state = new Map<string, ReportedChange | null>();
  let deltaLink = '';
  const headers = deltaHeaders(pageSize);
  const onPage = async (body: Record<string, unknown>): Promise<void> => {
    for (const item of (body.value ?? []) as Record<string, unknown>[]) {
      if (typeof item.id !== 'string') continue;
      state.delete(item.id);
      const changeKey = typeof item.changeKey === 'string' ? item.changeKey : '';
      const email = firstAddress(item.emailAddresses);
      state.set(
        item.id,
        item['@removed'] !== undefined
          ? null
          : { id: item.id, changeKey, ...(email !== null ? { firstEmail: email } : {}) },
      );
    }
    if (typeof body['@odata.deltaLink'] === 'string') deltaLink = body['@odata.deltaLink'];
    await beat?.();
  };
  let url: string | null = typeof start === 'string' ? start : null;
  if (typeof start !== 'string') {
    await onPage(start);
    const next = start['@odata.nextLink'];
    url = typeof next === 'string' ? next : null;
  }
  // Each page is a request of its own, never an item in one of the run's write envelopes: riding
  // there saved about one item's latency a page, but made reads into batch items, which issue 12
  // bounds at 1.0 per contact written (first-full 1,000: 1,005 items riding, 1,000 on its own).
  // It goes beside the write envelopes waiting (ConcurrencyLimiter), not after them.
  if (url !== null) await transport.pages({ method: 'GET', url, headers, beside: true }, onPage);
  if (deltaLink === '')
    throw new GraphError(502, 'NoDeltaLink', 'The delta round ended without a deltaLink.');
  const changed: ReportedChange[] = [];
  const removedIds: string[] = [];
  for (const [id, reported] of state) {
    if (reported === null) removedIds.push(id);
    else changed.push(reported);
  }
  return { deltaLink: hostNeutralLink(deltaLink), changed, removedIds };
}

/** The first address of a delta entry's `emailAddresses` ('' when it has none); null when not sent. */
function firstAddress(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const first = (value[0] ?? null) as { address?: unknown } | null;
  return typeof first?.address === 'string' ? first.address : '';
}
