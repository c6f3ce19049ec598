import type { ReplayCheck } from '../replay.js';
import * as A from './answer-schemas.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RunRecord } from '../../core/records.js';
import { HttpError, errorBody, wordedRefusal } from '../http-error.js';
import { RunAlreadyActiveError, refusalReason } from './run-manager.js';
import type { RunEvent, RunView } from './run-manager.js';
import { runIdParams, runsQuery, startRunBody } from './schemas.js';
import { storedView } from './run-manager-records.js';
import type { SyncServices } from './services.js';
import { stateMember } from './state-admission.js';
import { BULK_WORK } from '../work-limits.js';
import { runJson } from '../../messages/english.js';
import { planBody } from './plan-body.js';

/** Starting, following, cancelling and listing runs, and the preview of dry runs. */
export const runRoutes: FastifyPluginAsyncTypebox<{ svc: SyncServices }> = async (app, { svc }) => {
  // The caller's own run (GET /runs/:id answers it on the token alone), as it is now.
  const runConfig = { replay: runNow(svc), access: 'token' } as const;
  app.post(
    '/runs',
    {
      config: runConfig,
      schema: {
        tags: ['runs'],
        summary: 'Start a run in the background (202); 409 with the active run when one is running',
        response: { 202: A.runEnvelope, 409: A.runInProgressAnswer },
        body: startRunBody,
      },
    },
    async (request, reply) => {
      const userId = await svc.user(request);
      const { mode, dryRun, confirmMassDelete, trigger = 'api' } = request.body;
      try {
        const onBehalfOf = await svc.onBehalfOf(request);
        const run = await svc
          .runs()
          .start(userId, { mode, dryRun, confirmMassDelete, trigger, ...(onBehalfOf ? { onBehalfOf } : {}) });
        return reply.status(202).send({ run: runBody(run) });
      } catch (e) {
        if (e instanceof RunAlreadyActiveError)
          return reply.status(409).send({
            ...errorBody('RunInProgress', e.message, undefined, refusalReason(e.refusal)),
            run: e.active ? runBody(e.active) : null,
          });
        throw e; // other refusals: typed by the error handler (refusalOf)
      }
    },
  );

  app.get(
    '/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Run history, newest first (no dry runs: a Preview is no run)',
        querystring: runsQuery,
        response: { 200: A.runsAnswer },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const limit = request.query.limit ?? 20;
      const stored = await svc.store.listRuns(userId, limit);
      // Dry runs are left out here too, as listRuns leaves out their stored records (deploy.md): a
      // process listing its own in-memory previews answered the history unlike its neighbours
      // behind one proxy, and unlike the pane's engine (review RV6).
      const recent =
        svc.manager
          ?.listRecent(userId)
          .filter((v) => !v.record.dryRun)
          .map(liveRecord) ?? [];
      const byId = new Map<string, RunRecord>(stored.map((r) => [r.id, r]));
      // This process's records are newer, but for an ended run's: its stored end, once there is
      // one, is every process's answer (review RV8: the reaper's `interrupted` of an end not stored).
      for (const r of recent)
        if (r.status === 'running' || (byId.get(r.id)?.status ?? 'running') === 'running') byId.set(r.id, r);
      const runs = [...byId.values()].sort(newestFirst).slice(0, limit);
      return { runs: runs.map(runJson) };
    },
  );

  app.get(
    '/runs/:id',
    {
      schema: onRun('One run: record and latest progress', { 200: A.runAnswer }),
    },
    async (request) => runBody((await callerRun(svc, request, request.params.id)).run),
  );

  app.post(
    '/runs/:id/cancel',
    {
      config: runConfig,
      schema: onRun(
        'Ask a run to stop before its next write (202): any run of the caller still running, at any process or in the pane; no write starts after the answer but those already sent (README "Cancelling a run")',
        { 202: A.runEnvelope },
      ),
    },
    async (request, reply) => {
      const userId = await svc.user(request);
      const runId = request.params.id;
      const view = svc.manager?.cancel(userId, runId) ?? null;
      if (view && !view.active) throw runNotActive(view.record.id, 'ended');
      if (view) return reply.status(202).send({ run: runBody(view) });
      // Not run here: another process behind the proxy may run it (deploy.md 6). 404 for a run
      // that is not the caller's, as on every route of a run.
      const known = await findRun(svc, userId, runId);
      const asked = (await svc.manager?.cancelElsewhere(userId, runId)) ?? null;
      if (asked === 'marked')
        return reply.status(202).send({ run: { ...runBody(known), active: true, cancelRequested: true } });
      if (asked === 'ended') throw runNotActive(known.record.id, 'ended');
      if (asked === 'unknown') throw runNotFound(runId);
      // No shared cancel marks (a manager without a store's marks): this process cannot reach it.
      throw runNotActive(known.record.id, 'otherProcess');
    },
  );

  app.get(
    '/runs/:id/plan',
    {
      // Every item of a full sync's plan, viewed and serialized whole (work-limits.ts).
      config: BULK_WORK,
      schema: onRun('The plan of a dry run (the preview)', { 200: A.planAnswer }),
    },
    async (request, reply) => {
      const { userId, run } = await callerRun(svc, request, request.params.id);
      // A dry run's plan holds the contact values of its state's company: its members only.
      await stateMember(svc, userId);
      const plan = svc.manager?.plan(userId, request.params.id) ?? null;
      if (!plan) {
        const cause = !run.record.dryRun ? 'notDryRun' : run.active ? 'stillPlanning' : 'planGone';
        throw wordedRefusal(409, 'PlanNotAvailable', { runId: run.record.id, cause });
      }
      return reply.type('application/json; charset=utf-8').send(await planBody(run.record, plan));
    },
  );

  app.get(
    '/runs/:id/events',
    {
      schema: onRun('Server-sent events of a run: progress, record, end (closes when the run ends)', {
        200: A.eventsAnswer,
      }),
    },
    async (request, reply) => {
      const { userId, run } = await callerRun(svc, request, request.params.id);
      stream(
        reply,
        (listener) =>
          run.active
            ? (svc.manager?.subscribe(userId, run.record.id, listener) ?? null)
            : (svc.manager?.followStored(userId, run.record, listener) ?? null),
        run,
      );
      return reply;
    },
  );
};

