/**
 * Checks a manifest document against a schema table (mail-schema.ts): for every element, its
 * children's order and count (sequence, minOccurs, maxOccurs), its xsi:type (abstract types need
 * one, and it must derive from the declared type), its attributes (declared, required, typed) and
 * its text (facets). Each problem names the element, where it is (line and path) and what the
 * schema expects.
 */
import { NS, simpleTypeError } from './xsd-model.js';
import type { ComplexType, Particle, SimpleType, Wildcard } from './xsd-model.js';

export interface ManifestProblem {
  /** "schema": the published schema rules; "consistency": this manifest's own references and this project's rules. */
  readonly kind: 'schema' | 'consistency';
  readonly line: number | null;
  /** Element path from the root, e.g. OfficeApp/VersionOverrides/Hosts/Host. */
  readonly path: string;
  readonly message: string;
}

type Types = Readonly<Record<string, ComplexType>>;
const PREFIX_OF: Record<string, string> = Object.fromEntries(Object.entries(NS).map(([p, uri]) => [uri, p]));

const elements = (el: Element): Element[] =>
  [...(el.childNodes as unknown as Iterable<Node>)].filter((n): n is Element => n.nodeType === 1);
const qname = (el: Element): string => `${PREFIX_OF[el.namespaceURI ?? ''] ?? '?'}:${el.localName}`;
const localOf = (q: string): string => q.slice(q.indexOf(':') + 1);
const isWildcard = (p: Particle | Wildcard): p is Wildcard => 'any' in p;
const lineOf = (node: Node): number | null => (node as unknown as { lineNumber?: number }).lineNumber ?? null;

function label(el: Element): string {
  const type = el.getAttributeNS(NS.xsi, 'type');
  return type ? `<${el.localName} xsi:type="${type}">` : `<${el.localName}>`;
}

export class SchemaChecker {
  private readonly problems: ManifestProblem[] = [];
  constructor(private readonly types: Types) {}

  /** Every schema problem of the document whose root must be `rootEl` of type `rootType`. */
  check(doc: Document, root: { readonly el: string; readonly type: string }): ManifestProblem[] {
    const top = doc.documentElement;
    if (!top || qname(top) !== root.el) {
      const got = top ? `<${top.localName}> in namespace ${top.namespaceURI ?? '(none)'}` : 'nothing';
      this.report(
        top ?? doc,
        localOf(root.el),
        `the root element must be <${localOf(root.el)}> in ${NS.o}; found ${got}`,
      );
      return this.problems;
    }
    this.element(top, root.type, localOf(root.el));
    return this.problems;
  }

  private report(node: Node, path: string, message: string): void {
    this.problems.push({ kind: 'schema', line: lineOf(node), path, message });
  }

  /** The chain from the most basic type to `name`. */
  private chain(name: string): ComplexType[] {
    const out: ComplexType[] = [];
    for (let t: string | undefined = name; t; t = this.types[t]?.base) {
      const type = this.types[t];
      if (!type) break;
      out.unshift(type);
    }
    return out;
  }

  private derivesFrom(name: string, base: string): boolean {
    for (let t: string | undefined = name; t; t = this.types[t]?.base) if (t === base) return true;
    return false;
  }

  /** Concrete types an element declared as `declared` may name in xsi:type. */
  private concreteTypes(declared: string): string[] {
    return Object.keys(this.types).filter((t) => !this.types[t]?.abstract && this.derivesFrom(t, declared));
  }

  /** The type an xsi:type value names, resolved against the element's namespace declarations. */
  private resolveXsiType(el: Element, value: string, declared: string): string | null {
    const colon = value.indexOf(':');
    const local = colon >= 0 ? value.slice(colon + 1) : value;
    const uri = el.lookupNamespaceURI(colon >= 0 ? value.slice(0, colon) : null);
    const prefix = uri ? PREFIX_OF[uri] : undefined;
    const candidates = [prefix, declared.slice(0, declared.indexOf(':'))]
      .filter(Boolean)
      .map((p) => `${p}:${local}`);
    return candidates.find((c) => this.types[c]) ?? null;
  }

