/**
 * F66 (issue 12: the pane's first-load JavaScript ≤ 150 KB gzip): the production build does not only
 * print the first-render size, it fails when the size is over the budget, naming the files, the
 * sizes and the budget. Checked on a small entry against budgets below and above its size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import webpack from 'webpack';

type ConfigModule = {
  default: (env: object, argv: object) => { plugins: object[] };
  FirstRenderSizePlugin: new (options?: { budget?: number }) => webpack.WebpackPluginInstance;
};
// By a variable: the config is plain JavaScript, without a declaration file.
const configFile = '../../webpack.config.js';
const load = async () => (await import(configFile)) as ConfigModule;

const dir = mkdtempSync(join(tmpdir(), 'first-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text that does not compress away: a bundle holding it is a few KB gzip. */
const noise = (seed: number) =>
  Array.from({ length: 3000 }, (_, i) => ((i + seed) * 2654435761) % 1_000_003).join(' ');

/**
 * Builds a pane-like entry (`taskpane`) whose gzip size is a few KB, with the plugin at `budget`;
 * `part` adds a chunk of as much again that the entry imports (`preload`: marked for the first load).
 */
async function build(budget: number | undefined, part?: { preload: boolean }) {
  const { FirstRenderSizePlugin } = await load();
  const words = noise(0);
  const importPart = part
    ? `import(/* ${part.preload ? 'webpackPreload: true' : 'webpackChunkName: "later"'} */ './part.js').then((m) => m.show());\n`
    : '';
  writeFileSync(
    join(dir, 'part.js'),
    `export const show = () => console.log(${JSON.stringify(noise(7))});\n`,
  );
  writeFileSync(join(dir, 'entry.js'), `console.log(${JSON.stringify(words)});\n${importPart}`);
  const compiler = webpack({
    mode: 'production',
    context: dir,
    entry: { taskpane: './entry.js' },
    output: { path: join(dir, 'out') },
    plugins: [new FirstRenderSizePlugin(budget === undefined ? {} : { budget })],
  });
  compiler.hooks.shouldEmit.tap('test', () => false);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
      compiler.run((err, s) => (err ? reject(err) : resolve(s))),
    );
    const gzip = gzipSync(Buffer.from(words), { level: 9 }).length;
    return { stats, gzip, lines: log.mock.calls.map((c) => String(c[0])) };
  } finally {
    log.mockRestore();
    await new Promise((resolve) => compiler.close(resolve));
  }
}

describe('the first-render budget fails the build (F66)', () => {
  test('over the budget: a build error naming the files, the sizes and the budget', async () => {
    const { stats, gzip } = await build(1024);
    expect(gzip).toBeGreaterThan(1024);
    expect(stats?.hasErrors()).toBe(true);
    const messages = stats?.compilation.errors.map((e) => e.message) ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^First-render JS: taskpane\.js — [\d.]+ KB raw, [\d.]+ KB gzip \(OVER the 1\.0 KB budget\)/,
    );
  });

  test('within the budget: no error, the size is printed', async () => {
    const { stats, lines } = await build(1024 * 1024);
    expect(stats?.hasErrors()).toBe(false);
    expect(lines.find((l) => l.includes('First-render JS'))).toMatch(/within the 1024\.0 KB budget/);
  });

  // F66: the first load fetched a preloaded chunk (Settings) the budget did not count.
  test('a chunk the entry preloads counts against the budget; one loaded later does not', async () => {
    const alone = await build(1024 * 1024, { preload: false });
    const preloaded = await build(1024 * 1024, { preload: true });
    const sizeOf = (lines: string[]) =>
      Number(/([\d.]+) KB gzip/.exec(lines.find((l) => l.includes('First-render JS')) ?? '')?.[1]);
    const files = (lines: string[]) =>
      (lines.find((l) => l.includes('First-render JS')) ?? '').trim().split(' — ')[0];
    expect(files(alone.lines)).toBe('First-render JS: taskpane.js');
    expect(files(preloaded.lines)?.split(', ')).toHaveLength(2);
    expect(sizeOf(preloaded.lines)).toBeGreaterThan(sizeOf(alone.lines) * 1.5);
    const over = await build(Math.ceil(sizeOf(alone.lines) * 1.25 * 1024), { preload: true });
    expect(over.stats?.hasErrors()).toBe(true);
  });

  test('the budget the build uses is issue 12\u2019s 150 KB, and production builds apply it', async () => {
    const { stats } = await build(undefined);
    expect(stats?.hasErrors()).toBe(false);
    const { default: config, FirstRenderSizePlugin } = await load();
    const plugins = config({}, { mode: 'production' }).plugins;
    const plugin = plugins.find((p) => p instanceof FirstRenderSizePlugin) as { budget?: number } | undefined;
    expect(plugin?.budget).toBe(150 * 1024);
  });
});
