/**
 * Offline check of the add-in-only XML manifest (office-addin-manifest validate needs Microsoft's
 * online service): well-formed XML, required MailApp elements in the schema's order, VersionOverrides
 * shape, every resid defined, every URL of our origin served by the build.
 *
 *   tsx scripts/validate-manifest.ts [manifest.xml] [--origin https://localhost:3000] [--root .]
 *
 * Prints one line per problem and exits 2 when there is any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

/** MailApp children in the order the schema enforces (manifest-element-ordering.md). */
export const MAIL_APP_ORDER = [
  'Id',
  'AlternateId',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'FormSettings',
  'Permissions',
  'Rule',
  'DisableEntityHighlighting',
  'VersionOverrides',
] as const;
const REQUIRED = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'SupportUrl',
  'Requirements',
  'FormSettings',
  'Permissions',
  'Rule',
];
const VO_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'];
const ACTION_ORDER = ['SourceLocation', 'SupportsPinning', 'SupportsMultiSelect', 'SupportsNoItemContext'];
const PERMISSIONS = ['Restricted', 'ReadItem', 'ReadWriteItem', 'ReadWriteMailbox'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Which resource list a resid of an element must come from. */
const RESID_KIND: Readonly<Record<string, string>> = {
  'bt:Image': 'Images',
  SourceLocation: 'Urls',
  FunctionFile: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};

export interface ValidateOptions {
  /** Our origin; URLs under it must map to a served file. */
  readonly origin: string;
  /** Whether the build serves this path (e.g. `assets/icon-16.png`). */
  readonly served: (path: string) => boolean;
}

const kids = (el: Element): Element[] => [...el.children];
const name = (el: Element): string => el.tagName;
const local = (el: Element): string => el.localName;

function version(text: string | null): number[] {
  return (text ?? '').split('.').map((n) => Number(n) || 0);
}
function atLeast(v: number[], min: number[]): boolean {
  for (let i = 0; i < Math.max(v.length, min.length); i++) {
    const a = v[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function checkOrder(parent: string, children: Element[], order: readonly string[], problems: string[]): void {
  let last = -1;
  let lastName = '';
  for (const c of children) {
    const i = order.indexOf(local(c));
    if (i < 0) {
      problems.push(`<${local(c)}> is not allowed in <${parent}>`);
      continue;
    }
    if (i < last) problems.push(`<${local(c)}> must come before <${lastName}> in <${parent}>`);
    else if (i === last && local(c) !== 'VersionOverrides')
      problems.push(`<${local(c)}> appears twice in <${parent}>`);
    else {
      last = i;
      lastName = local(c);
    }
  }
}

function checkVersionOverrides(vo: Element, problems: string[]): void {
  const type = vo.getAttribute('xsi:type') ?? '';
  const children = kids(vo);
  checkOrder(type || 'VersionOverrides', children, VO_ORDER, problems);
  if (!children.some((c) => local(c) === 'Hosts')) problems.push(`<${type}> has no <Hosts>`);
  const sets = kids(vo)
    .filter((c) => local(c) === 'Requirements')
    .flatMap(kids)
    .find((c) => local(c) === 'Sets');
  const min = sets?.getAttribute('DefaultMinVersion') ?? '1.1';
  // Resources defined here, by list.
  const defined = new Map<string, string>();
  for (const list of vo.querySelectorAll(':scope > Resources > *')) {
    for (const item of kids(list)) {
      const id = item.getAttribute('id') ?? '';
      if (id.length > 32) problems.push(`resource id "${id}" is longer than 32 characters`);
      if (defined.has(id)) problems.push(`resource id "${id}" is defined twice in <${type}>`);
      defined.set(id, local(list));
    }
  }
  const hosts = vo.querySelector(':scope > Hosts');
  for (const el of hosts ? [...hosts.querySelectorAll('[resid]')] : []) {
    const resid = el.getAttribute('resid') ?? '';
    const want = RESID_KIND[name(el)] ?? RESID_KIND[local(el)];
    const have = defined.get(resid);
    if (!have) problems.push(`resid "${resid}" (<${name(el)}>) is not defined in the Resources of <${type}>`);
    else if (want && have !== want)
      problems.push(`resid "${resid}" of <${name(el)}> must be in bt:${want}, not bt:${have}`);
  }
  for (const action of hosts ? [...hosts.querySelectorAll('Action')] : []) {
    checkOrder('Action', kids(action), ACTION_ORDER, problems);
    if (
      !action.querySelector(':scope > SourceLocation') &&
      action.getAttribute('xsi:type') === 'ShowTaskpane'
    )
      problems.push('a ShowTaskpane <Action> has no <SourceLocation>');
    const v11 = type === 'VersionOverridesV1_1';
    if (action.querySelector(':scope > SupportsPinning') && !(v11 && atLeast(version(min), [1, 5])))
      problems.push('<SupportsPinning> needs VersionOverridesV1_1 with Mailbox 1.5 or later');
    if (action.querySelector(':scope > SupportsNoItemContext') && !(v11 && atLeast(version(min), [1, 13])))
      problems.push('<SupportsNoItemContext> needs VersionOverridesV1_1 with Mailbox 1.13 or later');
  }
  for (const nested of children.filter((c) => local(c) === 'VersionOverrides'))
    checkVersionOverrides(nested, problems);
}

function checkUrls(doc: Document, options: ValidateOptions, problems: string[]): void {
  const urls = new Set<string>();
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of ['DefaultValue', 'Value']) {
      const v = el.getAttribute(attr);
      if (v && /^https?:\/\//i.test(v)) urls.add(v);
    }
  }
  const origin = options.origin.replace(/\/+$/, '');
  for (const url of urls) {
    if (!url.startsWith('https://')) problems.push(`${url} is not https`);
    if (!url.startsWith(`${origin}/`)) continue;
    const path = url.slice(origin.length + 1).split(/[?#]/)[0] ?? '';
    if (!options.served(path)) problems.push(`${url} points at ${path}, which the build does not serve`);
  }
  const domains = [...doc.querySelectorAll('AppDomains > AppDomain')].map((d) => d.textContent?.trim() ?? '');
  if (!domains.some((d) => d.replace(/\/+$/, '') === origin))
    problems.push(`<AppDomains> does not list ${origin}`);
}

/** Every problem of the manifest, one line each (empty: valid). */
export function validateManifest(xml: string, options: ValidateOptions): string[] {
  const { window } = new JSDOM('');
  const doc = new window.DOMParser().parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) return [`not well-formed XML: ${(error.textContent ?? '').trim().split('\n')[0]}`];
  const root = doc.documentElement;
  const problems: string[] = [];
  if (local(root) !== 'OfficeApp') return [`the root element is <${local(root)}>, not <OfficeApp>`];
  if (root.getAttribute('xsi:type') !== 'MailApp') problems.push('<OfficeApp> must have xsi:type="MailApp"');
  const children = kids(root);
  for (const r of REQUIRED)
    if (!children.some((c) => local(c) === r)) problems.push(`required element <${r}> is missing`);
  checkOrder('OfficeApp', children, MAIL_APP_ORDER, problems);
  const text = (n: string): string => children.find((c) => local(c) === n)?.textContent?.trim() ?? '';
  if (text('Id') && !GUID.test(text('Id'))) problems.push(`<Id> "${text('Id')}" is not a GUID`);
  if (text('Version') && !/^\d+(\.\d+){0,3}$/.test(text('Version')))
    problems.push(`<Version> "${text('Version')}" is not n.n.n.n`);
  if (text('Permissions') && !PERMISSIONS.includes(text('Permissions')))
    problems.push(`<Permissions> "${text('Permissions')}" is not one of ${PERMISSIONS.join(', ')}`);
  if (!doc.querySelector('FormSettings > Form > DesktopSettings > SourceLocation'))
    problems.push('<FormSettings> needs Form/DesktopSettings/SourceLocation');
  for (const o of doc.querySelectorAll('Override'))
    if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(o.getAttribute('Locale') ?? ''))
      problems.push(`<Override> has an invalid Locale "${o.getAttribute('Locale') ?? ''}"`);
  for (const vo of children.filter((c) => local(c) === 'VersionOverrides'))
    checkVersionOverrides(vo, problems);
  checkUrls(doc, options, problems);
  return problems;
}

/** What `npm start` serves: dist/ after a build; before it, the sources the build copies. */
export function servedFrom(root: string): (path: string) => boolean {
  return (path) =>
    existsSync(resolve(root, 'dist', path)) ||
    (path.startsWith('assets/') && existsSync(resolve(root, path))) ||
    existsSync(resolve(root, 'src/taskpane/html', path));
}

function main(argv: string[]): number {
  const arg = (flag: string, fallback: string): string => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] ? (argv.splice(i, 2)[1] as string) : fallback;
  };
  const origin = arg('--origin', 'https://localhost:3000');
  const root = resolve(arg('--root', '.'));
  const file = argv[0] ?? 'manifest.xml';
  const problems = validateManifest(readFileSync(resolve(file), 'utf8'), {
    origin,
    served: servedFrom(root),
  });
  for (const p of problems) console.log(`${file}: ${p}`);
  if (problems.length === 0) console.log(`${file}: valid (offline checks)`);
  return problems.length === 0 ? 0 : 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
