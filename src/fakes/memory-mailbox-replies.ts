import { GRAPH_MAX_BUSINESS_PHONES, GRAPH_MAX_EMAILS } from '../core/mapping.js';
import type { OutlookContactDraft } from '../core/model.js';
import type { PortError, WriteOutcome } from '../core/ports.js';

// The refusals the in-memory mailbox answers with, worded as Graph words them (observed), so the
// fake fails like the service.

export function limitsError(
  c: Pick<OutlookContactDraft, 'emailAddresses' | 'businessPhones'>,
): PortError | null {
  // The messages Graph returns (observed), so the fake fails like the service.
  if (c.emailAddresses.length > GRAPH_MAX_EMAILS)
    return {
      kind: 'invalid',
      message: `The multi value property EmailAddresses has ${c.emailAddresses.length} entries, that exceeds the max allowed value of ${GRAPH_MAX_EMAILS}`,
    };
  if (c.businessPhones.length > GRAPH_MAX_BUSINESS_PHONES)
    return {
      kind: 'invalid',
      message: `The multi value property BusinessPhones has ${c.businessPhones.length} entries, that exceeds the max allowed value of ${GRAPH_MAX_BUSINESS_PHONES}`,
    };
  return null;
}

export function notFound(id: string): WriteOutcome<never> {
  return { ok: false, error: { kind: 'notFound', message: `The contact ${id} was not found.` } };
}

export function stale(): WriteOutcome<never> {
  return {
    ok: false,
    error: {
      kind: 'stale',
      message: 'The change key passed in the request does not match the current change key for the item.',
    },
  };
}

export function lost(): WriteOutcome<never> {
  return { ok: false, error: { kind: 'unknownOutcome', message: 'The response was lost.' } };
}
