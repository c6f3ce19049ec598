import type { ExecuteContext, ExecutionPhase, ExecutionResult, PairState } from './executor-support.js';
import {
  GROUPS_IN_FLIGHT,
  RunCancelledError,
  chunks,
  failureOf,
  groupSize,
  inPool,
  settleAll,
  linkChanges,
  stampAfterBcCreate,
} from './executor-support.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import type { OutlookContact, SyncFields } from './model.js';
import {
  bcPatch,
  bcToSyncFields,
  outlookPatch,
  outlookToSyncFields,
  syncFieldsToOutlookDraft,
} from './mapping.js';
import { nextBase } from './merge.js';
import { ownValuesBeside } from './owned-values.js';
import type { ConflictRecord } from './merge.js';
import { phaseOf, writesOutlook } from './plan.js';
import type { Plan, PlanItem } from './plan.js';
import { pairContext } from './pair.js';
import { decidePair } from './pair-table.js';
import type { PortError } from './ports.js';
import { zeroCounts } from './records.js';

export type { CancelToken, ExecuteContext, ExecutionResult, ProgressEvent } from './executor-support.js';
/**
 * Applies a plan through the ports, BC writes first, then Outlook writes, then link-only changes.
 * Each phase goes in groups of several batches, two groups in flight, so the next group waits at
 * the port's pacing while the current one is on the wire (issue 12 §2: no gap between batches for
 * bookkeeping). Links are stored after every group, so a run stopped anywhere resumes without
 * duplicates: the next plan starts from what was really written.
 */
export async function executePlan(plan: Plan, ctx: ExecuteContext): Promise<ExecutionResult> {
  const res: ExecutionResult = {
    counts: zeroCounts(),
    errors: [],
    failed: [],
    conflicts: [],
    cancelled: false,
  };
  const ex = new Executor(ctx, res);
  try {
    await ex.run(plan);
  } catch (e) {
    if (!(e instanceof RunCancelledError)) throw e;
    return { ...res, cancelled: true };
  }
  return res;
}

class Executor {
  private readonly pairs = new Map<string, PairState>();
  private retried = new Set<string>();
  /** The plan's conflict records, so a re-planned pair keeps the settled fields it carries. */
  private recorded = new Map<string, ConflictRecord>();

  constructor(
    private readonly ctx: ExecuteContext,
    private readonly res: ExecutionResult,
  ) {}

  async run(plan: Plan): Promise<void> {
    for (const c of plan.conflicts) this.recorded.set(c.bcId, c.record);
    const bcItems = plan.items.filter((i) => phaseOf(i) === 'bc');
    const olItems = plan.items.filter((i) => phaseOf(i) === 'outlook');
    const linkItems = plan.items.filter((i) => phaseOf(i) === 'links');
    await this.phase('bc', bcItems, this.ctx.bc.maxBatch, (c) => this.writeBc(c));
    // Pairs whose BC write succeeded and still need Outlook writes (or a BC id stamp) join the Outlook phase.
    const followUps = [...this.pairs.values()].filter((p) => p.item !== null).map((p) => p.item as PlanItem);
    await this.phase('outlook', [...followUps, ...olItems], this.ctx.mailbox.maxBatch, (c) =>
      this.writeOutlook(c),
    );
    await this.phase('links', linkItems, 500, (c) => this.writeLinks(c));
  }

  private async phase(
    phase: ExecutionPhase,
    items: readonly PlanItem[],
    size: number,
    write: (chunk: PlanItem[]) => Promise<void>,
  ): Promise<void> {
    let done = 0;
    this.ctx.onProgress?.({ phase, done, total: items.length });
    await inPool(chunks(items, groupSize(items.length, size)), GROUPS_IN_FLIGHT, async (group) => {
      if (this.ctx.cancel?.isCancelled()) throw new RunCancelledError('The run was cancelled.');
      await this.ctx.beforeChunk?.();
      await write(group);
      done += group.length;
      this.ctx.onProgress?.({ phase, done, total: items.length });
    });
  }

