import type { OutlookContact, OutlookContactDraft } from '../core/model.js';
import type { WriteOutcome } from '../core/ports.js';

/** What the check needs from the mailbox: the folder's contacts by BC id, and a delete by id. */
export interface CopyCheck {
  findByBcIds(bcIds: readonly string[]): Promise<OutlookContact[]>;
  /** Deletes with If-Match on the changeKey; resolves with the ids not deleted (changed meanwhile). */
  deleteCopies(copies: readonly OutlookContact[]): Promise<string[]>;
}

/** A contact's values without its identity: two copies of one create read back alike. */
function content(contact: OutlookContact): string {
  const { id: _id, changeKey: _changeKey, ...values } = contact;
  return JSON.stringify(values);
}

/**
 * After creates on a path whose HTTP stack may send a request again by itself (a browser resends
 * a request, POSTs included, when a reused keep-alive connection closes before any byte of the
 * answer: Chromium's HttpNetworkTransaction::ShouldResendRequest), the engine may hold the answer
 * of the second attempt while the first landed too (F34). Lists the folder once for the created
 * BC ids and deletes every other contact that carries one of them and holds the same values as the
 * one the create returned: a copy made by a resend. A contact with other values was not made by
 * this create and stays (the planner's duplicate rules report it).
 *
 * Returns the outcomes to report: unchanged, except creates whose check could not be made (the
 * listing or a delete failed), which become `unknownOutcome` so they stay pending and the next
 * run looks them up by BC id.
 */
export async function removeResentCopies(
  check: CopyCheck,
  drafts: readonly OutlookContactDraft[],
  results: WriteOutcome<OutlookContact>[],
): Promise<WriteOutcome<OutlookContact>[]> {
  const created = new Map<string, { index: number; id: string }>();
  results.forEach((r, index) => {
    const bcId = drafts[index]?.bcId ?? '';
    if (r.ok && bcId !== '') created.set(bcId, { index, id: r.value.id });
  });
  if (created.size === 0) return results;
  const doubt = (indices: readonly number[], why: string): WriteOutcome<OutlookContact>[] =>
    results.map((r, i) =>
      indices.includes(i) ? { ok: false, error: { kind: 'unknownOutcome', message: `Created; ${why}` } } : r,
    );
  let found: OutlookContact[];
  try {
    found = await check.findByBcIds([...created.keys()]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return doubt(
      [...created.values()].map((c) => c.index),
      `the check for a resent copy failed: ${message}`,
    );
  }
  const kept = new Map(found.filter((c) => created.get(c.bcId)?.id === c.id).map((c) => [c.bcId, c]));
  const copies = found.filter((c) => {
    const own = kept.get(c.bcId);
    return own !== undefined && own.id !== c.id && content(own) === content(c);
  });
  if (copies.length === 0) return results;
  let left: string[];
  try {
    left = await check.deleteCopies(copies);
  } catch {
    left = copies.map((c) => c.id);
  }
  const stuck = copies.filter((c) => left.includes(c.id)).map((c) => created.get(c.bcId)?.index ?? -1);
  return stuck.length === 0 ? results : doubt(stuck, 'a resent copy could not be removed.');
}
