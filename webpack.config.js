// Builds the task pane into dist/: taskpane.html + bundles, auth-dialog.html, assets, manifest.xml.
// Env: NODE_ENV=production|development, PUBLIC_ORIGIN / PORT / HTTPS (the add-in's origin in
// dist/manifest.xml, by the rule the server uses: src/platform/addin-origin.mjs; PUBLIC_ORIGIN
// implies OFFICE_JS=cdn), OFFICE_JS=auto|cdn|local, AAD_CLIENT_ID, AAD_AUTHORITY, FACADE_SCOPE,
// GRAPH_BASE_URL, ANALYZE=0 to skip the size report.
// Office.js: `cdn` references Microsoft's CDN (required inside Office, and by the store); `auto` (the
// default without PUBLIC_ORIGIN) loads the CDN copy inside an Office host and the local copy in
// dist/office-js/ outside one (offline demo, tests); `local` always loads the local copy. The local
// copy holds every file Office.js can request for an Outlook host (scripts/office-js-files.mjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import TerserPlugin from 'terser-webpack-plugin';
import webpack from 'webpack';
import { officeJsDist, outlookOfficeJsFiles } from './scripts/office-js-files.mjs';
import { PrecompressPlugin } from './scripts/precompress-plugin.mjs';
import { addinOrigin, manifestFor } from './src/platform/addin-origin.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const CDN_OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
// Issue 12: the pane's first load at most 150 KB gzip.
const FIRST_RENDER_BUDGET = 150 * 1024;

/**
 * The directory of package `name` as package `from` resolves it: aliasing to it bundles one copy
 * where npm installed two.
 */
