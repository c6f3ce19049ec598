import { afterAll, expect } from '@jest/globals';
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Where CI's time goes, per test file, in a measure the machine's load does not change: with
 * JEST_CPU_LOG set (.ci/run sets it), every test file appends one line to that file: CPU seconds
 * in all, of its worker (user + system, PGlite's WASM included) and of the child processes it
 * waited for (servers, CLIs, Chromium), then its wall seconds and its path. Wall times alone said
 * little: at load 20-40 on 2 cores a pure file took 100 s of wall for 6 s of CPU. Unset, nothing
 * is measured or written; no test reads it. (jest.config.js setupFilesAfterEnv)
 */
const log = process.env.JEST_CPU_LOG;
if (log) {
  const self = process.cpuUsage();
  const children = childCpuSeconds();
  const started = performance.now();
  afterAll(() => {
    const used = process.cpuUsage(self);
    const own = (used.user + used.system) / 1e6;
    const waited = childCpuSeconds() - children;
    const wall = (performance.now() - started) / 1000;
    const file = relative(process.cwd(), expect.getState().testPath ?? '?');
    const fields = [own + waited, own, waited, wall].map((s) => s.toFixed(1));
    // One short write with O_APPEND: lines of two workers never mix.
    appendFileSync(log, `${[...fields, file].join('\t')}\n`);
  });
}

/**
 * CPU seconds of this process's reaped children (Linux /proc: cutime + cstime, in USER_HZ = 100
 * ticks a second); 0 where /proc is absent.
 */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
