import { CancelRequestedError } from './run-errors.js';
import { writeBc } from './executor-bc.js';
import { writeOutlook } from './executor-outlook.js';
import { EndStretch } from './end-links.js';
import type {
  ExecuteContext,
  ExecutionPhase,
  ExecutionResult,
  LinkChanges,
  PairState,
  WriteSession,
} from './executor-support.js';
import {
  GROUPS_IN_FLIGHT,
  RunCancelledError,
  chunks,
  failureOf,
  groupSize,
  inPool,
  linkChanges,
  settleAll,
} from './executor-support.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import type { ConflictRecord } from './merge.js';
import { phaseOf } from './plan.js';
import type { Plan, PlanItem } from './plan.js';
import { pairContext } from './pair.js';
import { emailHoldersOf, movedEmail } from './bc-email-index.js';
import { EmailClaims } from './email-claims.js';
import { decidePair } from './pair-table.js';
import type { PortError } from './ports.js';
import { zeroCounts } from './records.js';
import { UpdatesAhead, coalescedAnnounce, writeKindOf } from './uncertain-writes.js';
import type { UncertainLedger } from './uncertain-writes.js';

export type { CancelToken, ExecuteContext, ExecutionResult, ProgressEvent } from './executor-support.js';
/**
 * Applies a plan through the ports, BC writes first, then Outlook writes, then link-only changes.
 * Each phase goes in groups of several batches, two groups in flight, so the next group waits at
 * the port's pacing while the current one is on the wire (issue 12 §2: no gap between batches for
 * bookkeeping). Links are stored after every group, so a run stopped anywhere resumes without
 * duplicates: the next plan starts from what was really written.
 *
 * This module orders the phases and re-plans stale writes; executor-bc.ts and executor-outlook.ts
 * write one group of each side.
 */
export async function executePlan(plan: Plan, ctx: ExecuteContext): Promise<ExecutionResult> {
  const res: ExecutionResult = {
    counts: ctx.counts ?? zeroCounts(),
    uncertain: ctx.uncertain ?? zeroCounts(),
    errors: [],
    failed: [],
    conflicts: [],
    cancelled: false,
    deferred: [],
  };
  const ex = new Executor(ctx, res);
  try {
    await ex.run(plan);
  } catch (e) {
    // Cancelled here, or asked elsewhere (the store refused the announce of a write call): the
    // writes that answered are the result, as one run's cancel ends them.
    if (!(e instanceof RunCancelledError || e instanceof CancelRequestedError)) throw e;
    return { ...res, cancelled: true };
  }
  // Cancelled while its last calls were out: a call the cancel aborted answers its items as failed
  // (outcome unknown) rather than throw; the run was cancelled (its record counts them uncertain),
  // not failed. A cancel after every write answered well leaves the run as it would end.
  if (res.errors.length > 0 && ctx.cancel?.isCancelled()) return { ...res, cancelled: true };
  return res;
}

class Executor implements WriteSession {
  readonly pairs = new Map<string, PairState>();
  readonly ledger: UncertainLedger;
  readonly updatesAhead: UpdatesAhead;
  private retried = new Set<string>();
  /** What `follow` was given (WriteSession.follow). */
  private following: Promise<void>[] = [];
  /** What `behind` was given: awaited after the phases, before what was followed. */
  private behindList: Promise<void>[] = [];
  /** The plan's conflict records, so a re-planned pair keeps the settled fields it carries. */
  private recorded = new Map<string, ConflictRecord>();
  /** The addresses the plan's BC updates move an E-Mail to: a pair decided again must not take one (rule duplicates.bc). */
  private readonly claims = new EmailClaims();
  /** The stamp groups' lanes (GROUPS_IN_FLIGHT of them), each group after the one before in its lane. */
  private stampLanes: Promise<void>[] = [];
  private stampGroups = 0;
  /** A stamp group failed: the ones after it are not sent (its failure ends the run). */
  private stampFailed = false;
  /** Each stamp group's write call answered (ExecuteContext.onOutlookAnswered waits for them). */
  private stampsAnswered: Promise<void>[] = [];
  /** Whether a group's links may go with the run's end (end-links.ts). */
  private readonly endStretch: EndStretch;

  constructor(
    readonly ctx: ExecuteContext,
    readonly res: ExecutionResult,
  ) {
    this.ledger = {
      uncertain: res.uncertain,
      ...(ctx.beforeSend ? { announce: coalescedAnnounce(ctx.beforeSend) } : {}),
      ...(ctx.held ? { held: ctx.held } : {}),
      ...(ctx.recheck ? { recheck: ctx.recheck } : {}),
    };
    this.updatesAhead = ctx.updatesAhead ?? new UpdatesAhead(this.ledger);
    this.endStretch = new EndStretch(ctx.endLinks, ctx.endReadsAfter);
  }

  behind(work: Promise<readonly Link[]>): void {
    const { store, scope } = this.ctx;
    this.keepBehind(
      work.then((upserts) =>
        this.endStretch.storeBehind(store, scope, { upserts, deletes: [], clearPending: [] }),
      ),
    );
  }

