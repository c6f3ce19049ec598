import { randomUUID } from 'node:crypto';
import type { RunRecord } from '../core/records.js';
import type { PlanSummary } from '../core/plan.js';
import type { RunView } from '../server/sync/run-manager-types.js';
import { answeredConfigRefusal } from './config-refusals.js';
import type { SyncArgs } from './arguments.js';
import { NoAnswerError, ServerGoneError, requestJson } from './server-client.js';
import { answeredRunRefusal } from './busy-refusal.js';
import { RunAlreadyActiveError } from '../server/sync/run-manager-types.js';
import type { Reply } from './server-client.js';
import type { Announced } from './product-place.js';

/* `bc-contact-sync sync` through the running server: start the run (answered at once), then follow
   it by polling, each request under its own deadline (F82). A long run is never cut short: only a
   server that leaves `silentLimit` requests in a row without an answer ends the wait. */

/** How the CLI follows a run; CLI_TIMEOUT_MS sets the deadline (README "Command line"). */
export interface FollowOptions {
  /** Milliseconds one request (the start, each poll) may take. */
  readonly deadlineMs: number;
  /** Requests in a row without an answer after which the server counts as lost. */
  readonly silentLimit: number;
  /** Milliseconds between two polls of a running run. */
  readonly pollMs: number;
  readonly wait: (ms: number) => Promise<void>;
  readonly newRunId?: () => string;
  /** Each answer about the run while it runs and at its end (progress lines, F55). */
  readonly onView?: (view: RunAnswer) => void;
  /**
   * Whether the server's process is known to have ended (its pid no longer runs on this machine);
   * asked only when the last request was refused (F111). Absent: never known.
   */
  readonly serverEnded?: () => boolean;
}

/**
 * How the server was lost: `silent` — requests went unanswered (or broke, or got 5xx); `refused` —
 * the last was refused at once (nothing listens now; the process may be restarting); `ended` — the
 * last was refused and the server's process no longer runs here, so its run cannot go on (F111).
 */
export type LostHow = 'silent' | 'refused' | 'ended';

/** Requests in a row without an answer before the CLI stops waiting (the deadline is configurable). */
export const SILENT_LIMIT = 3;
export const POLL_MS = 1_000;

/** What the server answers about a run (server/internal-routes.ts runAnswer). */
interface RunAnswer {
  readonly record: RunRecord;
  readonly progress: RunView['progress'];
  /** The run's wait now (absent from a server from before it was said). */
  readonly waiting?: RunView['waiting'];
  readonly active: boolean;
  readonly plan: PlanSummary | null;
}

/**
 * The server stopped answering: `silentLimit` requests in a row got no answer. The run may still be
 * going on the server (the start may have been acted on even when its answer was lost).
 */
export class ServerLostError extends Error {
  override readonly name = 'ServerLostError';
  constructor(
    readonly url: string,
    readonly runId: string,
    /** Whether an answer said the run started; false when even the start went unanswered. */
    readonly started: boolean,
    readonly silent: number,
    readonly deadlineMs: number,
    readonly how: LostHow = 'silent',
    /** The server's process id on this machine, when server.json named it. */
    readonly pid?: number,
  ) {
    super(`The server at ${url} stopped answering while run ${runId} ${started ? 'ran' : 'started'}.`);
  }
}

/** The one stderr line for a lost server: what happened, whether the run may go on, what to do. */
export function lostLine(e: ServerLostError): string {
  if (e.how === 'ended') {
    const process = e.pid === undefined ? 'its process' : `its process ${e.pid}`;
    const run = e.started
      ? `run ${e.runId} was interrupted`
      : `run ${e.runId}, if it started, was interrupted`;
    return (
      `the server at ${e.url} ended (${process} no longer runs on this machine and nothing answers there); ` +
      `${run}: the server marks it so when it starts again; run the sync again`
    );
  }
  const seconds = e.deadlineMs >= 1000 ? `${Math.round(e.deadlineMs / 100) / 10} s` : `${e.deadlineMs} ms`;
  const what =
    e.how === 'refused'
      ? `stopped answering and now refuses connections (${e.silent} requests in a row failed)`
      : `stopped answering (${e.silent} requests in a row got no answer within ${seconds} each)`;
  const state = e.started
    ? 'may still be going on the server'
    : 'may have started and still be going on the server';
  return (
    `the server at ${e.url} ${what}; ` +
    `run ${e.runId} ${state}: see it in the pane's History, or at GET /sync/v1/runs/${e.runId}, once the server answers again`
  );
}

