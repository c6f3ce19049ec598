import { replayRecord } from '../replay.js';
import { onLinkedCopy } from '../../core/conflict-copy.js';
import { conflictsViewAnswer, resolveAnswer } from './answer-schemas.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_SETTLED_CONFLICTS } from '../../core/merge.js';
import type { SyncScope, SyncStateStore } from '../../core/ports.js';
import { ResolveError, dismissConflict, resolveConflict } from '../../core/resolve.js';
import type { ResolveChoice, ResolveFailure } from '../../core/resolve.js';
import { LEASE_TTL_MS } from '../../core/run.js';
import { heldPorts, leaseKeeper } from '../../core/lease-keeper.js';
import { heldRefusal } from '../../core/run-lease-takes.js';
import { conflictView } from '../../core/views.js';
import { recordedFolder } from '../../core/folder.js';
import { conflictJson, describeResolveFailure, describeSkipReason } from '../../messages/english.js';
import { HttpError } from '../http-error.js';
import type { ErrorDetail } from '../http-error.js';
import { leaseKeyOf } from './run-manager.js';
import { bcIdParams, dismissBody, pageQuery, resolveBody } from './schemas.js';
import type { SyncServices } from './services.js';
import { oneOffCreateTurn } from './one-off-turn.js';
import { stateReader } from './state-admission.js';
import { EMPTY_PAGE, PAGE_SUMMARY, pageBody, pageOf } from './state-helpers.js';

/** A user's choice on a conflict; each holds the folder's lease under an owner it names. */
type Choice = 'resolve' | 'dismiss';

/** Which choice holds the folder's lease (its owner, as underFolderLease names it); null: a run. */
function choiceOf(owner: string): Choice | null {
  return owner.startsWith('resolve-') ? 'resolve' : owner.startsWith('dismiss-') ? 'dismiss' : null;
}

/**
 * How long a choice waits for another on the same folder (a resolve writes both sides: seconds),
 * asking again every CHOICE_POLL_MS; past it, it is refused as while a run holds the folder.
 */
const CHOICE_WAIT_MS = 20_000;
const CHOICE_POLL_MS = 100;

/**
 * The conflicts routes of the sync API (design §4): the caller's recorded conflicts, a page at a
 * time, and the user's decisions on them (resolve, dismiss), taken under the folder's lease.
 */