  private fail(side: 'bc' | 'outlook', item: PlanItem, error: PortError): void {
    const { error: runError, failed } = failureOf(side, item, error);
    this.res.errors.push(runError);
    this.res.failed.push(failed);
  }

  private async writeBc(chunk: PlanItem[]): Promise<void> {
    const creates = chunk.filter(
      (i): i is Extract<PlanItem, { kind: 'createInBc' }> => i.kind === 'createInBc',
    );
    const updates = chunk.filter((i): i is Extract<PlanItem, { kind: 'update' }> => i.kind === 'update');
    const links: Link[] = [];
    if (creates.length > 0) {
      const out = await this.ctx.bc.create(creates.map((c) => ({ ...c.fields, type: 'Person' as const })));
      creates.forEach((item, n) => {
        const r = out[n];
        if (!r || !r.ok)
          return this.fail('bc', item, r?.error ?? { kind: 'unknownOutcome', message: 'no result' });
        this.res.counts.bc.created++;
        const bcFields = bcToSyncFields(r.value);
        const link = makeLink(
          { bcId: r.value.id, outlookId: item.outlookId },
          nextBase(null, bcFields, item.fields),
          {
            bcEtag: r.value.etag,
            outlookChangeKey: item.changeKey,
          },
          item.outlookOwn,
        );
        links.push(link);
        // Stamp the BC id (and BC's name) on the Outlook contact in the Outlook phase.
        this.pairs.set(link.bcId, { link, bcFields, item: stampAfterBcCreate(link, item, bcFields) });
      });
    }
    if (updates.length > 0) {
      const out = await this.ctx.bc.update(
        updates.map((u) => ({ id: u.bcId, etag: u.bc.stamp, patch: bcPatch(u.bc.current, u.bc.target) })),
      );
      for (const [n, item] of updates.entries()) {
        const r = out[n];
        if (r?.ok) {
          this.res.counts.bc.updated++;
          const bcFields = bcToSyncFields(r.value);
          const base = nextBase(item.base, bcFields, item.outlook.current);
          const stamps = { bcEtag: r.value.etag, outlookChangeKey: item.outlook.stamp };
          const link = makeLink(item, base, stamps, item.outlookOwn);
          links.push(link);
          const olNext = writesOutlook(item);
          const follow = olNext
            ? { ...item, base, bc: { stamp: r.value.etag, current: bcFields, target: bcFields } }
            : null;
          this.pairs.set(item.bcId, { link, bcFields, item: follow });
        } else if (r?.error.kind === 'stale') await this.replan(item);
        else this.fail('bc', item, r?.error ?? { kind: 'unknownOutcome', message: 'no result' });
      }
    }
    if (links.length > 0) await this.ctx.store.upsertLinks(this.ctx.scope, links);
  }

  /**
   * One group of Outlook writes: creates, updates and deletes go out together (the mailbox paces
   * them), then the links, the settled pending creates and the dropped links are stored once each.
   * Creates are recorded as pending before they are sent: a run stopped before the links are
   * stored finds them again by BC id; an update whose link was not stored converges next run.
   */
  private async writeOutlook(chunk: PlanItem[]): Promise<void> {
    const { store, scope } = this.ctx;
    const creates = chunk.filter(
      (i): i is Extract<PlanItem, { kind: 'createInOutlook' }> => i.kind === 'createInOutlook',
    );
    const updates = chunk.filter((i): i is Extract<PlanItem, { kind: 'update' }> => i.kind === 'update');
    const deletes = chunk.filter(
      (i): i is Extract<PlanItem, { kind: 'deleteInOutlook' }> => i.kind === 'deleteInOutlook',
    );
    if (creates.length > 0)
      await store.addPendingCreates(
        scope,
        creates.map((c) => c.bcId),
      );
    const links: Link[] = [];
    const settled: string[] = [];
    const gone: string[] = [];
    await settleAll([
      this.createInOutlook(creates, links, settled),
      this.updateInOutlook(updates, links),
      this.deleteInOutlook(deletes, gone),
    ]);
    if (links.length > 0) await store.upsertLinks(scope, links);
    if (settled.length > 0) await store.clearPendingCreates(scope, settled);
    if (gone.length > 0) await store.deleteLinks(scope, gone);
  }

