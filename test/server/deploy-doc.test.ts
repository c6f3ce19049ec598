/**
 * docs/deploy.md cannot go stale (issue 11 §5): every environment variable, scope, app role, route,
 * command, error code and metric it names exists in the code, and every scope and role the code
 * checks is set up by it. The doc once told admins to create an app role `Sync.Run` that nothing
 * checks, and to grant Graph `User.ReadBasic.All`, which nothing uses. Step 9's doctor command line
 * runs as written in tenant-processes.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { parseCommandLine } from '../../src/cli/arguments.js';
import { ADMIN_API, BC_API, SYNC_API } from '../../src/server/auth/access.js';
import { CONFIG_VARIABLES, variableSchema } from '../../src/server/config-schema.js';
import { buildVariablesRead } from '../support/build-variables.js';
import { routeOnlyApp } from '../support/dev-app.js';
import { sourceFiles } from '../support/source-files.js';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const DOC = read('docs/deploy.md');
const SRC = sourceFiles(join(ROOT, 'src'), /\.(ts|tsx|mts|mjs)$/)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

/** Every `code span` of the doc, and every line of its fenced blocks. */
const spans = [...DOC.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
const fenced = [...DOC.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split('\n'));
const named = [...spans, ...fenced];

/** The pane's Graph scopes (taskpane/auth/tokens.ts), read from the source: no export only for tests. */
const paneGraphScopes = JSON.parse(
  (/const GRAPH_SCOPES = (\[[^\]]*\])/.exec(read('src/taskpane/auth/tokens.ts'))?.[1] ?? '[]').replace(
    /'/g,
    '"',
  ),
) as string[];
/**
 * Microsoft's permissions the product needs, each where the code relies on it: the pane asks Graph
 * for its scopes; server runs ask Graph and BC for `/.default` (the permissions granted in Entra):
 * Graph `Contacts.ReadWrite` (/users/{id}/contactFolders), BC `API.ReadWrite.All` (app-only) and
 * `Financials.ReadWrite.All` (on behalf of the user). Anything else named in the doc is a mistake.
 */
const MICROSOFT = new Set([
  ...paneGraphScopes,
  'Contacts.ReadWrite',
  'API.ReadWrite.All',
  'Financials.ReadWrite.All',
]);
const POLICIES = [SYNC_API, BC_API, ADMIN_API];
const OWN_SCOPES = POLICIES.map((p) => p.scope);
const OWN_ROLES = [...new Set(POLICIES.flatMap((p) => [...p.appRoles, ...(p.userRoles ?? [])]))];

let app: FastifyInstance;
let routes: RouteOptions[] = [];
beforeAll(async () => {
  // Route registration touches no database (as openapi.test.ts): the routes dev mode mounts, a superset.
  ({ app, routes } = await routeOnlyApp());
});
afterAll(() => app?.close());