  private keepBehind(work: Promise<void>): void {
    // Observed at once, as `follow`'s; thrown by `run` after the phases.
    work.catch(() => undefined);
    this.behindList.push(work);
  }

  storeLinks(changes: LinkChanges): Promise<void> {
    return this.endStretch.store(this.ctx.store, this.ctx.scope, changes);
  }

  stamp(items: readonly PlanItem[]): void {
    for (const group of chunks(items, groupSize(items.length, this.ctx.mailbox.maxBatch))) {
      let answered: () => void = () => undefined;
      const answer = new Promise<void>(
        (resolve) =>
          (answered = () => {
            this.endStretch.stampAnswered();
            resolve();
          }),
      );
      this.endStretch.stampGroup();
      this.stampsAnswered.push(answer);
      const lane = this.stampGroups++ % GROUPS_IN_FLIGHT;
      const work = (this.stampLanes[lane] ?? Promise.resolve()).then(async () => {
        if (this.stampFailed) return;
        if (this.ctx.cancel?.isCancelled()) throw new RunCancelledError('cancelled');
        await this.ctx.beforeChunk?.();
        await writeOutlook(this, group, answered);
      });
      const failed = work.catch(() => {
        this.stampFailed = true;
      });
      // The next group of the lane goes once this one's write call answered, not after its links:
      // those wait for the links of the group's creates (WriteSession.follow), stored once BC made
      // all of them.
      this.stampLanes[lane] = Promise.race([answer, failed]);
      // A stamp group's own links are its work's last step: not counted as a write behind.
      this.keepBehind(work);
    }
  }

  follow(work: Promise<void>): void {
    // Observed at once: a failure is thrown by `followed`, not left unhandled meanwhile.
    work.catch(() => undefined);
    this.following.push(work);
  }

  async followed(): Promise<void> {
    await settleAll(this.following);
  }

  async run(plan: Plan): Promise<void> {
    try {
      await this.phases(plan);
    } finally {
      // Nothing left running unobserved, however the phases ended; their own failure comes first.
      // The work behind first: it adds its links to what is followed once it answered.
      await Promise.allSettled(this.behindList);
      await Promise.allSettled(this.following);
      // Links of writes behind whose group never stored its own: with the run's end, whichever way.
      this.endStretch.leftOver();
      // Stamps counted ahead whose call never went out (a cancelled or failed run) stop counting.
      this.updatesAhead.releaseAll();
    }
    await settleAll(this.behindList);
    await this.followed();
  }

  private async phases(plan: Plan): Promise<void> {
    for (const c of plan.conflicts) this.recorded.set(c.bcId, c.record);
    this.claims.note(plan.items);
    // rule match.followStamps: crossed links go before any write, so no write can follow them (F123).
    if (plan.untrustedLinks.length > 0) await this.ctx.store.deleteLinks(this.ctx.scope, plan.untrustedLinks);
    if (plan.repairedLinks.length > 0) await this.ctx.store.upsertLinks(this.ctx.scope, plan.repairedLinks);
    const bcItems = plan.items.filter((i) => phaseOf(i) === 'bc');
    const olItems = plan.items.filter((i) => phaseOf(i) === 'outlook');
    const linkItems = plan.items.filter((i) => phaseOf(i) === 'links');
    await this.phase('bc', bcItems, this.ctx.bc.maxBatch, (c) => writeBc(this, c));
    // Pairs whose BC write succeeded and still need Outlook writes (or a BC id stamp) join the Outlook phase.
    const followUps = [...this.pairs.values()].filter((p) => p.item !== null).map((p) => p.item as PlanItem);
    const outlookItems = [...followUps, ...olItems];
    // Every Outlook write answered: the phase's groups and the stamps written as their creates answered.
    const allAnswered = () =>
      void Promise.all(this.stampsAnswered).then(() => this.ctx.onOutlookAnswered?.());
    let answered = 0;
    let left = outlookItems.length;
    this.endStretch.outlookPhase(
      chunks(outlookItems, groupSize(outlookItems.length, this.ctx.mailbox.maxBatch)).length,
      linkItems.length > 0,
    );
    await this.phase('outlook', outlookItems, this.ctx.mailbox.maxBatch, (c, groups) =>
      writeOutlook(this, c, () => {
        this.endStretch.outlookAnswered();
        left -= c.length;
        if (this.stampsAnswered.length === 0) this.ctx.onOutlookLeft?.(left, outlookItems.length - left);
        if (++answered === groups) allAnswered();
      }),
    );
    if (outlookItems.length === 0 && this.stampsAnswered.length > 0) allAnswered();
    await this.phase('links', linkItems, 500, (c) => this.writeLinks(c));
  }

