/**
 * Offline check of an add-in-only XML manifest (office-addin-manifest validate needs Microsoft's
 * online service). Two kinds of problems, reported apart:
 * - schema: the published MailApp / VersionOverrides 1.0 and 1.1 schema rules for every element they
 *   define — order, cardinality, nesting, xsi:type, attributes, lengths and patterns
 *   (manifest/mail-schema.ts, sources in manifest/SOURCES.md);
 * - consistency: resids resolve to the right resource list, unique ids, and with --origin this
 *   project's own rules (https, URLs the build serves, the pane on our origin, requirement sets).
 *
 *   tsx scripts/validate-manifest.ts [manifest.xml] [--origin https://localhost:3000] [--root .] [--schema-only]
 *
 * Prints one line per problem ("file:line: [kind] path: message") and exits 2 when there is any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { MANIFEST_SOURCE_ORIGIN } from '../src/platform/addin-origin.mjs';
import { consistencyProblems } from './manifest/consistency-check.js';
import type { ProjectOptions } from './manifest/consistency-check.js';
import { MAIL_SCHEMA, ROOT } from './manifest/mail-schema.js';
import { SchemaChecker } from './manifest/schema-check.js';
import type { ManifestProblem } from './manifest/schema-check.js';

export type { ManifestProblem, ProjectOptions };

export interface ManifestReport {
  readonly schema: readonly ManifestProblem[];
  readonly consistency: readonly ManifestProblem[];
}

/** Parses the XML; a document that is not well formed is one schema problem with its position. */
function parse(xml: string): Document | ManifestProblem {
  let fatal: string | null = null;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning' && !fatal) fatal = message;
    },
  });
  try {
    const doc = parser.parseFromString(xml, 'text/xml') as unknown as Document;
    if (!fatal && doc.documentElement) return doc;
  } catch (e) {
    fatal ??= (e as Error).message;
  }
  const text = String(fatal ?? 'no root element');
  const line = /line:?\s*(\d+)/i.exec(text);
  return {
    kind: 'schema',
    line: line ? Number(line[1]) : null,
    path: '',
    message: `not well-formed XML: ${text.split('\n')[0]}`,
  };
}

/** Schema and consistency problems of a manifest; project rules only with `project`. */
export function checkManifest(xml: string, project?: ProjectOptions): ManifestReport {
  const doc = parse(xml);
  if ('kind' in doc) return { schema: [doc], consistency: [] };
  return {
    schema: new SchemaChecker(MAIL_SCHEMA).check(doc, ROOT),
    consistency: consistencyProblems(doc, project),
  };
}

/** One line per problem. */
export function formatProblem(file: string, p: ManifestProblem): string {
  return `${file}:${p.line ?? '?'}: [${p.kind}] ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** What `npm start` serves: dist/ after a build; before it, the sources the build copies. */
export function servedFrom(root: string): (path: string) => boolean {
  return (path) =>
    existsSync(resolve(root, 'dist', path)) ||
    (path.startsWith('assets/') && existsSync(resolve(root, path))) ||
    existsSync(resolve(root, 'src/taskpane/html', path));
}

function main(argv: string[]): number {
  const flag = (name: string): boolean => {
    const i = argv.indexOf(name);
    if (i >= 0) argv.splice(i, 1);
    return i >= 0;
  };
  const arg = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? (argv.splice(i, 2)[1] as string) : fallback;
  };
  const schemaOnly = flag('--schema-only');
  const origin = arg('--origin', MANIFEST_SOURCE_ORIGIN);
  const root = resolve(arg('--root', '.'));
  const file = argv[0] ?? 'manifest.xml';
  const report = checkManifest(
    readFileSync(resolve(file), 'utf8'),
    schemaOnly ? undefined : { origin, served: servedFrom(root) },
  );
  const problems = [...report.schema, ...report.consistency];
  for (const p of problems) console.log(formatProblem(file, p));
  if (problems.length === 0)
    console.log(
      `${file}: valid (MailApp schema rules${schemaOnly ? '' : ` and this project's checks for ${origin}`})`,
    );
  return problems.length === 0 ? 0 : 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