describe('docs/deploy.md names only what exists', () => {
  test('environment variables: the facade schema’s or the pane build’s', () => {
    const build = buildVariablesRead(read('webpack.config.js'));
    const inDoc = [...new Set(named.flatMap((s) => s.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []))];
    expect(inDoc.length).toBeGreaterThan(20);
    const known = new Set<string>([...CONFIG_VARIABLES, ...build]);
    expect(inDoc.filter((v) => !known.has(v))).toEqual([]);
    // Step 5's table sets facade variables only; the pane's are step 7's.
    const table = DOC.slice(DOC.indexOf('| variable'), DOC.indexOf('Left at their defaults'));
    const rows = [...new Set(table.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])];
    expect(rows.filter((v) => !(CONFIG_VARIABLES as string[]).includes(v))).toEqual([]);
    // The defaults the doc quotes are the schema's.
    for (const v of ['BC_BASE_URL', 'BC_SCOPE', 'ENTRA_AUTHORITY_HOST'] as const)
      expect(DOC).toContain(`\`${v}\` (\`${String(variableSchema(v).default)}\``);
  });

  test('scopes and app roles: each the code checks is set up, nothing else of ours, Microsoft’s as used', () => {
    const permissions = [...new Set(spans.flatMap((s) => s.split(/,\s*/)))].filter((s) =>
      /^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)+$/.test(s),
    );
    const ours = new Set([...OWN_SCOPES, ...OWN_ROLES]);
    expect(permissions.filter((p) => !ours.has(p) && !MICROSOFT.has(p))).toEqual([]);
    for (const p of [...ours, ...MICROSOFT])
      expect({ p, named: permissions.includes(p) }).toEqual({ p, named: true });
    // The scope table and role table of step 1 hold exactly the code's.
    const step1 = DOC.slice(DOC.indexOf('## 1.'), DOC.indexOf('## 2.'));
    const firstColumn = (header: string) =>
      step1
        .slice(step1.indexOf(header))
        .split('\n\n')[0]!
        .split('\n')
        .slice(2)
        .map((row) => /^\s*\| `([^`]+)`/.exec(row)?.[1]);
    expect(firstColumn('| scope ').sort()).toEqual([...OWN_SCOPES].sort());
    expect(firstColumn('| app role ').sort()).toEqual([...OWN_ROLES].sort());
  });

  test('routes: every path of ours the doc names is a route the facade mounts', () => {
    // Catch-alls (the BC API's unknown-route answer) match anything: they prove nothing.
    const patterns = routes
      .filter((r) => !r.url.includes('*'))
      .map((r) => {
        // BC's key segment `(:id(regex))` and `:param` match one segment; the rest literally.
        const marked = r.url.replace(/\(:\w+\([^)]*\)\)/g, '§key§').replace(/:\w+/g, '§param§');
        const source = marked
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/§key§/g, '\\([^/]+\\)')
          .replace(/§param§/g, '[^/]+');
        return { url: r.url, re: new RegExp(`^${source}/?$`) };
      });
    const paths = [
      ...new Set(
        named.flatMap(
          (s) => s.match(/(?<![\w.…/])\/(?:sync|api|admin|dev|healthz|readyz|metrics|docs)[^\s`)"]*/g) ?? [],
        ),
      ),
    ].map((p) => p.replace(/\{[^}]+\}(:\{[^}]+\})?/g, 'x'));
    expect(paths.length).toBeGreaterThan(8);
    const unmounted = paths.filter(
      (p) => !patterns.some(({ url, re }) => re.test(p) || url.startsWith(`${p}/`) || url === p),
    );
    expect(unmounted).toEqual([]);
  });

  test('pages: the redirect URIs name pages the pane build serves', () => {
    const pages = [...new Set(DOC.match(/contacts\.contoso\.com\/([\w-]+\.html)/g) ?? [])].map(
      (p) => p.split('/')[1]!,
    );
    expect(pages.sort()).toEqual(['auth-dialog.html', 'taskpane.html']);
    for (const page of pages) expect(read(`src/taskpane/html/${page}`).length).toBeGreaterThan(0);
  });

  test('commands: every bc-contact-sync command line parses, every npm script exists', () => {
    const cli = [
      ...new Set(
        named.flatMap((s) => [...s.matchAll(/bc-contact-sync(?:\.js)?((?: [^\s`]+)*)/g)].map((m) => m[1]!)),
      ),
    ];
    expect(cli.length).toBeGreaterThanOrEqual(3);
    for (const line of cli) {
      const argv = line.trim().split(/\s+/).filter(Boolean);
      expect({ line, parsed: (() => parseCommandLine(argv).command)() }).toEqual({ line, parsed: argv[0] });
    }
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: object }).scripts);
    const run = [...new Set(named.flatMap((s) => [...s.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!)))];
    expect(run.sort()).toEqual(['build', 'validate']);
    expect(run.filter((s) => !scripts.includes(s))).toEqual([]);
    expect(read('scripts/validate-manifest.ts')).toContain("'--origin'");
  });

  test('error codes and metrics: each the doc names is one the code uses', () => {
    const codes = [
      ...new Set(spans.filter((s) => /^[A-Z][a-z]+_[A-Z][A-Za-z]+$/.test(s) || /^no[A-Z]\w+$/.test(s))),
    ];
    expect(codes.length).toBeGreaterThanOrEqual(5);
    expect(codes.filter((c) => !SRC.includes(`'${c}'`))).toEqual([]);
    const metrics = [...new Set(spans.flatMap((s) => s.match(/^sync_[a-z_]+/) ?? []))];
    expect(metrics.length).toBeGreaterThanOrEqual(7);
    expect(metrics.filter((m) => !SRC.includes(`'${m}'`))).toEqual([]);
  });
});
