import type { OutlookContact, OutlookContactDraft } from '../core/model.js';
import type { OutlookDelete, OutlookUpdate, SendAgain, WriteOutcome } from '../core/ports.js';
import { runBatched } from './batch-runner.js';
import type { ItemHandler } from './batch-runner.js';
import { etagFor, fromGraphContact, holdsPatch, toGraphBody } from './contact-mapping.js';
import type { RawResponse } from './graph-client.js';
import { portKindOf, portMessageOf } from './graph-error.js';
import type { GraphError } from './graph-error.js';
import type { GraphTransport, ItemRequest } from './graph-transport.js';
import { removeResentCopies } from './resent-creates.js';

/** What the writes need from the mailbox: where the folder lives and complete reads by id or BC id. */
export interface WriteContext {
  readonly transport: GraphTransport;
  /** `/me/contactFolders/{id}/contacts` (or `/users/{id}/...`). */
  readonly contactsUrl: string;
  getMany(ids: readonly string[]): Promise<OutlookContact[]>;
  findByBcIds(bcIds: readonly string[]): Promise<OutlookContact[]>;
  /** The HTTP stack may send a write again by itself (GraphMailboxOptions.silentResends). */
  readonly silentResends: boolean;
}

type Outcome<T> = WriteOutcome<T>;

const fail = <T>(error: GraphError): Outcome<T> => ({
  ok: false,
  error: {
    kind: portKindOf(error),
    message: portMessageOf(error),
    status: error.status,
    serviceCode: error.code,
  },
});

const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

function contactFrom(raw: RawResponse): OutlookContact {
  return fromGraphContact((raw.body ?? {}) as Record<string, unknown>);
}

/** Graph returns written contacts without extended properties: take what we stamped, it is stored verbatim. */
function withStamps(contact: OutlookContact, sent: Partial<OutlookContactDraft>): OutlookContact {
  return {
    ...contact,
    bcId: sent.bcId ?? contact.bcId,
    faxNumber: sent.faxNumber ?? contact.faxNumber,
  };
}

const itemUrl = (ctx: WriteContext, id: string): string => `${ctx.contactsUrl}/${encodeURIComponent(id)}`;

/**
 * Creates in $batch envelopes. A create whose outcome is unknown (lost response, 502/503/504) is looked up
 * by its BC id before it is sent again, so a retry never duplicates a contact; a draft without a
 * BC id cannot be looked up and is reported `unknownOutcome` instead of being resent.
 */
export async function createContacts(
  ctx: WriteContext,
  drafts: readonly OutlookContactDraft[],
  again?: SendAgain,
): Promise<Outcome<OutlookContact>[]> {
  const requests: ItemRequest[] = drafts.map((d) => ({
    method: 'POST',
    url: ctx.contactsUrl,
    body: toGraphBody(d, true),
  }));
  const handler: ItemHandler<Outcome<OutlookContact>> = {
    settle: (i, raw) => {
      if (raw.status === 200 || raw.status === 201)
        return { done: success(withStamps(contactFrom(raw), drafts[i] ?? {})) };
      return { done: fail(ctx.transport.errorOf(raw)) };
    },
    recoverLost: async (indices) => {
      const found = new Map<number, Outcome<OutlookContact>>();
      const bcIds = indices.map((i) => drafts[i]?.bcId ?? '').filter((b) => b !== '');
      let byBcId = new Map<string, OutlookContact>();
      try {
        if (bcIds.length > 0)
          byBcId = new Map((await ctx.findByBcIds(bcIds)).reverse().map((c) => [c.bcId, c]));
      } catch (error) {
        // The lookup failed too: nothing can be resent safely.
        const message = error instanceof Error ? error.message : String(error);
        for (const i of indices)
          found.set(i, unknown(`The create's response was lost and the lookup failed: ${message}`));
        return found;
      }
      for (const i of indices) {
        const bcId = drafts[i]?.bcId ?? '';
        const contact = byBcId.get(bcId);
        if (bcId === '')
          found.set(i, unknown('The response was lost and a contact without BC id cannot be looked up.'));
        else if (contact) found.set(i, success(contact));
      }
      return found;
    },
    giveUp: (_i, error) => fail(error),
  };
  const results = await runBatched(ctx.transport, requests, handler, again);
  if (!ctx.silentResends) return results;
  return removeResentCopies(
    {
      findByBcIds: (bcIds) => ctx.findByBcIds(bcIds),
      deleteCopies: async (copies) => {
        // A write of its own, sent after the creates answered: only while the caller may still write
        // (the run's lease, SendAgain); refused, the copies stay and their creates count as unknown.
        if (again && !(await again())) return copies.map((c) => c.id);
        const out = await deleteContacts(
          ctx,
          copies.map((c) => ({ id: c.id, changeKey: c.changeKey })),
          again,
        );
        return copies.filter((_c, i) => !out[i]?.ok).map((c) => c.id);
      },
    },
    drafts,
    results,
  );
}

