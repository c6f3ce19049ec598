import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { DataDirLockedError } from '../store/lock.js';
import { ConfigError, SERVER_FILE } from '../server/announce.js';
import { EXIT, runExit } from './run-exit.js';
import { fail, parseCommandLine, UsageError, usageLine } from './arguments.js';
import type { SyncArgs } from './arguments.js';
import { describeError } from '../messages/english.js';
import { NO_MEMBERSHIP_CODE, RunEnvironmentError } from '../server/sync/run-refusals.js';
import { processAlive } from '../platform/local-process.js';
import type { PlaceCheck } from '../server/user-place.js';

/**
 * The server is loaded only by the commands that run it: a `sync` through a running server sends
 * one request and must not pay for loading the facade, PGlite and the emulator first.
 */
const loadServer = () => import('../server/main.js');

const USAGE = `Usage:
  bc-contact-sync start                      run the product (facade, pane, Graph emulator, scheduler)
  bc-contact-sync sync --user <upn> --mode delta|full [--dry-run] [--confirm-mass-delete]
                                             run one sync for a user and print the run record
  bc-contact-sync doctor [--user <upn>]      check the configuration against Entra, BC and Graph, and
                                             with --user the user's company membership, mailbox and
                                             sync folder; exit 0: no check failed, 1: one failed, 2: bad input
  bc-contact-sync help`;

interface Announced {
  url: string;
  adminToken: string;
  caPath?: string;
  pid?: number;
}

/** The announced server is gone (killed, crashed): its server.json stayed behind. */
class ServerGoneError extends Error {}

function announced(): Announced | null {
  const file = join(resolve(process.env.DATA_DIR || './data'), SERVER_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Announced;
  } catch {
    return null;
  }
}

/** Through the running server: it holds the store's lock, a second process must not open it. */
async function syncThroughServer(server: Announced, args: SyncArgs): Promise<unknown> {
  const body = JSON.stringify({
    user: args.user,
    mode: args.mode,
    dryRun: args.dryRun,
    confirmMassDelete: args.confirmMassDelete,
  });
  const { status, json } = await postJson(server, '/internal/runs', body);
  const answer = json as { error?: { code?: string; message: string } };
  // This user may not sync here (no company membership): the input is wrong, exit 2 (design §4).
  if (answer.error?.code === NO_MEMBERSHIP_CODE) fail(`sync: ${answer.error.message}`);
  if (status >= 400) throw new Error(answer.error?.message ?? `The server answered ${status}.`);
  return answer;
}

/** node:https so the server's own dev CA can be trusted for this one loopback call. */
function postJson(server: Announced, path: string, body: string): Promise<{ status: number; json: unknown }> {
  return requestJson(server, 'POST', path, body);
}

function requestJson(
  server: Announced,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, server.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolveReply, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-admin-token': server.adminToken,
        },
        // The certificate names localhost; the call goes to the loopback address the server announced.
        ...(url.protocol === 'https:' && server.caPath
          ? { ca: readFileSync(server.caPath), servername: 'localhost' }
          : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolveReply({ status: res.statusCode ?? 0, json: JSON.parse(text) });
          } catch {
            reject(new Error(`The server answered ${res.statusCode} with no JSON.`));
          }
        });
      },
    );
    req.on('error', (e) => {
      // Refused: nothing listens there any more, and nothing was sent — safe to run here instead.
      if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') reject(new ServerGoneError(e.message));
      else reject(new Error(`The running server at ${server.url} could not be reached: ${e.message}`));
    });
    req.end(body);
  });
}

/** The announced server when its process is alive; null when none runs (a stale server.json too). */
function liveServer(): Announced | null {
  const found = announced();
  // A server.json whose process is dead (SIGKILL, crash) is stale: run in this process (issue 9 §4).
  return found && (found.pid === undefined || processAlive(found.pid)) ? found : null;
}

/**
 * `doctor --user`'s place checks (server/user-place.ts): from the running server, which holds the
 * store, else from the product started in this process for them (as `sync` does), then stopped.
 */