  private element(el: Element, declared: string | SimpleType, path: string): void {
    if (typeof declared !== 'string') return this.simpleElement(el, declared, path);
    const xsiType = el.getAttributeNS(NS.xsi, 'type');
    let typeName = declared;
    if (xsiType) {
      const resolved = this.resolveXsiType(el, xsiType, declared);
      if (!resolved || !this.derivesFrom(resolved, declared) || this.types[resolved]?.abstract) {
        const options = this.concreteTypes(declared).map(localOf);
        return this.report(
          el,
          path,
          `xsi:type="${xsiType}" is not a type of <${el.localName}>; the schema defines ${options.join(', ') || 'none'}`,
        );
      }
      typeName = resolved;
    } else if (this.types[declared]?.abstract) {
      const options = this.concreteTypes(declared).map(localOf);
      return this.report(el, path, `<${el.localName}> needs xsi:type, one of ${options.join(', ')}`);
    }
    const chain = this.chain(typeName);
    this.attributes(el, chain, path);
    const text = chain.find((t) => t.text)?.text;
    if (text) this.simpleElement(el, text, path, true);
    else
      this.content(
        el,
        chain.flatMap((t) => t.seq ?? []),
        path,
      );
    for (const t of chain) {
      const problem = t.documented?.(el);
      if (problem) this.report(el, path, problem);
    }
  }

  private simpleElement(el: Element, type: SimpleType, path: string, attributesChecked = false): void {
    for (const child of elements(el))
      this.report(
        child,
        `${path}/${child.localName}`,
        `<${child.localName}> is not allowed inside ${label(el)}, which holds text`,
      );
    if (!attributesChecked) this.attributes(el, [], path);
    const problem = simpleTypeError(type, el.textContent ?? '');
    if (problem) this.report(el, path, `<${el.localName}> ${problem}`);
  }

  private attributes(el: Element, chain: ComplexType[], path: string): void {
    const declared = Object.assign({}, ...chain.map((t) => t.attrs ?? {})) as Record<
      string,
      NonNullable<ComplexType['attrs']>[string]
    >;
    const attrs = [...(el.attributes as unknown as Iterable<Attr>)];
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.prefix === 'xmlns' || a.namespaceURI === NS.xsi) continue;
      const spec = a.namespaceURI ? undefined : declared[a.localName ?? a.name];
      if (!spec) {
        this.report(el, path, `attribute ${a.name} is not allowed on ${label(el)}`);
        continue;
      }
      const problem = simpleTypeError(spec.type, a.value);
      if (problem) this.report(el, path, `attribute ${a.name} of ${label(el)} ${problem}`);
    }
    for (const [name, spec] of Object.entries(declared))
      if (spec.required && !el.hasAttribute(name))
        this.report(el, path, `${label(el)} lacks the required attribute ${name}`);
  }

  /** Sequence matching: children in schema order, each particle between its minOccurs and maxOccurs. */
  private content(el: Element, seq: ReadonlyArray<Particle | Wildcard>, path: string): void {
    for (const node of [...(el.childNodes as unknown as Iterable<Node>)])
      if (node.nodeType === 3 && (node.textContent ?? '').trim())
        this.report(
          el,
          path,
          `text "${(node.textContent ?? '').trim().slice(0, 40)}" is not allowed inside ${label(el)}`,
        );
    const counts = seq.map(() => 0);
    const matches = (p: Particle | Wildcard, child: Element) =>
      isWildcard(p) ? child.namespaceURI === p.any : p.el === qname(child);
    const name = (p: Particle | Wildcard) =>
      isWildcard(p) ? `an element of ${p.any}` : `<${localOf(p.el)}>`;
    let at = 0;
    for (const child of elements(el)) {
      const childPath = `${path}/${child.localName}`;
      const ahead = seq.findIndex((p, i) => i >= at && matches(p, child));
      if (ahead >= 0) {
        for (let k = at; k < ahead; k++) {
          const p = seq[k]!;
          if (counts[k]! < p.min)
            this.report(child, path, `${label(el)} needs ${name(p)} before <${child.localName}>`);
        }
        at = ahead;
        counts[at]!++;
        const p = seq[at]!;
        if (counts[at]! > p.max)
          this.report(
            child,
            childPath,
            `<${child.localName}> appears more than ${p.max === 1 ? 'once' : `${p.max} times`} in ${label(el)}`,
          );
        if (!isWildcard(p)) this.element(child, p.type, childPath);
        continue;
      }
      const behind = seq.findIndex((p) => matches(p, child));
      if (behind >= 0) {
        this.report(
          child,
          childPath,
          `<${child.localName}> is out of order in ${label(el)}: it must come before ${name(seq[at]!)}`,
        );
        const p = seq[behind]!;
        if (!isWildcard(p)) this.element(child, p.type, childPath);
      } else {
        const allowed = seq.map(name).join(', ') || 'no child elements';
        const where =
          child.namespaceURI === el.namespaceURI ? '' : ` (namespace ${child.namespaceURI ?? 'none'})`;
        this.report(
          child,
          childPath,
          `<${child.localName}>${where} is not allowed in ${label(el)}; the schema allows ${allowed}`,
        );
      }
    }
    for (let k = at; k < seq.length; k++) {
      const p = seq[k]!;
      if (counts[k]! < p.min) this.report(el, path, `${label(el)} is missing ${name(p)}`);
    }
  }
}
