/**
 * The planner, Graph adapter and pane benchmarks as part of the suite: each runs in its own process
 * (its own memory) and reports one `BENCH_RESULT {json}` line next to its printed figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { MicroName } from './options.js';

export interface MicroResult {
  readonly name: MicroName;
  readonly ok: boolean;
  /** Figures by name, as the benchmark reported them. */
  readonly figures: Record<string, number | string>;
  readonly target: string;
  readonly output: string;
}

const FILES: Record<MicroName, { file: string; gc: boolean; target: string }> = {
  planner: {
    file: 'bench/core-plan.bench.ts',
    gc: true,
    target: '100,000 x 100,000 in < 0.5 s CPU and < 300 MB',
  },
  'graph-adapter': {
    file: 'bench/graph.bench.ts',
    gc: false,
    target: 'ratio to its bound <= 1.05, nothing lost',
  },
  pane: {
    file: 'bench/pane.bench.ts',
    gc: false,
    target: 'first-load JS <= 150 KB gzip; first render < 300 ms',
  },
};

export async function runMicro(name: MicroName): Promise<MicroResult> {
  const spec = FILES[name];
  if (
    name === 'pane' &&
    !(existsSync('dist') && readdirSync('dist').some((f) => /^taskpane\..*\.js$/.test(f)))
  ) {
    process.stdout.write('pane: building the task pane first (npm run build)\n');
    spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
  process.stdout.write(`\n${name}: ${spec.file}\n`);
  const args = [...(spec.gc ? ['--expose-gc'] : []), '--import', 'tsx', spec.file];
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_JSON: '1' },
  });
  let output = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    output += chunk;
    process.stdout.write(chunk.replace(/^BENCH_RESULT .*\n?/gm, ''));
  });
  const code = await new Promise<number | null>((done) => proc.once('exit', done));
  const line = /^BENCH_RESULT (.*)$/m.exec(output)?.[1];
  const figures = line ? (JSON.parse(line) as Record<string, number | string>) : {};
  return {
    name,
    ok: code === 0 && line !== undefined,
    figures,
    target: spec.target,
    output: output.replace(/^BENCH_RESULT .*\n?/gm, '').trim(),
  };
}