export const conflictRoutes: FastifyPluginAsyncTypebox<{ svc: SyncServices }> = async (app, { svc }) => {
  /**
   * Conflict decisions change what a run reads and writes: never while a run (here or in another
   * process) holds the folder. The folder is the one the last run used, read under the lease (a run
   * may have just made a new one); none yet holds no conflict. ResolveErrors become their HTTP answers.
   */
  const underFolderLease = async <T>(
    userId: string,
    bcId: string,
    action: Choice,
    work: (scope: SyncScope, store: SyncStateStore, held: () => Promise<void>) => Promise<T>,
  ): Promise<T> => {
    const { folderName } = await svc.settings(userId);
    // A folder change not yet moved by a run (F73): the state, and so the conflict, is still the
    // old folder's, and a run of the old name may still hold it; the choice holds both names, as a
    // moving run does (core/run.ts), so it never writes beside that run (review R1).
    const { moving } = await recordedFolder(svc.store, userId, folderName);
    const key = leaseKeyOf(userId, moving?.folderName ?? folderName);
    const keys = [...new Set([key, leaseKeyOf(userId, folderName)])];
    const owner = `${action}-${randomUUID()}`;
    const { clock } = svc.ctx;
    // Every key is let go even when letting one go throws (the first failure is thrown after).
    const letGo = async (held: readonly string[]) => {
      const failed = (await Promise.allSettled(held.map((k) => svc.store.releaseLease(k, owner)))).find(
        (r) => r.status === 'rejected',
      );
      if (failed) throw failed.reason;
    };
    // When the lease the choice holds was asked for (its expiry counts from about then).
    let takenAtMs = clock.monotonicMs();
    const acquire = async () => {
      takenAtMs = clock.monotonicMs();
      const taken: string[] = [];
      for (const k of keys) {
        // Thrown (the store failed, the answer lost): `k` may be held too, so it is let go with
        // the keys taken before it, else a choice answered 500 keeps the folder from every run.
        const lease = await svc.store
          .acquireLease(k, owner, clock.now(), LEASE_TTL_MS)
          .catch(async (e: unknown) => {
            await letGo([...taken, k]);
            throw e;
          });
        if (!lease.ok) {
          await letGo(taken);
          return lease;
        }
        taken.push(k);
      }
      return { ok: true as const };
    };
    // Another choice on the user's conflicts (a second window) holds the folder for a moment: this
    // one waits for it, then finds what it left (F83: the loser was told "a sync is running").
    let lease = await acquire();
    let waitedFor: Choice | null = null;
    const until = performance.now() + CHOICE_WAIT_MS;
    while (!lease.ok) {
      const other = choiceOf(lease.heldBy.owner);
      // The holder as every busy refusal names it (runId, until, settling), as data: the pane and
      // the CLI say which run holds the folder and when it frees, as they do for a refused start.
      if (other === null || performance.now() >= until)
        throw await heldRefusal(svc.store, userId, lease.heldBy);
      waitedFor = other;
      await sleep(CHOICE_POLL_MS);
      lease = await acquire();
    }
    try {
      const scope = await svc.scope(userId);
      if (!scope) throw new ResolveError({ kind: 'conflictNotFound', bcId });
      // The choice's writes land only while it holds the folder (core/lease-fence.ts): one that
      // outlived its lease (a slow BC) is refused rather than writing under a run. Its writes to BC
      // and Outlook have no fence there: each goes out only once the lease is known held (the
      // keeper's `confirm`, which renews it past half its TTL and throws once another took it).
      const keeper = leaseKeeper({
        store: svc.store,
        clock,
        owner,
        keys,
        checkpoint: async () => undefined,
        takenAtMs,
      });
      return await work(scope, svc.store.fenced({ key, owner }), keeper.confirm);
    } catch (e) {
      if (e instanceof ResolveError) {
        // Gone while this one waited: the other choice settled it, and this one says so.
        const gone = e.failure.kind === 'conflictNotFound' && waitedFor !== null;
        throw resolveHttpError(gone ? { kind: 'alreadyResolved', bcId, by: waitedFor! } : e.failure);
      }
      throw e;
    } finally {
      await letGo(keys);
    }
  };

  app.get(
    '/conflicts',
    {
      schema: {
        tags: ['conflicts'],
        summary: `Recorded conflicts, ${PAGE_SUMMARY}`,
        querystring: pageQuery,
        response: { 200: conflictsViewAnswer },
      },
    },
    async (request) => {
      const reader = await stateReader(svc, request);
      const scope = await svc.scope(reader.userId, reader.recentRuns);
      const page = scope ? await svc.store.pageConflicts(scope, pageOf(request.query)) : EMPTY_PAGE;
      // Each conflict's e-mail as last synced (its link's base): one look-up per page (F62's find).
      const links =
        scope && page.items.length > 0
          ? await svc.store.findLinks(scope, { bcIds: page.items.map((c) => c.bcId), outlookIds: [] })
          : [];
      const linkOf = new Map(links.map((l) => [l.bcId, l]));
      return {
        ...pageBody(request.url, 'conflicts', {
          // Named on the Outlook copy its link holds now, as resolving it is (RV13).
          items: page.items.map((c) => {
            const link = linkOf.get(c.bcId);
            return conflictJson(conflictView(onLinkedCopy(c, link), link?.base.email));
          }),
          next: page.next,
        }),
        limits: { settled: MAX_SETTLED_CONFLICTS },
      };
    },
  );

  app.post(
    '/conflicts/:bcId/resolve',
    {
      config: replayRecord((request) => stateReader(svc, request)),
      schema: {
        tags: ['conflicts'],
        summary: 'Resolve a conflict for the whole contact or field by field; written to both sides',
        params: bcIdParams,
        body: resolveBody,
        response: { 200: resolveAnswer },
      },
    },
    async (request) => {
      // The conflict is of the company the state belongs to: its member only (403, not a
      // `ContactMissing` from another company's BC that never held the contact).
      const { userId } = await stateReader(svc, request);
      const { side: whole, fields } = request.body;
      const choice: ResolveChoice | null =
        whole !== undefined && fields === undefined
          ? { kind: 'all', side: whole }
          : fields !== undefined && whole === undefined
            ? { kind: 'fields', fields }
            : null;
      if (!choice)
        throw new HttpError(400, 'BadRequest', 'Send either {"side": "bc"|"outlook"} or {"fields": {...}}.');
      const env = svc.env();
      const bc = await svc.bcOf(request, userId);
      const deps = { bc, mailbox: env.mailboxFor(userId) };
      const { bcId } = request.params;
      // A contact BC deleted, kept: its BC create waits for the company's create turn, as every
      // BC creator's (review: beside a run importing its address, both made one).
      const createTurn = oneOffCreateTurn(
        svc,
        bc.companyId,
        JSON.stringify(['resolve', userId, randomUUID()]),
      );
      return {
        result: await underFolderLease(userId, bcId, 'resolve', (scope, store, held) =>
          resolveConflict({ ...heldPorts(deps, held), store, createTurn }, scope, bcId, choice),
        ),
      };
    },
  );

  app.post(
    '/conflicts/:bcId/dismiss',
    {
      config: replayRecord((request) => stateReader(svc, request)),
      schema: {
        tags: ['conflicts'],
        summary:
          'Accept what the policy settled: the settled fields (all, or those named) leave the conflict; nothing is written',
        params: bcIdParams,
        body: dismissBody,
        response: { 200: resolveAnswer },
      },
    },
    async (request) => {
      const { userId } = await stateReader(svc, request);
      const { bcId } = request.params;
      const dismiss = (scope: SyncScope, store: SyncStateStore) =>
        dismissConflict(store, scope, bcId, request.body?.fields);
      return { result: await underFolderLease(userId, bcId, 'dismiss', dismiss) };
    },
  );
};

