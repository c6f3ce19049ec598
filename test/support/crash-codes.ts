import { expect } from '@jest/globals';
import fc from 'fast-check';
import { codeForm } from '../../src/core/code-form.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { emailOf, pickOf } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import { outlookPerson } from './world.js';

/*
 * The `landed` moves (crash-landed.ts) of values two rules of case meet in:
 * - Code values (d413eb6a, bc984df3): a post code or country typed on either side with "ß", a
 *   ligature, a letter with a one-for-one upper case or none, lower case, a country name: BC holds
 *   its code form (BC's upper case, one character for one: "ß" stays), Outlook keeps what was typed
 *   (it compares equal), and no run writes it again (the end's full runs: crash-model-run.ts);
 * - e-mail case (ec440906): addresses with "İ" and a final "Σ", whose JavaScript lower case differs
 *   from the database's, made on either side, made on both sides at once in two cases (one contact,
 *   matched by address), and retyped in another case (a change of case alone is no change).
 */

export const codesTally = {
  /** Code values typed, by side and field. */
  typed: {} as Record<string, number>,
  /** Contacts made with a folded address, by side (`both`: on both sides in two cases). */
  folded: {} as Record<string, number>,
  /** Addresses retyped in another case, by side. */
  retyped: {} as Record<string, number>,
};

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** What a user types, and what BC holds of it (design §3; docs/sync-rules.md Country/Region). */
const CODES: readonly { field: 'postalCode' | 'country'; typed: string; bc: string }[] = [
  { field: 'postalCode', typed: 'ß1 a', bc: 'ß1 A' },
  { field: 'postalCode', typed: 'straße 7', bc: 'STRAßE 7' },
  { field: 'postalCode', typed: 'ﬁ-2100', bc: 'ﬁ-2100' },
  { field: 'postalCode', typed: 'ǆ 9', bc: 'Ǆ 9' },
  { field: 'postalCode', typed: 'sw1a 1aa', bc: 'SW1A 1AA' },
  { field: 'country', typed: 'dk', bc: 'DK' },
  { field: 'country', typed: 'Tanska', bc: 'DK' },
  { field: 'country', typed: 'Sverige', bc: 'SE' },
];

/** A contact a user may change on `side` (tracked, not edited on the other since the last clean run). */
const free = (model: Model, side: 'bc' | 'outlook') => (email: string) =>
  model.titles.has(email) &&
  model.dirty.get(email) !== (side === 'bc' ? 'outlook' : 'bc') &&
  !model.clashed.has(email) &&
  model.scopedOut !== email &&
  !model.gone.has(email);

/** The linked copies (never a late copy beside one) and the BC contacts. */
async function linked(real: Real): Promise<{ outlook: OutlookContact[]; ids: Set<string> }> {
  const folderId = (await real.seat.folder()).id;
  const [outlook, links] = await Promise.all([
    real.seat.outlookAll(),
    real.seat.store.listLinks({ userId: real.seat.userId, folderId }),
  ]);
  const ids = new Set(links.map((l) => l.outlookId));
  return { outlook: outlook.filter((o) => ids.has(o.id)), ids };
}

/** A user types a Code value (CODES[`which`]) into a linked contact's post code or country on `side`. */
class TypeCode implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
    readonly which: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    // BC takes a code only (a country name is Outlook's to type: BC refuses one it has no row of).
    const codes =
      this.side === 'bc' ? CODES.filter((c) => c.field === 'postalCode' || c.typed === 'dk') : CODES;
    const code = codes[this.which % codes.length]!;
    let email: string;
    if (this.side === 'bc') {
      const bc = (await real.seat.bcAll()).filter((b) => free(model, 'bc')(normalizeEmail(b.email)));
      const b = pickOf(bc, this.pick, (x) => normalizeEmail(x.email));
      if (!b) return;
      const [r] = await real.seat.bcDirect.update([
        { id: b.id, etag: b.etag, patch: { [code.field]: code.typed } },
      ]);
      expect(r?.ok).toBe(true);
      email = normalizeEmail(b.email);
    } else {
      const { outlook } = await linked(real);
      const o = pickOf(
        outlook.filter((x) => free(model, 'outlook')(emailOf(x))),
        this.pick,
        emailOf,
      );
      if (!o) return;
      const at = code.field === 'postalCode' ? 'postalCode' : 'countryOrRegion';
      const patch = {
        displayName: o.displayName,
        businessAddress: { ...o.businessAddress, [at]: code.typed },
      };
      const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
        { id: o.id, changeKey: o.changeKey, patch },
      ]);
      expect(r?.ok).toBe(true);
      email = emailOf(o);
    }
    model.dirty.set(email, this.side);
    count(codesTally.typed, `${this.side} ${code.field}`);
  }
  toString = () =>
    `${this.side} types ${JSON.stringify(CODES[this.which % CODES.length]!.typed)} on #${this.pick}`;
}

/** Addresses whose JavaScript lower case was not the database's lower() (İ → "i̇" / "i", final Σ → "ς" / "σ"). */
const FOLDED = ['İlker', 'ΣΟΦΙΑΣ', 'Işık'] as const;

/**
 * A contact made with a folded address on `side`, or on both (`both`: BC in upper case, Outlook in
 * JavaScript's lower case, one title) before a run: one contact, matched by its address.
 */
