import { resolve } from 'node:path';
import { serverGraph } from '../server/config.js';
import type { FacadeConfig } from '../server/config.js';
import { CONFIG_SCHEMA } from '../server/config-schema.js';
import type { RunningServer } from '../server/main.js';
import type { PaneStatus } from '../server/static-pane.js';

/** What a new user needs after `npm start`: where things are and how to get the add-in into Outlook. */
export function printBanner(server: RunningServer): void {
  const u = server.url;
  const lines = [
    '',
    'Contact Sync for Business Central is running.',
    '',
    `  Task pane        ${u}/taskpane.html${paneNote(server)}`,
    `  Manifest         ${server.manifestFile} (names ${server.addinOrigin}; also served at ${u}/manifest.xml)`,
    // Each URL answers a plain GET (newuser: /sync/v1 and /graph/v1.0 were 404s); the APIs ask for a token.
    `  BC API           ${u}/api/v2.0/companies   (with a token from Dev tokens below)`,
    `  Sync API         ${u}/docs   (its OpenAPI; the routes start at /sync/v1/)`,
    `  Graph emulator   ${server.graph ? `${u}/graph/v1.0/me/contactFolders   (with a token from Dev tokens below)` : `off (server runs use ${graphUrl(server)})`}`,
    `  Dev tokens       ${server.ctx.devIssuer ? `${u}/dev/token?user=ann@contoso.com` : 'off (AUTH_MODE=entra)'}`,
    `  Health           ${u}/healthz   (ready: ${u}/readyz; Prometheus metrics: ${u}/metrics)`,
    '',
    ...(server.ctx.devIssuer
      ? [`  Demo user        ann@contoso.com (open ${u}/taskpane.html?user=ann@contoso.com in a browser)`]
      : []),
    `  Store            ${server.ctx.config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${server.ctx.config.dataDir}`}`,
    ...logLines(server),
  ];
  if (server.tls.kind === 'https') {
    lines.push(`  HTTPS            dev certificate; trust its CA (${server.tls.caPath}) in your OS/browser`);
  } else {
    lines.push(
      `  HTTP only        ${server.tls.reason}. Outlook needs HTTPS to load add-ins: set HTTPS=1 with a certificate.`,
    );
  }
  lines.push(
    '',
    ...sideloadLines(server),
    '',
    `Run a sync from the command line: ${sameEnvironment(server.ctx.config, CLI_READS)}./bin/bc-contact-sync.js sync --user ann@contoso.com --mode full`,
    'Stop with Ctrl+C.',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Where the log goes (LOG_FILE, log-file.ts): at a terminal a file, so the lines above stay readable;
 * the switch that prints it here, or writes it to a file, is named.
 */
function logLines(server: RunningServer): string[] {
  const level = server.ctx.config.logLevel;
  switch (server.log.kind) {
    case 'file':
      return [
        `  Log              ${server.log.path} (JSON lines at LOG_LEVEL=${level}; LOG_FILE=- prints them here)`,
      ];
    case 'stdout':
      return [
        `  Log              standard output (JSON lines at LOG_LEVEL=${level}; LOG_FILE=path writes them to a file)`,
      ];
    case 'given':
      return [];
  }
}

/**
 * The line `npm start` prints when the pane it began building is built (or its build failed): the
 * log, which said so before, is in a file at a terminal, and the banner said "building".
 */
export function paneSettledLine(server: RunningServer, status: PaneStatus): string {
  const u = server.url;
  return status === 'built'
    ? `Task pane built: ${u}/taskpane.html\n`
    : `Task pane not built (${status}): see ${server.pane.buildLog ?? 'npm run build'}\n`;
}

/**
 * How to get the written manifest into Outlook. Outlook loads add-ins only over HTTPS: a manifest
 * naming an http origin (HTTPS=0 without an https PUBLIC_ORIGIN) fails `npm run validate`'s https
 * rule and Outlook refuses it, so the banner says so instead of giving steps that cannot work.
 */
function sideloadLines(server: RunningServer): string[] {
  const file = server.manifestFile;
  if (new URL(server.addinOrigin).protocol !== 'https:')
    return [
      `Outlook cannot load ${file}: it names ${server.addinOrigin}, and Outlook loads add-ins only over HTTPS.`,
      '  To sideload, start with HTTPS=1 (a dev certificate), or behind a TLS proxy with PUBLIC_ORIGIN set to its https address;',
      '  the pane works in a browser as it is.',
    ];
  return [
    `Sideload ${file} into Outlook (the repository's manifest.xml is only its source):`,
    `  Outlook on the web / new Outlook: https://aka.ms/olksideload → My add-ins → Add a custom add-in → Add from file → ${file}`,
    `  Classic Outlook on Windows: ${sameEnvironment(server.ctx.config, SIDELOAD_READS)}npm run sideload (writes and sideloads the same file)`,
  ];
}

function paneNote(server: RunningServer): string {
  switch (server.pane.status()) {
    case 'built':
      return '';
    case 'building':
      return server.pane.newerSource === null
        ? `   (building in the background; log: ${server.pane.buildLog})`
        : `   (rebuilding in the background: ${server.pane.newerSource} is newer than the build; log: ${server.pane.buildLog})`;
    case 'failed':
      return `   (the build failed; see ${server.pane.buildLog})`;
    case 'missing':
      return '   (not built: run npm run build)';
    case 'stale':
      return `   (older than ${server.pane.newerSource}: run npm run build)`;
  }
}

/** The Graph server runs use when the embedded emulator is off (config.ts serverGraph). */
function graphUrl(server: RunningServer): string {
  const graph = serverGraph(server.ctx.config);
  return graph.kind === 'url' ? graph.url : 'the embedded emulator';
}

/** What `npm run sideload` reads to write the same manifest (scripts/sideload.ts: origin, folder). */
const SIDELOAD_READS = ['PORT', 'HTTPS', 'PUBLIC_ORIGIN', 'DEV_PUBLIC_ORIGIN', 'DATA_DIR'] as const;
/** What the CLI reads to find this server: its server.json in DATA_DIR (product-place.ts). */
const CLI_READS = ['DATA_DIR'] as const;

type PlaceVariable = (typeof SIDELOAD_READS)[number];

const DEFAULTS = {
  port: CONFIG_SCHEMA.properties.PORT.default,
  dataDir: CONFIG_SCHEMA.properties.DATA_DIR.default,
};

/** A value as one shell word (POSIX quoting) where it holds anything but safe characters. */
const shellWord = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * `NAME=value ` for each variable of `names` this server's configuration sets away from its
 * default, so a command the banner prints reaches this server, not the default one (a server
 * started with `DATA_DIR=… PORT=… npm start`): the CLI would otherwise find ./data's store and the
 * sideload would write a manifest for port 3000. DATA_DIR as an absolute path: the command may run
 * elsewhere. '' when every one is at its default.
 * @internal exported for its test.
 */
export function sameEnvironment(config: FacadeConfig, names: readonly PlaceVariable[]): string {
  const values: Readonly<Record<PlaceVariable, string | null>> = {
    PORT: config.port === DEFAULTS.port ? null : String(config.port),
    HTTPS: config.https ? null : '0',
    PUBLIC_ORIGIN: config.publicOrigin,
    DEV_PUBLIC_ORIGIN: config.devPublicOrigin ? '1' : null,
    DATA_DIR: config.dataDir === DEFAULTS.dataDir ? null : resolve(config.dataDir),
  };
  return names
    .flatMap((name) => (values[name] === null ? [] : [`${name}=${shellWord(values[name])} `]))
    .join('');
}