function newestFirst(a: RunRecord, b: RunRecord): number {
  const t = Date.parse(b.startedAt) - Date.parse(a.startedAt);
  return t !== 0 ? t : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * A run in memory as the history lists it: an active one with its live progress, as `GET
 * /runs/{id}` shows it (F106: the list showed the first checkpoint, "reading 0/2", for a whole run).
 */
function liveRecord(view: RunView): RunRecord {
  if (!view.active) return view.record;
  const progress = Object.values(view.progress);
  return progress.length > 0 ? { ...view.record, progress } : view.record;
}

function runBody(view: RunView) {
  return {
    ...runJson(view.record),
    progress: view.progress,
    waiting: view.waiting,
    active: view.active,
    cancelRequested: view.cancelRequested,
  };
}

/** The schema of a route on one run (`/runs/:id…`): the run's id in the path, under the `runs` tag. */
function onRun<const R extends object>(summary: string, response: R) {
  return { tags: ['runs'], summary, params: runIdParams, response };
}

/**
 * The check of a kept answer naming a run (its start, its cancel: 202 `{run}`): the same run, as
 * it is now. Its answer stated the run `active` (and, asked to, `cancelRequested`): once the run
 * ended, was cancelled or failed, a resend with its Idempotency-Key was told it still ran (trust
 * brief item 2: a kept answer a later action makes untrue). The run is not started or asked
 * again: the answer records that it was. A run no longer known (its record dropped past the
 * user's cap) leaves the answer as kept.
 */
function runNow(svc: SyncServices): ReplayCheck {
  return async (request, kept) => {
    const id = (kept.body as { run?: { id?: unknown } } | null)?.run?.id;
    if (typeof id !== 'string') return { kind: 'holds' };
    const view = await findRun(svc, await svc.user(request), id).catch((e: unknown) => {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    });
    return view ? { kind: 'now', body: { run: runBody(view) } } : { kind: 'holds' };
  };
}

/** The caller and the run the path names: the caller's own (findRun: 404 for anyone else's). */
async function callerRun(svc: SyncServices, request: FastifyRequest, runId: string) {
  const userId = await svc.user(request);
  return { userId, run: await findRun(svc, userId, runId) };
}

/** A run of this user: from memory (live progress) or from the store (storedView); 404 for anyone else's. */
async function findRun(svc: SyncServices, userId: string, runId: string): Promise<RunView> {
  // The manager's rule: this process's run, or its stored end when it ended without storing it.
  if (svc.manager) {
    const known = await svc.manager.known(userId, runId);
    if (!known) throw runNotFound(runId);
    return known;
  }
  const record = await svc.store.getRun(userId, runId);
  if (!record) throw runNotFound(runId);
  return storedView(record);
}

function runNotFound(runId: string): HttpError {
  return wordedRefusal(404, 'RunNotFound', { runId });
}

/** 409 RunNotActive: the run has ended, or (no shared cancel marks) runs in another process. */
function runNotActive(runId: string, cause: 'ended' | 'otherProcess'): HttpError {
  return wordedRefusal(409, 'RunNotActive', { runId, cause });
}

/**
 * Writes the run's events as text/event-stream: its progress and record, then what `subscribe`
 * hands on (this process's run, or one run elsewhere followed by its stored record) until `end`.
 * Without a subscription (no run manager here) the record ends the stream at once.
 */
function stream(
  reply: FastifyReply,
  subscribe: (listener: (e: RunEvent) => void) => (() => void) | null,
  run: RunView,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let open = true;
  const write = (e: RunEvent) => {
    if (!open) return;
    const data = e.type === 'progress' ? e.event : runJson(e.record);
    raw.write(`event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`);
    if (e.type === 'end') close();
  };
  // Keeps proxies from closing a quiet stream during a long run.
  const heartbeat = setInterval(() => open && raw.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  let unsubscribe: (() => void) | null = null;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe?.();
    raw.end();
  };
  raw.on('close', close);
  // The run's wait (RunView.waiting) rides on the last phase's event, as the run sends it.
  const phases = Object.values(run.progress);
  phases.forEach((event, i) => {
    const last = i === phases.length - 1 && run.waiting !== null;
    write({
      type: 'progress',
      runId: run.record.id,
      event: last ? { ...event, waiting: run.waiting } : event,
    });
  });
  write({ type: 'record', runId: run.record.id, record: run.record });
  unsubscribe = subscribe(write);
  // The client may have gone while subscribing: nothing is left following for it.
  if (!open) unsubscribe?.();
  if (!unsubscribe && open) write({ type: 'end', runId: run.record.id, record: run.record });
}
