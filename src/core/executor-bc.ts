import { NO_RESULT, stampAfterBcCreate } from './executor-support.js';
import type { WriteSession } from './executor-support.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcPatch, bcToSyncFields } from './mapping.js';
import { nextBase } from './merge.js';
import { writesOutlook } from './plan.js';
import type { PlanItem } from './plan.js';

/**
 * One group of BC writes: creates, then updates, then their links stored once. A pair whose
 * Outlook side still needs a write (the BC id stamp after a create, or the merged values after
 * an update) is left in `session.pairs` for the Outlook phase.
 */
export async function writeBc(session: WriteSession, chunk: readonly PlanItem[]): Promise<void> {
  const creates = chunk.filter(
    (i): i is Extract<PlanItem, { kind: 'createInBc' }> => i.kind === 'createInBc',
  );
  const updates = chunk.filter((i): i is Extract<PlanItem, { kind: 'update' }> => i.kind === 'update');
  const links: Link[] = [];
  await createInBc(session, creates, links);
  await updateInBc(session, updates, links);
  if (links.length > 0) await session.ctx.store.upsertLinks(session.ctx.scope, links);
}

async function createInBc(
  session: WriteSession,
  creates: readonly Extract<PlanItem, { kind: 'createInBc' }>[],
  links: Link[],
): Promise<void> {
  if (creates.length === 0) return;
  const { ctx, res, pairs } = session;
  const out = await ctx.bc.create(creates.map((c) => ({ ...c.fields, type: 'Person' as const })));
  creates.forEach((item, n) => {
    const r = out[n];
    if (!r || !r.ok) return session.fail('bc', item, r?.error ?? NO_RESULT);
    res.counts.bc.created++;
    const bcFields = bcToSyncFields(r.value);
    const link = makeLink(
      { bcId: r.value.id, outlookId: item.outlookId },
      nextBase(null, bcFields, item.fields),
      { bcEtag: r.value.etag, outlookChangeKey: item.changeKey },
      item.outlookOwn,
    );
    links.push(link);
    // Stamp the BC id (and BC's name) on the Outlook contact in the Outlook phase.
    pairs.set(link.bcId, {
      link,
      bcFields,
      item: stampAfterBcCreate(link, item, bcFields),
      createdInBc: true,
    });
  });
}

async function updateInBc(
  session: WriteSession,
  updates: readonly Extract<PlanItem, { kind: 'update' }>[],
  links: Link[],
): Promise<void> {
  if (updates.length === 0) return;
  const { ctx, res, pairs } = session;
  const stale: (typeof updates)[number][] = [];
  const out = await ctx.bc.update(
    updates.map((u) => ({ id: u.bcId, etag: u.bc.stamp, patch: bcPatch(u.bc.current, u.bc.target) })),
  );
  for (const [n, item] of updates.entries()) {
    const r = out[n];
    if (r?.ok) {
      res.counts.bc.updated++;
      const bcFields = bcToSyncFields(r.value);
      const base = nextBase(item.base, bcFields, item.outlook.current);
      const stamps = { bcEtag: r.value.etag, outlookChangeKey: item.outlook.stamp };
      const link = makeLink(item, base, stamps, item.outlookOwn);
      links.push(link);
      const follow = writesOutlook(item)
        ? { ...item, base, bc: { stamp: r.value.etag, current: bcFields, target: bcFields } }
        : null;
      pairs.set(item.bcId, { link, bcFields, item: follow, createdInBc: false });
    } else if (r?.error.kind === 'stale') stale.push(item);
    else session.fail('bc', item, r?.error ?? NO_RESULT);
  }
  if (stale.length > 0) await session.replan(stale);
}
