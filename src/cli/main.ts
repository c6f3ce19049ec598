import { DataDirLockedError } from '../store/lock.js';
import { terminalLine } from './terminal-text.js';
import { ConfigError } from '../server/announce.js';
import { makeDataDir } from '../server/data-dir.js';
import { cliTimeoutMs, loadConfig } from '../server/config.js';
import { serverRunsConfigProblem } from '../server/server-runs-config.js';
import { thrownConfigRefusal } from './config-refusals.js';
import { EXIT, runExit } from './run-exit.js';
import { parseCommandLine, UsageError, usageLine } from './arguments.js';
import type { SyncArgs } from './arguments.js';
import { describeError } from '../messages/english.js';
import { busyLine } from './busy-refusal.js';
import { ServerGoneError, requestJson } from './server-client.js';
import { PACKAGE_ROOT, placeLine, productPlace } from './product-place.js';
import type { ProductPlace } from './product-place.js';
import { processAlive } from '../platform/local-process.js';
import { POLL_MS, SILENT_LIMIT, ServerLostError, followServerRun, lostLine } from './server-run.js';
import type { PlaceCheck } from '../server/user-place.js';
import { finishedLine, progressByPhase, progressLines } from './progress-lines.js';
import type { runHere } from './in-process-run.js';
import type { RunPhaseProgress } from '../core/records.js';

/** Every line the CLI writes to standard error goes here: text from answers cannot drive the terminal. */
const toStderr = (line: string) => void process.stderr.write(terminalLine(line));

/**
 * The server is loaded only by the commands that run it: a `sync` through a running server sends
 * one request and must not pay for loading the facade, PGlite and the emulator first.
 */
const loadServer = () => import('../server/main.js');

const USAGE = `Usage:
  bc-contact-sync start                      run the product (facade, pane, Graph emulator, scheduler)
  bc-contact-sync sync --user <upn> --mode delta|full [--dry-run] [--confirm-mass-delete]
                                             run one sync for a user and print the run record;
                                             exit 0 synced, 1 failed or refused, 2 bad input, 3 held,
                                             4 the running server stopped answering (CLI_TIMEOUT_MS)
  bc-contact-sync doctor [--user <upn>]      check the configuration against Entra, BC and Graph, and
                                             with --user the user's company membership, mailbox and
                                             sync folder; exit 0: no check failed, 1: one failed, 2: bad input
  bc-contact-sync help`;

/**
 * A server this process starts for one command: on a free port, no scheduler, no logs (not even to
 * the log file a terminal start would use), no HTTPS, no pane build, on `dataDir`.
 */
const quietOverrides = (dataDir: string) =>
  ({
    port: 0,
    scheduler: false,
    logLevel: 'silent',
    logFile: '-',
    https: false,
    buildPane: false,
    dataDir,
  }) as const;

/**
 * `doctor --user`'s place checks (server/user-place.ts): from the running server, which holds the
 * store, else from the product started in this process for them (as `sync` does), then stopped.
 */