async function placeChecks(user: string): Promise<readonly PlaceCheck[]> {
  const server = liveServer();
  if (server) {
    try {
      const { status, json } = await requestJson(
        server,
        'GET',
        `/internal/doctor?user=${encodeURIComponent(user)}`,
      );
      const answer = json as { checks?: PlaceCheck[]; error?: { message: string } };
      if (status !== 200 || !answer.checks)
        throw new Error(answer.error?.message ?? `The server answered ${status}.`);
      return answer.checks;
    } catch (e) {
      if (!(e instanceof ServerGoneError)) throw e;
    }
  }
  const { startServer } = await loadServer();
  const started = await startServer({
    overrides: { port: 0, scheduler: false, logLevel: 'silent', https: false, buildPane: false },
    announce: false,
  });
  try {
    return await started.checkUserPlace(user);
  } finally {
    await started.close();
  }
}

/** No server running: start the product in this process on a free port, run, and stop. */
async function syncInProcess(args: SyncArgs): Promise<unknown> {
  const { startServer } = await loadServer();
  const server = await startServer({
    overrides: { port: 0, scheduler: false, logLevel: 'silent', https: false, buildPane: false },
    announce: false,
  });
  try {
    const users = server.ctx.users;
    if (!users) throw new Error('The server keeps no user directory.');
    const { record, plan } = await server.manager
      .runNow(await users.resolve(args.user), {
        mode: args.mode,
        dryRun: args.dryRun,
        confirmMassDelete: args.confirmMassDelete,
        trigger: 'cli',
      })
      .catch((e: unknown) => {
        if (e instanceof RunEnvironmentError && e.reason === 'noCompanyMembership')
          fail(`sync: ${e.message}`);
        throw e;
      });
    const { summarizePlan } = await import('../core/plan.js');
    return { record, plan: plan ? summarizePlan(plan) : null };
  } finally {
    await server.close();
  }
}

async function runSyncCommand(args: SyncArgs): Promise<number> {
  const server = liveServer();
  let result: unknown = null;
  if (server) {
    try {
      result = await syncThroughServer(server, args);
    } catch (e) {
      if (!(e instanceof ServerGoneError)) throw e;
    }
  }
  if (result === null) {
    try {
      result = await syncInProcess(args);
    } catch (e) {
      if (!(e instanceof DataDirLockedError)) throw e;
      throw new Error(
        'The data directory is locked by a running server that did not announce itself; stop it or wait.',
      );
    }
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const { code, line } = runExit((result as { record?: Parameters<typeof runExit>[0] }).record);
  // A run that did not sync says why in one line too, not only inside the JSON (issue 9 §6).
  if (line) process.stderr.write(`bc-contact-sync: ${line}\n`);
  return code;
}

/**
 * `doctor`'s exit code: 0 when no check failed (a skipped check was not tried; the last line counts
 * them), 1 when one failed; bad arguments exit 2 before any check (USAGE, docs/deploy.md §5).
 */
function doctorExit(results: readonly { readonly status: string }[]): number {
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

/** `doctor`: every check with its fix. */
async function runDoctorCommand(user: string | undefined): Promise<number> {
  const { runDoctor } = await import('./doctor/checks.js');
  const { formatDoctor } = await import('./doctor/report.js');
  const results = await runDoctor({
    env: process.env,
    ...(user ? { user, place: placeChecks } : {}),
  });
  process.stdout.write(formatDoctor(results));
  return doctorExit(results);
}

async function start(): Promise<number> {
  const [{ startServer }, { printBanner }] = await Promise.all([loadServer(), import('./banner.js')]);
  const server = await startServer();
  printBanner(server);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

export async function main(argv: string[]): Promise<number> {
  try {
    // Every argument is read before any command acts: a bad one starts nothing (design §4).
    const line = parseCommandLine(argv);
    switch (line.command) {
      case 'start':
        return await start();
      case 'sync':
        return await runSyncCommand(line.args);
      case 'doctor':
        return await runDoctorCommand(line.user);
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(usageLine(e));
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`configuration: ${p}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`bc-contact-sync: ${describeError(e)}\n`);
    return EXIT.failed;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