class AddFolded implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook' | 'both',
    readonly which: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const n = ++model.made;
    const email = `${FOLDED[this.which % FOLDED.length]!}${n}.${real.tag}@Fabrikam.com`;
    // Both sides only where the two cases are one address (pure/email-fold.ts: İlker is not i̇lker).
    const side =
      this.side === 'both' && normalizeEmail(email.toUpperCase()) !== normalizeEmail(email.toLowerCase())
        ? 'bc'
        : this.side;
    const title = `folded ${side} ${n}`;
    if (side !== 'outlook') {
      const typed = side === 'both' ? email.toUpperCase() : email;
      const [r] = await real.seat.bcDirect.create([bcDraft(200 + n, { email: typed, jobTitle: title })]);
      expect(r?.ok).toBe(true);
    }
    if (side !== 'bc') {
      const typed = side === 'both' ? email.toLowerCase() : email;
      const draft = outlookPerson(200 + n, {
        jobTitle: title,
        emailAddresses: [{ address: typed, name: '' }],
      });
      const [r] = await real.seat.mailboxDirect.create((await real.seat.folder()).id, [draft]);
      expect(r?.ok).toBe(true);
    }
    model.titles.set(normalizeEmail(email), title);
    model.dirty.set(normalizeEmail(email), side === 'outlook' ? 'outlook' : 'bc');
    count(codesTally.folded, side);
  }
  toString = () => `add ${FOLDED[this.which % FOLDED.length]} on ${this.side}`;
}

/** The address in another case that compares equal (upper case, else lower), or null. */
function otherCase(address: string): string | null {
  for (const to of [address.toUpperCase(), address.toLowerCase()])
    if (to !== address && normalizeEmail(to) === normalizeEmail(address)) return to;
  return null;
}

/** A user retypes a linked contact's address in another case on `side`: no change to sync. */
class RetypeCase implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    if (this.side === 'bc') {
      const bc = (await real.seat.bcAll()).filter((b) => free(model, 'bc')(normalizeEmail(b.email)));
      const b = pickOf(bc, this.pick, (x) => normalizeEmail(x.email));
      const to = b ? otherCase(b.email) : null;
      if (!b || to === null) return;
      const [r] = await real.seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { email: to } }]);
      expect(r?.ok).toBe(true);
    } else {
      const { outlook } = await linked(real);
      const o = pickOf(
        outlook.filter((x) => free(model, 'outlook')(emailOf(x))),
        this.pick,
        emailOf,
      );
      const [first, ...rest] = o?.emailAddresses ?? [];
      const to = first ? otherCase(first.address) : null;
      if (!o || !first || to === null) return;
      const patch = { displayName: o.displayName, emailAddresses: [{ ...first, address: to }, ...rest] };
      const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
        { id: o.id, changeKey: o.changeKey, patch },
      ]);
      expect(r?.ok).toBe(true);
    }
    count(codesTally.retyped, this.side);
  }
  toString = () => `${this.side} retypes #${this.pick}'s address in another case`;
}

/** BC's form of a value Outlook holds: CODES' (a country name among them), else its code form. */
function bcForm(field: 'postalCode' | 'country', outlook: string): string {
  return CODES.find((c) => c.field === field && c.typed === outlook)?.bc ?? codeForm(outlook);
}

/**
 * After the end's clean run (crash-model-run.ts settles): every BC contact holds its post code and
 * country in code form, and BC's form of what its linked copy holds (the copy keeps what was typed).
 */
export async function codesHeld(real: Real): Promise<void> {
  const { outlook } = await linked(real);
  const folderId = (await real.seat.folder()).id;
  const links = await real.seat.store.listLinks({ userId: real.seat.userId, folderId });
  const copyOf = new Map(links.map((l) => [l.bcId, outlook.find((o) => o.id === l.outlookId)]));
  for (const b of await real.seat.bcAll()) {
    const o = copyOf.get(b.id);
    expect({
      email: b.email,
      postalCode: b.postalCode,
      country: b.country,
    }).toEqual({
      email: b.email,
      postalCode: o ? bcForm('postalCode', o.businessAddress.postalCode) : codeForm(b.postalCode),
      country: o ? bcForm('country', o.businessAddress.countryOrRegion) : codeForm(b.country),
    });
  }
}

/** The moves' commands (crash-landed.ts landedCommands). */
export function codeCommands(): fc.Arbitrary<Cmd>[] {
  const side = fc.constantFrom<'bc' | 'outlook'>('bc', 'outlook');
  return [
    fc.tuple(side, fc.nat(40), fc.nat(CODES.length - 1)).map(([s, p, w]) => new TypeCode(s, p, w)),
    fc.tuple(side, fc.nat(40), fc.nat(CODES.length - 1)).map(([s, p, w]) => new TypeCode(s, p, w)),
    fc
      .tuple(fc.constantFrom<'bc' | 'outlook' | 'both'>('bc', 'outlook', 'both'), fc.nat(FOLDED.length - 1))
      .map(([s, w]) => new AddFolded(s, w)),
    fc.tuple(side, fc.nat(40)).map(([s, p]) => new RetypeCase(s, p)),
  ];
}
