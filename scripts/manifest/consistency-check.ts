/**
 * What the schema cannot express. For every manifest: each resid names a resource of the right
 * list in its own VersionOverrides (a nested VersionOverrides inherits nothing from its parent,
 * versionoverrides-1-1-mail.md), resource ids are unique per list, and control ids are unique.
 * For this project's manifest (with `ProjectOptions`): pages and icons are https, URLs on our
 * origin are files the build serves, the task pane lives on our origin, and the VersionOverrides 1.1
 * requirements declare the Mailbox version the features used need (action.md: SupportsPinning 1.5,
 * SupportsMultiSelect and SupportsNoItemContext 1.13).
 */
import { NS } from './xsd-model.js';
import type { ManifestProblem } from './schema-check.js';

export interface ProjectOptions {
  /** Our origin; URLs under it must map to a served file. */
  readonly origin: string;
  /** Whether the build serves this path (e.g. `assets/icon-16.png`). */
  readonly served: (path: string) => boolean;
}

type List = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';
const VERSION_OVERRIDES = new Set<string>([NS.m0, NS.m1]);

const children = (el: Element): Element[] =>
  [...(el.childNodes as unknown as Iterable<Node>)].filter((n): n is Element => n.nodeType === 1);
const lineOf = (node: Node): number | null => (node as unknown as { lineNumber?: number }).lineNumber ?? null;

function pathOf(el: Element): string {
  const parts: string[] = [];
  for (let n: Node | null = el; n && n.nodeType === 1; n = n.parentNode)
    parts.unshift((n as Element).localName);
  return parts.join('/');
}

/** All descendants, not entering a nested VersionOverrides. */
function within(scope: Element): Element[] {
  const out: Element[] = [];
  const walk = (el: Element) => {
    for (const c of children(el)) {
      if (c.localName === 'VersionOverrides') continue;
      out.push(c);
      walk(c);
    }
  };
  walk(scope);
  return out;
}

/** Which resource list a resid on this element must come from. */
function listFor(el: Element): List | null {
  const parent = el.parentNode as Element | null;
  switch (el.localName) {
    case 'Image':
      return 'Images';
    case 'SourceLocation':
    case 'FunctionFile':
    case 'Runtime':
    case 'Override':
      return 'Urls';
    case 'Label':
    case 'Title':
      return 'ShortStrings';
    case 'Description':
      return parent?.localName === 'Supertip' || VERSION_OVERRIDES.has(parent?.namespaceURI ?? '')
        ? 'LongStrings'
        : null;
    default:
      return null;
  }
}

function versionOf(vo: Element): string {
  return vo.getAttributeNS(NS.xsi, 'type') || vo.namespaceURI || 'VersionOverrides';
}

function checkVersionOverrides(vo: Element, problems: ManifestProblem[]): void {
  const add = (node: Element, message: string) =>
    problems.push({ kind: 'consistency', line: lineOf(node), path: pathOf(node), message });
  const defined = new Map<string, List>();
  const resources = children(vo).find((c) => c.localName === 'Resources');
  for (const list of resources ? children(resources) : []) {
    const seen = new Set<string>();
    for (const item of children(list)) {
      const id = item.getAttribute('id') ?? '';
      if (seen.has(id))
        add(item, `resource id "${id}" is defined twice in bt:${list.localName} of ${versionOf(vo)}`);
      seen.add(id);
      if (!defined.has(id)) defined.set(id, list.localName as List);
    }
  }
  const ids = new Map<string, Element>();
  for (const el of within(vo)) {
    const resid = el.getAttribute('resid');
    const want = resid !== null ? listFor(el) : null;
    if (resid !== null && want) {
      const have = defined.get(resid);
      if (!have)
        add(el, `resid "${resid}" of <${el.localName}> is not defined in bt:${want} of ${versionOf(vo)}`);
      else if (have !== want)
        add(el, `resid "${resid}" of <${el.localName}> is in bt:${have}; <${el.localName}> needs bt:${want}`);
    }
    if (['Group', 'Control', 'Item', 'CustomTab'].includes(el.localName) && el.hasAttribute('id')) {
      const id = el.getAttribute('id') ?? '';
      const first = ids.get(id);
      if (first)
        add(
          el,
          `id "${id}" of <${el.localName}> is already used by a <${first.localName}> in ${versionOf(vo)}`,
        );
      else ids.set(id, el);
    }
  }
  for (const nested of children(vo).filter((c) => c.localName === 'VersionOverrides'))
    checkVersionOverrides(nested, problems);
}