/** The HTTP status and code of each refused or failed resolve. */
const RESOLVE_HTTP: {
  readonly [K in ResolveFailure['kind']]: { readonly status: number; readonly code: string };
} = {
  // alreadyResolved: the pane says "resolved in another window" (conflict-gone.ts); the reason names how.
  conflictNotFound: { status: 404, code: 'ConflictNotFound' },
  alreadyResolved: { status: 404, code: 'ConflictNotFound' },
  contactMissing: { status: 409, code: 'ContactMissing' },
  invalidChoice: { status: 400, code: 'InvalidChoice' },
  invalidForBc: { status: 422, code: 'InvalidForBusinessCentral' },
  stale: { status: 409, code: 'Stale' },
  changedSinceShown: { status: 409, code: 'ChangedSinceShown' },
  writeFailed: { status: 502, code: 'WriteFailed' },
};

/**
 * A refused or failed resolve as HTTP: the default English message, and the failure as data in the
 * first detail (`target: 'conflict'`) so a client words it in its language; a value BC cannot hold
 * also gets one detail per field.
 */
function resolveHttpError(f: ResolveFailure): HttpError {
  const message = describeResolveFailure(f);
  const details: ErrorDetail[] = [{ target: 'conflict', message, reason: f }];
  if (f.kind === 'invalidForBc')
    details.push(
      ...f.reasons.map((r) => ({
        target: 'field' in r ? `fields.${r.field}` : 'contact',
        message: describeSkipReason(r),
        reason: r,
      })),
    );
  const { status, code } = RESOLVE_HTTP[f.kind];
  return new HttpError(status, code, message, details, undefined, f);
}
