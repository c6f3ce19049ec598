/**
 * `npm run dev` (F45, F47): the first-render size report reads the bundle from the compilation, so a
 * build that writes nothing to disk (webpack serve keeps it in memory) still completes; the dev
 * server listens on loopback only and sends no CORS header (it proxies /dev/token, which mints
 * tokens).
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import webpack from 'webpack';

interface DevServer {
  readonly host?: string;
  readonly headers?: Record<string, string>;
}
type ConfigModule = {
  default: (env: object, argv: object) => { devServer: DevServer; plugins: object[] };
  FirstRenderSizePlugin: new () => webpack.WebpackPluginInstance;
};
// By a variable: the config is plain JavaScript, without a declaration file.
const configFile = '../../webpack.config.js';
const load = async () => (await import(configFile)) as ConfigModule;

const dir = mkdtempSync(join(tmpdir(), 'webpack-dev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run dev', () => {
  test('the first-render size is reported from memory when nothing is written to disk (F45)', async () => {
    const { FirstRenderSizePlugin } = await load();
    writeFileSync(join(dir, 'entry.js'), `console.log(${JSON.stringify('pane '.repeat(400))});\n`);
    const compiler = webpack({
      mode: 'production',
      context: dir,
      entry: { taskpane: './entry.js' },
      output: { path: join(dir, 'out') },
      plugins: [new FirstRenderSizePlugin()],
    });
    // As under `webpack serve`: the output never reaches the disk.
    compiler.hooks.shouldEmit.tap('test', () => false);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
        compiler.run((err, s) => (err ? reject(err) : resolve(s))),
      );
      expect(stats?.hasErrors()).toBe(false);
      const line = log.mock.calls.map((c) => String(c[0])).find((l) => l.includes('First-render JS'));
      expect(line).toMatch(/First-render JS: taskpane\.js — /);
      expect(line).toMatch(/ KB raw, \d+\.\d KB gzip \(within the 150\.0 KB budget\)/);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      log.mockRestore();
      await new Promise((resolve) => compiler.close(resolve));
    }
  });

  test('the dev server listens on loopback and sends no CORS header (F47)', async () => {
    const { default: config } = await load();
    const { devServer } = config({}, { mode: 'development' });
    expect(devServer.host).toBe('localhost');
    expect(Object.keys(devServer.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
      'access-control-allow-origin',
    );
  });
});