  private async phase(
    phase: ExecutionPhase,
    items: readonly PlanItem[],
    size: number,
    write: (chunk: PlanItem[], groups: number) => Promise<void>,
  ): Promise<void> {
    let done = 0;
    this.ctx.onProgress?.({ phase, done, total: items.length });
    const groups = chunks(items, groupSize(items.length, size));
    await inPool(groups, GROUPS_IN_FLIGHT, async (group) => {
      if (this.ctx.cancel?.isCancelled()) throw new RunCancelledError('cancelled');
      await this.ctx.beforeChunk?.();
      await write(group, groups.length);
      done += group.length;
      this.ctx.onProgress?.({ phase, done, total: items.length });
    });
  }

  fail(side: 'bc' | 'outlook', item: PlanItem, error: PortError): void {
    const { error: runError, failed } = failureOf(side, item, error);
    // Answered with an unknown outcome (a lost answer, a 5xx after apply): it may have landed (F114).
    const kind = writeKindOf(item);
    if (error.kind === 'unknownOutcome' && kind !== null) this.res.uncertain[side][kind]++;
    this.res.errors.push(runError);
    this.res.failed.push(failed);
  }

  private async writeLinks(chunk: readonly PlanItem[]): Promise<void> {
    const { upserts, drops } = linkChanges(chunk);
    if (upserts.length > 0) await this.ctx.store.upsertLinks(this.ctx.scope, upserts);
    if (drops.length > 0) await this.ctx.store.deleteLinks(this.ctx.scope, drops);
  }

  /**
   * Stale writes (a side changed between reading and writing: stale etag / changeKey): read both
   * sides of all of them again — one read per side for the group, never one per contact (issue 12
   * §1) — decide each pair anew and apply the results once; a second stale write is reported.
   */
  async replan(items: readonly Extract<PlanItem, { kind: 'update' | 'deleteInOutlook' }>[]): Promise<void> {
    const fresh = items.filter((item) => {
      if (!this.retried.has(item.bcId)) return true;
      // Changed again while being synced: left for the next run (worded at the edge by kind).
      this.fail('outlook', item, { kind: 'stale', message: '' });
      return false;
    });
    if (fresh.length === 0) return;
    for (const item of fresh) this.retried.add(item.bcId);
    const bcNow = await this.ctx.bc.getMany(fresh.map((i) => i.bcId));
    const olNow = await this.ctx.mailbox.getMany(
      this.ctx.scope.folderId,
      fresh.map((i) => i.outlookId),
    );
    const bcById = new Map(bcNow.map((c) => [c.id.toLowerCase(), c]));
    const olById = new Map(olNow.map((c) => [c.id, c]));
    // Outlook values read here may go to BC: checked against the Country/Region table, read now
    // when the plan did without it.
    const { countryCodes, loadCountryCodes } = this.ctx;
    // rule duplicates.bc: the holders of the addresses Outlook now moves an E-Mail to, read as a
    // delta reads them (delta-reads.ts movedEmails), so a pair decided again is checked as in the plan.
    const moved = fresh.flatMap((i) => movedEmail(olById.get(i.outlookId), i.base) ?? []);
    const holders = moved.length > 0 ? await this.ctx.bc.findByEmails(moved) : [];
    const context = pairContext({
      ...this.ctx,
      countryCodes: countryCodes ?? (olNow.length > 0 && loadCountryCodes ? await loadCountryCodes() : null),
      emailHolders: emailHoldersOf([...bcNow, ...holders]),
      claims: this.claims,
    });
    // A pair decided again claims what its new decision writes, not what its planned one did; the
    // pairs in the order of their BC ids, as the planner decides E-Mail moves (planner.ts decideMovers).
    for (const item of fresh) this.claims.release(item.bcId);
    const byBcId = [...fresh].sort((a, b) => (a.bcId < b.bcId ? -1 : a.bcId > b.bcId ? 1 : 0));
    const next: PlanItem[] = [];
    for (const item of byBcId) {
      const bc = bcById.get(item.bcId.toLowerCase());
      const ol = olById.get(item.outlookId);
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
        context,
      );
      if (decision.conflict) this.res.conflicts.push(decision.conflict);
      this.res.failed.push(...decision.skipped);
      this.claims.note(decision.items);
      next.push(...decision.items);
    }
    await this.applyNow(next);
  }

  /**
   * Applies re-planned items at once, whatever phase the run is in, in the phases' order: BC writes
   * (then the Outlook writes they leave for their pairs), Outlook writes, link-only changes.
   */
  private async applyNow(items: readonly PlanItem[]): Promise<void> {
    const bc = items.filter((i) => phaseOf(i) === 'bc');
    if (bc.length > 0) await writeBc(this, bc);
    const follows: PlanItem[] = [];
    for (const item of bc) {
      const pair = 'bcId' in item ? this.pairs.get(item.bcId) : undefined;
      if (pair?.item) {
        follows.push(pair.item);
        pair.item = null;
      }
    }
    const outlook = [...follows, ...items.filter((i) => phaseOf(i) === 'outlook')];
    if (outlook.length > 0) await writeOutlook(this, outlook);
    const links = items.filter((i) => phaseOf(i) === 'links');
    if (links.length > 0) await this.writeLinks(links);
  }
}