  private async createInOutlook(
    creates: readonly Extract<PlanItem, { kind: 'createInOutlook' }>[],
    links: Link[],
    settled: string[],
  ): Promise<void> {
    if (creates.length === 0) return;
    const out = await this.ctx.mailbox.create(
      this.ctx.scope.folderId,
      creates.map((c) => syncFieldsToOutlookDraft(c.fields, c.bcId)),
    );
    creates.forEach((item, n) => {
      const r = out[n];
      if (r?.ok) {
        this.res.counts.outlook.created++;
        const olFields = outlookToSyncFields(r.value);
        links.push(
          makeLink(
            { bcId: item.bcId, outlookId: r.value.id },
            nextBase(null, item.fields, olFields),
            { bcEtag: item.bcEtag, outlookChangeKey: r.value.changeKey },
            ownValuesBeside(r.value, olFields),
          ),
        );
        settled.push(item.bcId);
      } else {
        const error = r?.error ?? { kind: 'unknownOutcome' as const, message: 'no result' };
        // An unknown outcome stays pending: the next run looks for it by BC id.
        if (error.kind !== 'unknownOutcome') settled.push(item.bcId);
        this.fail('outlook', item, error);
      }
    });
  }

  private async updateInOutlook(
    updates: readonly Extract<PlanItem, { kind: 'update' }>[],
    links: Link[],
  ): Promise<void> {
    if (updates.length === 0) return;
    const read = await this.readListsToRewrite(updates);
    const out = await this.ctx.mailbox.update(
      this.ctx.scope.folderId,
      updates.map((u) => ({
        id: u.outlookId,
        changeKey: u.outlook.stamp,
        // The BC id goes along on every update (the same value but for a stamp): with it and the
        // fax in the patch, the PATCH answer is the whole contact and nothing is read back.
        patch: outlookPatch(
          u.outlook.current,
          u.outlook.target,
          u.existing ?? read.get(u.outlookId) ?? null,
          u.bcId,
        ),
      })),
    );
    for (const [n, item] of updates.entries()) {
      const r = out[n];
      if (r?.ok) {
        this.res.counts.outlook.updated++;
        // Read as written: the entries holding the target's values are BC's, the rest Outlook's own.
        const olFields = outlookToSyncFields(r.value, { base: item.outlook.target }, 'own');
        const bcFields = this.pairs.get(item.bcId)?.bcFields ?? item.bc.current;
        links.push(
          makeLink(
            item,
            nextBase(item.base, bcFields, olFields),
            { bcEtag: item.bc.stamp, outlookChangeKey: r.value.changeKey },
            ownValuesBeside(r.value, olFields),
          ),
        );
      } else if (r?.error.kind === 'stale') await this.replan(item);
      else this.fail('outlook', item, r?.error ?? { kind: 'unknownOutcome', message: 'no result' });
    }
  }

  private async deleteInOutlook(
    deletes: readonly Extract<PlanItem, { kind: 'deleteInOutlook' }>[],
    gone: string[],
  ): Promise<void> {
    if (deletes.length === 0) return;
    const out = await this.ctx.mailbox.delete(
      this.ctx.scope.folderId,
      deletes.map((d) => ({ id: d.outlookId, changeKey: d.changeKey })),
    );
    for (const [n, item] of deletes.entries()) {
      const r = out[n];
      if (r?.ok || r?.error.kind === 'notFound') {
        if (r.ok) this.res.counts.outlook.deleted++;
        gone.push(item.bcId);
      } else if (r?.error.kind === 'stale') await this.replan(item);
      else this.fail('outlook', item, r?.error ?? { kind: 'unknownOutcome', message: 'no result' });
    }
  }