function packageDirAsSeenBy(from, name) {
  let dir = dirname(createRequire(resolve(root, 'node_modules', from, 'package.json')).resolve(name));
  while (!existsSync(resolve(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * Prints the gzip size of the JS the pane downloads for its first render (entry chunks and the
 * chunks they preload: firstLoadFiles) and fails the build when it is over `budget` bytes (issue 12: F66 — a report alone let the pane
 * grow past 150 KB unseen). The error names the files, the sizes and the budget.
 */
/**
 * The JS files the browser downloads with the pane's first load: the entry's own chunks and every
 * async chunk an `import(/* webpackPreload: true *\/ …)` in them marks for preloading (webpack puts a
 * rel=preload link for it on the page at start). A part the first screen shows, and so starts
 * loading at once, is marked so (App.tsx's Settings), and counts against the budget (F66: the
 * budget counted the entry only while the first load also fetched the Settings chunk).
 */
function firstLoadFiles(compilation, entry) {
  const groups = [entry];
  for (let i = 0; i < groups.length; i++) {
    const orders = groups[i].getChildrenByOrders(compilation.moduleGraph, compilation.chunkGraph);
    for (const child of orders.preload ?? []) if (!groups.includes(child)) groups.push(child);
  }
  return [...new Set(groups.flatMap((g) => g.getFiles()))].filter((f) => f.endsWith('.js'));
}

export class FirstRenderSizePlugin {
  constructor({ budget = FIRST_RENDER_BUDGET } = {}) {
    this.budget = budget;
  }

  apply(compiler) {
    // At the report stage the assets are final (minified) and still in memory: `webpack serve` never
    // writes them to disk, and after emit webpack keeps only their sizes (F45).
    compiler.hooks.thisCompilation.tap('FirstRenderSizePlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'FirstRenderSizePlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const entry = compilation.entrypoints.get('taskpane');
          if (!entry) return;
          const files = firstLoadFiles(compilation, entry);
          let raw = 0;
          let gz = 0;
          for (const f of files) {
            const buf = compilation.getAsset(f)?.source.buffer() ?? Buffer.alloc(0);
            raw += buf.length;
            gz += gzipSync(buf, { level: 9 }).length;
          }
          const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
          const within = gz <= this.budget;
          const line = `First-render JS: ${files.join(', ')} — ${kb(raw)} raw, ${kb(gz)} gzip (${within ? 'within' : 'OVER'} the ${kb(this.budget)} budget)`;
          console.log(`\n${line}`);
          if (!within)
            compilation.errors.push(
              new webpack.WebpackError(
                `${line}: move what the first screen does not show into a lazy part (src/taskpane/layout/lazy.tsx)`,
              ),
            );
        },
      );
    });
  }
}

export default (_env = {}, argv = {}) => {
  const mode = argv.mode ?? (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  const production = mode === 'production';
  const publicOrigin = (process.env.PUBLIC_ORIGIN ?? '').replace(/\/+$/, '');
  // The product server's own origin (npm start): the scheme and port it listens on.
  const server = {
    https: !['0', 'false', 'no', 'off'].includes((process.env.HTTPS ?? '1').toLowerCase()),
    port: process.env.PORT || 3000,
  };
  const officeJsMode = process.env.OFFICE_JS ?? (publicOrigin ? 'cdn' : 'auto');
  if (!['cdn', 'auto', 'local'].includes(officeJsMode))
    throw new Error(`OFFICE_JS=${officeJsMode}: use cdn, auto or local`);
  const LOCAL_OFFICE_JS = '/office-js/office.js';
  // `outside`: what the loader does outside an Office host (office-js-source.ts, officeJsLoad).
  const officeJsTag = (outside) =>
    officeJsMode === 'auto'
      ? `<script src="/office-js-loader.js"${outside === 'none' ? ' data-outside-office="none"' : ''}></script>`
      : `<script src="${officeJsMode === 'cdn' ? CDN_OFFICE_JS : LOCAL_OFFICE_JS}"></script>`;
  const localCopy = officeJsMode === 'cdn' ? [] : outlookOfficeJsFiles(officeJsDist(root)).files;
  const define = (name) => JSON.stringify(process.env[name] ?? '');

  return {
    mode,
    context: root,
    devtool: production ? false : 'eval-cheap-module-source-map',
    entry: {
      taskpane: './src/taskpane/boot.ts',
      'auth-dialog': './src/taskpane/auth/dialog.ts',
      ...(officeJsMode === 'auto' ? { 'office-js-loader': './src/taskpane/office/office-js-loader.ts' } : {}),
    },
    output: {
      path: resolve(root, 'dist'),
      // The loader keeps a fixed name: the page templates reference it before any bundle.
      filename: (data) =>
        data.chunk?.name === 'office-js-loader' || !production ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: '/',
      clean: true,
      // Rewrite unchanged files too: the e2e tests and `npm start` judge a build's freshness by the
      // mtime of taskpane.html, which otherwise keeps its old time when only a bundle changed.
      compareBeforeEmit: false,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
      // Catalogs arrive parsed (icu-catalog-loader): react-intl needs no ICU parser at run time.
      alias: {
        '@formatjs/icu-messageformat-parser$': '@formatjs/icu-messageformat-parser/no-parser.js',
        // react-intl and @formatjs/intl pin the same intl-messageformat, which npm nests under each.
        'intl-messageformat$': packageDirAsSeenBy('react-intl', 'intl-messageformat'),
        // Fluent's context selector takes scheduler as a peer and must share react-dom's, not a second.
        scheduler$: packageDirAsSeenBy('react-dom', 'scheduler'),
      },
    },
    module: {
      rules: [
        {
          test: /[\\/]catalogs[\\/]\w+\.ts$/,
          include: [resolve(root, 'src/messages'), resolve(root, 'src/taskpane/i18n')],
          loader: resolve(root, 'scripts/icu-catalog-loader.js'),
        },
        {
          test: /\.tsx?$/,
          exclude: [/node_modules/, /[\\/]catalogs[\\/]\w+\.ts$/],
          loader: 'esbuild-loader',
          options: { target: 'es2020', jsx: 'automatic', tsconfig: resolve(root, 'tsconfig.json') },
        },
      ],
    },
    optimization: {
      minimize: production,
      minimizer: [new TerserPlugin({ extractComments: false, terserOptions: { compress: { passes: 2 } } })],
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        'process.env.AAD_CLIENT_ID': define('AAD_CLIENT_ID'),
        'process.env.AAD_AUTHORITY': define('AAD_AUTHORITY'),
        'process.env.FACADE_SCOPE': define('FACADE_SCOPE'),
        'process.env.GRAPH_BASE_URL': define('GRAPH_BASE_URL'),
        'process.env.OFFICE_JS_LOCAL': JSON.stringify(LOCAL_OFFICE_JS),
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/html/taskpane.html',
        chunks: ['taskpane'],
        // The pane asks Office.js nothing outside a host (issue 12: not loaded beside its first render).
        officeJsTag: officeJsTag('none'),
      }),
      new HtmlWebpackPlugin({
        filename: 'auth-dialog.html',
        template: './src/taskpane/html/auth-dialog.html',
        chunks: ['auth-dialog'],
        officeJsTag: officeJsTag('local'),
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          { from: 'src/taskpane/html/support.html', to: 'support.html' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => manifestFor(content.toString(), addinOrigin({ publicOrigin, ...server })),
          },
          ...localCopy.map((f) => ({ from: `${officeJsDist(root)}/${f}`, to: `office-js/${f}` })),
        ],
      }),
      // The budget is for the production bundle; a development build is not minified.
      ...(process.env.ANALYZE === '0' || !production ? [] : [new FirstRenderSizePlugin()]),
      ...(production ? [new PrecompressPlugin()] : []),
    ],
    devServer: {
      port: Number(process.env.DEV_SERVER_PORT ?? 3001),
      // Loopback only, and no CORS header: the pane and the APIs it proxies share this origin, and
      // the proxied /dev/token mints tokens, which no other page may read (F47).
      host: 'localhost',
      static: false,
      hot: false,
      server: process.env.HTTPS === '0' ? 'http' : 'https',
      // API calls go to the product server (npm start) on PORT (3000 by default).
      proxy: [
        {
          context: ['/api', '/sync', '/graph', '/dev'],
          target: addinOrigin({ publicOrigin: null, ...server }),
          secure: false,
        },
      ],
    },
  };
};
