/** Child processes of the suite: started with tsx, announced by one JSON line, measured through /proc. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Child<T> {
  readonly proc: ChildProcess;
  readonly info: T;
  stop(): Promise<void>;
}

const NODE_ARGS = ['--expose-gc', '--import', 'tsx'];
/**
 * BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there (file names carry the pid), to find
 * where a run's time goes: the measured run (runChild), and the facade and emulator (startChild),
 * whose CPU is two thirds of a full sync with nothing changed at 50,000 on a 2-core machine.
 */
const PROFILE_ARGS = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];
// Made here, once, before any child writes there: the engine child's window file went to a directory
// only V8's own profile writer creates (at exit), so a fresh BENCH_CPU_PROF ended the run with ENOENT.
if (process.env.BENCH_CPU_PROF) mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true });

/** BENCH_ENGINE_ARGS: extra node options of measured runs (e.g. V8 heap flags), space-separated. */
const ENGINE_ARGS = (process.env.BENCH_ENGINE_ARGS ?? '').split(' ').filter((a) => a !== '');

/** Starts `node --import tsx file args…` and resolves with the first stdout line, parsed as JSON. */
export function startChild<T>(file: string, args: readonly string[]): Promise<Child<T>> {
  const proc = spawn(process.execPath, [...NODE_ARGS, ...PROFILE_ARGS, file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    const onExit = (code: number | null): void =>
      reject(new Error(`${file} exited with ${code} before it started`));
    proc.once('exit', onExit);
    lines.once('line', (line) => {
      proc.off('exit', onExit);
      lines.on('line', (l) => process.stderr.write(`[${file}] ${l}\n`));
      resolve({
        proc,
        info: JSON.parse(line) as T,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.once('exit', () => done());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * Runs `node --import tsx file args…` to its end and returns the last stdout line, parsed as JSON.
 * A child that prints `READY` waits for `onReady` (the suite takes its "before" figures there)
 * before it is told to go on.
 */
export function runChild<T>(
  file: string,
  args: readonly string[],
  onReady: () => Promise<void> = async () => undefined,
): Promise<T> {
  const proc = spawn(process.execPath, [...NODE_ARGS, ...PROFILE_ARGS, ...ENGINE_ARGS, file, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let last = '';
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  lines.on('line', (l) => {
    if (l === 'READY') {
      void onReady().then(
        () => proc.stdin?.write('GO\n'),
        () => proc.kill('SIGTERM'),
      );
      return;
    }
    if (l.trim() !== '') last = l;
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`${file} exited with ${code}`);
        resolve(JSON.parse(last) as T);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Resident and peak resident memory of a process (bytes), from /proc/<pid>/status. */
export function memoryOf(pid: number | 'self'): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the peak-RSS mark (Linux clear_refs 5) so the next peak is this phase's; false if not allowed. */
export function resetPeak(pid: number | 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (Linux's USER_HZ, 100 on every common build). */
const TICKS_PER_S = 100;

/**
 * CPU time a process has used so far (user + system, ms), from /proc/<pid>/stat (fields 14 and
 * 15, counted after the command name's closing parenthesis, which may itself hold spaces).
 */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

/**
 * Meters the CPU (ms) of the PostgreSQL server processes serving database `name` (their process
 * titles name it: `postgres: … user name host(port) state`), from /proc. The engine's store and the
 * facade's BC tables live there, on the same cores as the rest: a full sync of 50,000 is CPU-bound
 * on 2 cores, so the server's share is part of the run's cost. A backend's time vanishes from /proc
 * when it exits (the engine's pool closes with the engine), so each backend is sampled every
 * `everyMs` and counted by its last sample less its time at the start (0 for a backend started
 * during the run); at most `everyMs` of an exiting backend's work is missed. 0 where /proc cannot
 * be read.
 */
export function meterDatabaseCpu(name: string, everyMs = 100): { stop(): number } {
  const ours = new Map<string, boolean>();
  const atStart = new Map<string, number>();
  const last = new Map<string, number>();
  const sample = (): void => {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        let isOurs = ours.get(pid);
        if (isOurs === undefined) {
          const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          isOurs = title.startsWith('postgres:') && title.split(/[\s\0]+/).includes(name);
          ours.set(pid, isOurs);
        }
        if (isOurs) last.set(pid, cpuMsOf(Number(pid)));
      } catch {
        // The process ended meanwhile, or is not ours to read.
      }
    }
  };
  sample();
  for (const [pid, ms] of last) atStart.set(pid, ms);
  const timer = setInterval(sample, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (atStart.get(pid) ?? 0);
      return total;
    },
  };
}