async function placeChecks(user: string): Promise<readonly PlaceCheck[]> {
  const { server, dataDir } = here();
  if (server) {
    try {
      // The place checks call Graph and BC in turn, each under its own deadline on the server.
      const { status, json } = await requestJson(
        server,
        'GET',
        `/internal/doctor?user=${encodeURIComponent(user)}`,
        { deadlineMs: cliDeadlineMs() * DOCTOR_DEADLINES },
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
    overrides: quietOverrides(dataDir),
    announce: false,
  });
  try {
    return await started.checkUserPlace(user);
  } finally {
    await started.close();
  }
}

/** The product of this environment, run from here (product-place.ts, F119). */
const here = (): ProductPlace => productPlace(process.env, process.cwd(), PACKAGE_ROOT);

/**
 * No server running: start the product in this process on a free port, on the data folder the
 * place names, run (its progress to `onProgress`, as the server path's polls), and stop.
 */
async function syncInProcess(
  args: SyncArgs,
  dataDir: string,
  starting: () => void,
  onProgress?: Parameters<typeof runHere>[2],
): Promise<unknown> {
  // F118: a configuration that can run no server-side sync is refused before anything starts.
  refuseServerRunsConfig();
  // A DATA_DIR that cannot be made is refused in its one line before the store line says anything.
  makeDataDir(dataDir);
  starting();
  const { startServer } = await loadServer();
  const server = await startServer({
    overrides: quietOverrides(dataDir),
    announce: false,
    runsFor: args.user,
  }).catch(asConfigRefusal(args.user));
  try {
    // Loaded here, as the server is: a sync through a running server needs neither.
    const { runHere: run } = await import('./in-process-run.js');
    return await run(server, args, onProgress).catch(asConfigRefusal(args.user));
  } finally {
    await server.close();
  }
}

/** Rethrows a configuration refusal of `--user` as the error the CLI exits 2 on (config-refusals.ts). */
function asConfigRefusal(user: string): (e: unknown) => never {
  return (e) => {
    throw thrownConfigRefusal(e, user) ?? e;
  };
}

/**
 * The environment's configuration, read as the product's start reads it: its own problems, and
 * then what keeps every server-side run from starting (server-runs-config.ts), as ConfigError.
 */
function refuseServerRunsConfig(): void {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  const problem = serverRunsConfigProblem(loaded.config);
  if (problem !== null) throw new ConfigError([problem]);
}

/** CLI_TIMEOUT_MS: a bad value is bad configuration (exit 2), checked before anything is sent. */
function cliDeadlineMs(): number {
  const checked = cliTimeoutMs(process.env);
  if (!checked.ok) throw new ConfigError([checked.error]);
  return checked.ms;
}

/** `doctor --user` through the server waits this many deadlines (README: CLI_TIMEOUT_MS). */
const DOCTOR_DEADLINES = 12;

async function runSyncCommand(args: SyncArgs): Promise<number> {
  const deadlineMs = cliDeadlineMs();
  // Progress lines for a person at a terminal; scripts get the JSON and at most one line (F55).
  const show = process.stderr.isTTY ? progressLines(toStderr, Date.now) : null;
  let place = here();
  // Which store the run uses, in one line (F119): at a terminal, and whenever a new store is made
  // (never silently); the JSON names it too.
  const say = (): void => {
    const fresh = !place.server && place.store.kind === 'pglite' && !place.store.exists;
    if (show || fresh) toStderr(`bc-contact-sync: ${placeLine(place)}\n`);
  };
  const { server } = place;
  let result: Record<string, unknown> | null = null;
  if (server) {
    say();
    try {
      result = (await followServerRun(server, args, {
        deadlineMs,
        silentLimit: SILENT_LIMIT,
        pollMs: POLL_MS,
        wait: (ms) => new Promise((done) => setTimeout(done, ms)),
        serverEnded: () => server.pid !== undefined && !processAlive(server.pid),
        ...(show ? { onView: (view) => show(view.progress, false, view.waiting ?? null) } : {}),
      })) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof ServerGoneError)) throw e;
      place = { ...place, server: null };
    }
  }
  if (result === null) {
    try {
      const onProgress: Parameters<typeof runHere>[2] = show ? (p, w) => show(p, false, w) : undefined;
      result = (await syncInProcess(args, place.dataDir, say, onProgress)) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof DataDirLockedError)) throw e;
      throw new Error(
        `The data folder ${place.dataDir} is locked by a process that did not announce itself ` +
          '(a server starting or stopping, or another command); wait, or stop it.',
      );
    }
  }
  result = { ...result, store: placeLine(place) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const { record } = result as {
    record?: Parameters<typeof runExit>[0] & { durationMs: number; progress?: readonly RunPhaseProgress[] };
  };
  const { code, line } = runExit(record);
  // A run that did not sync says why in one line too, not only inside the JSON (issue 9 §6).
  // The phases the run passed after the last poll (its links saved within the last second).
  if (show && record) show(progressByPhase(record.progress), true);
  if (line) toStderr(`bc-contact-sync: ${line}\n`);
  else if (show && record) toStderr(finishedLine(record));
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
  const [{ startServer }, { printBanner, paneSettledLine }] = await Promise.all([
    loadServer(),
    import('./banner.js'),
  ]);
  const server = await startServer().catch(async (e: unknown) => {
    const { listenRefusal } = await import('./listen-refusal.js');
    throw listenRefusal(e) ?? e;
  });
  printBanner(server);
  // The banner said "building": say when it is done, here, where the banner is.
  if (server.pane.status() === 'building')
    void server.pane.settled.then((status) => process.stdout.write(paneSettledLine(server, status)));
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
      toStderr(usageLine(e));
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) toStderr(`configuration: ${p}\n`);
      return EXIT.usage;
    }
    if (e instanceof ServerLostError) {
      toStderr(`bc-contact-sync: ${lostLine(e)}\n`);
      // A server whose process ended cannot go on with the run: interrupted, as a run record says.
      return e.how === 'ended' ? EXIT.failed : EXIT.lost;
    }
    toStderr(`bc-contact-sync: ${busyLine(e) ?? describeError(e)}\n`);
    return EXIT.failed;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