/**
 * Starts the run and follows it to its end; resolves with the record and what it planned, as the
 * CLI prints them. A refusal by the server (4xx) throws as before: no membership exits 2, anything
 * else 1. Throws ServerGoneError when the server refused the very first connection (nothing was
 * sent: the caller runs in-process), ServerLostError when it stopped answering.
 */
export async function followServerRun(
  server: Announced,
  args: SyncArgs,
  options: FollowOptions,
): Promise<{ record: RunRecord; plan: PlanSummary | null }> {
  const runId = (options.newRunId ?? randomUUID)();
  const body = JSON.stringify({
    user: args.user,
    mode: args.mode,
    dryRun: args.dryRun,
    confirmMassDelete: args.confirmMassDelete,
    runId,
  });
  // The last request refused: nothing listens now (`refused`), and with the process gone, `ended`.
  let refused = 0;
  const lost = (id: string, started: boolean, silent: number) => {
    const how: LostHow = refused === 0 ? 'silent' : options.serverEnded?.() ? 'ended' : 'refused';
    return new ServerLostError(server.url, id, started, silent, options.deadlineMs, how, server.pid);
  };
  const missed = (e: unknown) => {
    if (e instanceof ServerGoneError) refused++;
    else refused = 0;
  };
  const call = (method: 'GET' | 'POST', path: string, payload?: string) =>
    requestJson(server, method, path, {
      deadlineMs: options.deadlineMs,
      ...(payload === undefined ? {} : { body: payload }),
    });

  // The start carries the run's id: sent again after a lost answer, it finds the run, never a second.
  let view: RunAnswer | null = null;
  for (let silent = 0; view === null;) {
    try {
      view = answered(await call('POST', '/internal/runs', body), args.user);
    } catch (e) {
      if (e instanceof ServerGoneError && silent > 0) silent++;
      else if (e instanceof NoAnswerError) silent++;
      else throw e;
      missed(e);
      if (silent >= options.silentLimit) throw lost(runId, false, silent);
    }
  }
  refused = 0;
  options.onView?.(view);

  // The run as the server named it (the id sent, from a server that honours it).
  const started = view.record.id;
  const poll = `/internal/runs/${encodeURIComponent(started)}?user=${encodeURIComponent(args.user)}`;
  for (let silent = 0; running(view);) {
    await options.wait(options.pollMs);
    try {
      const reply = await call('GET', poll);
      // The server answers but cannot serve now (restarting, overloaded): as good as no answer.
      if (reply.status >= 500) throw new NoAnswerError('serverError');
      view = answered(reply, args.user);
      silent = refused = 0;
      options.onView?.(view);
    } catch (e) {
      if (!(e instanceof NoAnswerError || e instanceof ServerGoneError)) throw e;
      missed(e);
      if (++silent >= options.silentLimit) throw lost(started, true, silent);
    }
  }
  return { record: view.record, plan: view.plan };
}

/** Still running: the server runs it, or its record says so until the server marks it ended. */
const running = (view: RunAnswer) => view.active || view.record.status === 'running';

/** The run from an answer; a refusal of `user` throws (configuration or bad input: exit 2, design §4). */
function answered({ status, json }: Reply, user: string): RunAnswer {
  const answer = json as Partial<RunAnswer> & {
    error?: {
      code?: string;
      message: string;
      reason?: Readonly<Record<string, unknown>>;
      details?: { reason?: { kind?: string } }[];
    };
  };
  // Configuration or bad input (no Graph app access, an unknown UPN, no membership): exit 2 (F118).
  const refusal = answer.error ? answeredConfigRefusal(answer.error, user) : null;
  if (refusal) throw refusal;
  // Another run holds the folder: as data, worded by the CLI in the user's time zone (busy-refusal.ts).
  const busy = answer.error ? answeredRunRefusal(answer.error) : null;
  if (busy) throw new RunAlreadyActiveError(null, busy);
  if (status >= 400 || !answer.record)
    throw new Error(answer.error?.message ?? `The server answered ${status}.`);
  return answer as RunAnswer;
}