function minMailbox(vo: Element): number[] {
  const sets = within(vo).find(
    (e) => e.localName === 'Sets' && e.parentNode && (e.parentNode as Element).localName === 'Requirements',
  );
  const mailbox = sets
    ? children(sets).find((s) => (s.getAttribute('Name') ?? '').toLowerCase() === 'mailbox')
    : undefined;
  const version = mailbox?.getAttribute('MinVersion') ?? sets?.getAttribute('DefaultMinVersion') ?? '1.1';
  return version.split('.').map((n) => Number(n) || 0);
}
const atLeast = (v: number[], min: number[]) =>
  (v[0] ?? 0) * 1000 + (v[1] ?? 0) >= (min[0] ?? 0) * 1000 + (min[1] ?? 0);

function checkProject(doc: Document, project: ProjectOptions, problems: ManifestProblem[]): void {
  const add = (node: Element, message: string) =>
    problems.push({ kind: 'consistency', line: lineOf(node), path: pathOf(node), message });
  const origin = project.origin.replace(/\/+$/, '');
  const all = [...(doc.getElementsByTagName('*') as unknown as Iterable<Element>)];
  for (const el of all) {
    for (const attr of ['DefaultValue', 'Value']) {
      const url = el.getAttribute(attr);
      if (!url || !/^[a-z]+:\/\//i.test(url)) continue;
      if (!url.startsWith('https://'))
        add(
          el,
          `${url} (<${el.localName}>) is not https; Office loads add-in pages and images only over https`,
        );
      if (!url.startsWith(`${origin}/`)) continue;
      const path = url.slice(origin.length + 1).split(/[?#]/)[0] ?? '';
      if (!project.served(path)) add(el, `${url} points at ${path}, which the build does not serve`);
    }
  }
  const pages = all.filter((e) => e.localName === 'SourceLocation' && e.getAttribute('DefaultValue'));
  for (const page of pages)
    if (!(page.getAttribute('DefaultValue') ?? '').startsWith(`${origin}/`))
      add(page, `the task pane ${page.getAttribute('DefaultValue')} is not on the add-in's origin ${origin}`);
  const needs: ReadonlyArray<readonly [string, number[]]> = [
    ['SupportsPinning', [1, 5]],
    ['SupportsMultiSelect', [1, 13]],
    ['SupportsNoItemContext', [1, 13]],
  ];
  for (const vo of all.filter((e) => e.localName === 'VersionOverrides' && e.namespaceURI === NS.m1)) {
    const have = minMailbox(vo);
    for (const [feature, min] of needs)
      for (const el of within(vo).filter((e) => e.localName === feature))
        if (!atLeast(have, min))
          add(
            el,
            `<${feature}> needs Mailbox ${min.join('.')} in the VersionOverrides 1.1 requirements; they ask for ${have.join('.')}`,
          );
  }
}

/** Consistency problems of a parsed manifest; project rules only with `project`. */
export function consistencyProblems(doc: Document, project?: ProjectOptions): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const root = doc.documentElement;
  if (!root) return problems;
  for (const vo of children(root).filter((c) => c.localName === 'VersionOverrides'))
    checkVersionOverrides(vo, problems);
  if (project) checkProject(doc, project, problems);
  return problems;
}