  /**
   * Contacts to read before a PATCH rewrites their e-mail or phone list although the plan did not
   * read them (a delta run where Outlook did not change): the list holds Outlook's own entries,
   * which the new list must keep in place (issue 8 §1). Only those with the stamp the plan saw.
   */
  private async readListsToRewrite(
    updates: readonly Extract<PlanItem, { kind: 'update' }>[],
  ): Promise<Map<string, OutlookContact>> {
    const unread = updates.filter(
      (u) =>
        u.existing === null &&
        listFieldsChanged(u.outlook.current, u.outlook.target) &&
        (u.outlookOwn === undefined || u.outlookOwn.emails.length + u.outlookOwn.phones.length > 0),
    );
    if (unread.length === 0) return new Map();
    const stamps = new Map(unread.map((u) => [u.outlookId, u.outlook.stamp]));
    const found = await this.ctx.mailbox.getMany(this.ctx.scope.folderId, [...stamps.keys()]);
    return new Map(found.filter((c) => stamps.get(c.id) === c.changeKey).map((c) => [c.id, c]));
  }

  private async writeLinks(chunk: PlanItem[]): Promise<void> {
    const { upserts, drops } = linkChanges(chunk);
    if (upserts.length > 0) await this.ctx.store.upsertLinks(this.ctx.scope, upserts);
    if (drops.length > 0) await this.ctx.store.deleteLinks(this.ctx.scope, drops);
  }

  /**
   * A side changed between reading and writing (stale etag / changeKey): read both sides again,
   * decide that pair anew and apply the result once; a second stale write is reported.
   */
  private async replan(item: Extract<PlanItem, { kind: 'update' | 'deleteInOutlook' }>): Promise<void> {
    if (this.retried.has(item.bcId)) {
      this.fail('outlook', item, {
        kind: 'stale',
        message: 'changed again while being synced; left for the next run',
      });
      return;
    }
    this.retried.add(item.bcId);
    const [bc] = await this.ctx.bc.getMany([item.bcId]);
    const [ol] = await this.ctx.mailbox.getMany(this.ctx.scope.folderId, [item.outlookId]);
    const link: Link =
      this.pairs.get(item.bcId)?.link ??
      makeLink(
        item,
        item.base,
        { bcEtag: '', outlookChangeKey: '' },
        item.kind === 'update' ? item.outlookOwn : undefined,
      );
    const decision = decidePair(
      {
        kind: 'linked',
        link,
        bc: bc ? { kind: 'present', contact: bc } : { kind: 'deleted' },
        outlook: ol ? { kind: 'present', contact: ol } : { kind: 'deleted' },
        recorded: this.recorded.get(item.bcId) ?? null,
      },
      pairContext(this.ctx),
    );
    if (decision.conflict) this.res.conflicts.push(decision.conflict);
    this.res.failed.push(...decision.skipped);
    for (const next of decision.items) await this.applyNow(next);
  }

  /** Applies one re-planned item at once, whatever phase the run is in. */
  private async applyNow(item: PlanItem): Promise<void> {
    const phase = phaseOf(item);
    if (phase === 'links') return this.writeLinks([item]);
    if (phase === 'outlook') return this.writeOutlook([item]);
    await this.writeBc([item]);
    const pair = 'bcId' in item ? this.pairs.get(item.bcId) : undefined;
    const follow = pair?.item;
    if (pair && follow) {
      pair.item = null;
      await this.writeOutlook([follow]);
    }
  }
}

function listFieldsChanged(current: SyncFields, target: SyncFields): boolean {
  return (['email', 'email2', 'phoneNumber'] as const).some((f) => current[f] !== target[f]);
}