function unknown<T>(message: string): Outcome<T> {
  return { ok: false, error: { kind: 'unknownOutcome', message } };
}

/**
 * Writes to contacts by id with If-Match (`bodies[i]` the i-th item's, or none): the version
 * condition makes sending one again safe, so a write whose outcome is unknown is not looked up but
 * sent again, and `settle` judges its answer (`lostBefore`: a 412 or 404 may be our earlier attempt).
 */
function writeIfMatch<T>(
  ctx: WriteContext,
  method: 'PATCH' | 'DELETE',
  items: readonly { readonly id: string; readonly changeKey: string }[],
  bodies: readonly unknown[] | null,
  settle: ItemHandler<Outcome<T>>['settle'],
  again?: SendAgain,
): Promise<Outcome<T>[]> {
  const requests: ItemRequest[] = items.map((item, i) => ({
    method,
    url: itemUrl(ctx, item.id),
    ...(bodies ? { body: bodies[i] } : {}),
    headers: { 'If-Match': etagFor(item.changeKey) },
  }));
  return runBatched(
    ctx.transport,
    requests,
    {
      settle,
      recoverLost: async () => new Map(),
      giveUp: (_i, error) => fail(error),
    },
    again,
  );
}

/**
 * PATCHes with If-Match, so a retry after a lost response can never overwrite someone else's
 * change: a 412 after a lost attempt is checked against a fresh read and counts as success when
 * the contact already holds the patch (our earlier attempt was applied).
 */
export async function updateContacts(
  ctx: WriteContext,
  updates: readonly OutlookUpdate[],
  again?: SendAgain,
): Promise<Outcome<OutlookContact>[]> {
  const patches = updates.map((u) => toGraphBody(u.patch, false));
  const results = await writeIfMatch<OutlookContact>(
    ctx,
    'PATCH',
    updates,
    patches,
    async (i, raw, lostBefore) => {
      const update = updates[i] as OutlookUpdate;
      if (raw.status === 200) return { done: success(withStamps(contactFrom(raw), update.patch)) };
      const error = ctx.transport.errorOf(raw);
      if (raw.status === 412 && lostBefore) {
        const [fresh] = await ctx.getMany([update.id]);
        if (fresh && holdsPatch(fresh, update.patch)) return { done: success(fresh) };
      }
      return { done: fail(error) };
    },
    again,
  );
  return completeStamps(ctx, updates, results);
}

/**
 * A PATCH response lacks the extended properties the patch did not touch (BC id, fax, whether the
 * contact has a photo): read them. A patch writing both BC id and fax reads nothing back, so its
 * result may miss a photo; the engine judges a copy by reads, never by a write's result.
 * If the contact moved on between the PATCH and this read, the read's values are the best known.
 */
async function completeStamps(
  ctx: WriteContext,
  updates: readonly OutlookUpdate[],
  results: Outcome<OutlookContact>[],
): Promise<Outcome<OutlookContact>[]> {
  const missing = results.flatMap((r, i) => {
    const patch = updates[i]?.patch;
    return r.ok && patch && (patch.bcId === undefined || patch.faxNumber === undefined) ? [r.value.id] : [];
  });
  if (missing.length === 0) return results;
  let fresh: Map<string, OutlookContact>;
  try {
    fresh = new Map((await ctx.getMany(missing)).map((c) => [c.id, c]));
  } catch (error) {
    // Applied, but without the stamps the result would misreport the BC id: let the engine re-read.
    const message = `Updated, but the contact could not be read back: ${error instanceof Error ? error.message : String(error)}`;
    return results.map((r, i) => (r.ok && missing.includes(updates[i]?.id ?? '') ? unknown(message) : r));
  }
  return results.map((r, i) => {
    if (!r.ok) return r;
    const patch: Partial<OutlookContactDraft> = updates[i]?.patch ?? {};
    const read = fresh.get(r.value.id);
    if (!read) return r;
    return success({
      ...r.value,
      bcId: patch.bcId ?? read.bcId,
      faxNumber: patch.faxNumber ?? read.faxNumber,
      // Nor does it say whether the contact has a photo (PidLidHasPicture, F58): the read does.
      outlookOnly: read.outlookOnly,
    });
  });
}

/** DELETE with If-Match; a 404 after a lost attempt means our earlier attempt was applied. */
export async function deleteContacts(
  ctx: WriteContext,
  deletes: readonly OutlookDelete[],
  again?: SendAgain,
): Promise<Outcome<null>[]> {
  return writeIfMatch<null>(
    ctx,
    'DELETE',
    deletes,
    null,
    (_i, raw, lostBefore) => {
      if (raw.status === 204 || raw.status === 200) return { done: success(null) };
      if (raw.status === 404 && lostBefore) return { done: success(null) };
      return { done: fail(ctx.transport.errorOf(raw)) };
    },
    again,
  );
}
