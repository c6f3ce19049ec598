import { validateForBc } from '../core/bc-field-rules.js';
import { codeForm } from '../core/code-form.js';
import { crashCountdown } from './simulated-crash.js';
import { SYNC_FIELDS, emptySyncFields, normalizeEmail } from '../core/model.js';
import type { BcContact, SyncFields } from '../core/model.js';
import type {
  BcContactDraft,
  BcContacts,
  BcRead,
  BcUpdate,
  Clock,
  PortError,
  WriteOutcome,
} from '../core/ports.js';
import { describeSkipReason } from '../messages/english.js';
import { ISO_COUNTRIES } from '../core/country.js';
import type { CountryRegion } from '../core/country.js';

interface Row {
  contact: BcContact;
  version: number;
  /** Position in the change log (every write and deletion takes the next number). */
  changed: number;
}

/** The fake's delta links: the change-log position they track from. */
const LINK_PREFIX = 'memory-bc:changes-after/';

export type BcFault = (op: 'create' | 'update', index: number) => PortError | 'lostResponse' | null;

export type BcContactSeed = Partial<Omit<BcContact, 'id' | 'etag' | 'lastModifiedDateTime'>> & {
  id?: string;
};

/**
 * Business Central contacts in memory, as strict as the facade: stale etags and unknown ids are
 * refused, BC field lengths enforced, deletions kept as tombstones so a delta read sees them.
 */
export class MemoryBcContacts implements BcContacts {
  readonly maxBatch = 100;
  private readonly rows = new Map<string, Row>();
  /** Deleted id → its change-log position. */
  private readonly tombstones = new Map<string, number>();
  private seq = 0;
  private changeLog = 0;
  /** Test hook: the process "dies" before the n-th next write item (earlier items stay applied). */
  crashAfter: number | null = null;
  /** Test hook: fail or lose chosen writes. */
  fault: BcFault | null = null;

  /**
   * Test hook: name a keyed create's contact from its create key and values, as the facade's store
   * does (keyedContactId; a second create of one key is answered the first's contact), and tell
   * that id ahead (createdIdOf). Off: a BC that names contacts itself (a real tenant).
   */
  namesByKey = false;
  /**
   * Test hook, while `namesByKey`: off stands for the pane over HTTP, whose adapter cannot tell a
   * keyed create's id at once (createdIdOf null) but asks the facade after the fact (createdIdsAfter).
   */
  idsAhead = true;

  /** The Country/Region table (ISO 3166-1, as the facade's); tests may replace it with a tenant's. */
  countryTable: readonly CountryRegion[] = ISO_COUNTRIES;

  /** `companyId`, `companyName`: the company it stands for, when a test has more than one (F86, F104). */
  constructor(
    private readonly clock: Clock,
    readonly companyId?: string,
    readonly companyName?: string,
  ) {}

  async countriesRegions(): Promise<CountryRegion[]> {
    return [...this.countryTable];
  }

  async listAll(): Promise<BcContact[]> {
    return [...this.rows.values()].map((r) => ({ ...r.contact }));
  }

  /** Links name a change-log position; any other text is a link the fake no longer serves. */
  async readChanges(deltaLink: string | null): Promise<BcRead> {
    const deltaLinkNow = `${LINK_PREFIX}${this.changeLog}`;
    const from = deltaLink?.startsWith(LINK_PREFIX) ? Number(deltaLink.slice(LINK_PREFIX.length)) : NaN;
    if (!Number.isInteger(from) || from > this.changeLog)
      return { kind: 'snapshot', contacts: await this.listAll(), deltaLink: deltaLinkNow };
    return {
      kind: 'changes',
      changed: [...this.rows.values()].filter((r) => r.changed > from).map((r) => ({ ...r.contact })),
      deletedIds: [...this.tombstones].filter(([, at]) => at > from).map(([id]) => id),
      deltaLink: deltaLinkNow,
    };
  }

  async getMany(ids: readonly string[]): Promise<BcContact[]> {
    return ids.flatMap((id) => {
      const r = this.rows.get(id);
      return r ? [{ ...r.contact }] : [];
    });
  }

  async findByEmails(emails: readonly string[]): Promise<BcContact[]> {
    const wanted = new Set(emails.map(normalizeEmail).filter((e) => e !== ''));
    return [...this.rows.values()]
      .filter((r) => wanted.has(normalizeEmail(r.contact.email)))
      .map((r) => ({ ...r.contact }));
  }

  async create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> {
    return drafts.map((d, i) => {
      crashCountdown(this);
      const fault = this.fault?.('create', i) ?? null;
      if (fault && fault !== 'lostResponse') return { ok: false, error: fault };
      const invalid = this.validate(upperCodes(d), true);
      if (invalid) return { ok: false, error: invalid };
      const id = this.keyedId(d);
      const made = id === null ? undefined : this.rows.get(id)?.contact;
      const contact = made ?? this.insert(upperCodes({ ...d, ...(id === null ? {} : { id }) }));
      return fault === 'lostResponse'
        ? { ok: false, error: { kind: 'unknownOutcome', message: 'response lost' } }
        : { ok: true, value: { ...contact } };
    });
  }

  /**
   * As the in-process adapter's, while `idsAhead`; absent otherwise, as the pane's adapter over
   * HTTP has none (it asks createdIdsAfter, core/create-keys.ts createdIdsAhead).
   */
  get createdIdOf(): ((draft: BcContactDraft) => string | null) | undefined {
    return this.idsAhead ? (draft) => this.keyedId(draft) : undefined;
  }

  async createdIdsAfter(drafts: readonly BcContactDraft[]): Promise<(string | null)[]> {
    return drafts.map((d) => this.keyedId(d));
  }

  /** The id a keyed draft's contact is named by while `namesByKey` (FNV-1a of key and values). */
  private keyedId(draft: BcContactDraft): string | null {
    if (!this.namesByKey || draft.createKey === undefined || draft.createKey === '') return null;
    const text = JSON.stringify([draft.createKey, SYNC_FIELDS.map((f) => draft[f])]);
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return `keyed-${h.toString(16).padStart(8, '0')}`;
  }

  async update(updates: readonly BcUpdate[]): Promise<WriteOutcome<BcContact>[]> {
    return updates.map((u, i) => {
      crashCountdown(this);
      const fault = this.fault?.('update', i) ?? null;
      if (fault && fault !== 'lostResponse') return { ok: false, error: fault };
      const row = this.rows.get(u.id);
      if (!row) return { ok: false, error: { kind: 'notFound', message: `Contact ${u.id} does not exist.` } };
      if (u.etag !== '*' && u.etag !== row.contact.etag) {
        return {
          ok: false,
          error: { kind: 'stale', message: 'Another user has already changed the record.' },
        };
      }
      const next = { ...row.contact, ...upperCodes(u.patch) };
      const invalid = this.validate(next, u.patch.country !== undefined);
      if (invalid) return { ok: false, error: invalid };
      const contact = this.store(next, row.version + 1);
      return fault === 'lostResponse'
        ? { ok: false, error: { kind: 'unknownOutcome', message: 'response lost' } }
        : { ok: true, value: { ...contact } };
    });
  }

  // ---- what a BC user does (test harness, not the port) ----

  /** Adds a contact as if entered in BC. */
  seed(seed: BcContactSeed): BcContact {
    return this.insert(seed);
  }

  /** Edits a contact as a BC user would (no etag check); BC lets a user rename (renumber) one too. */
  edit(
    id: string,
    patch: Partial<
      SyncFields &
        Pick<
          BcContact,
          'type' | 'privacyBlocked' | 'territoryCode' | 'salespersonCode' | 'companyNumber' | 'number'
        >
    >,
  ): BcContact {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no BC contact ${id}`);
    return this.store({ ...row.contact, ...patch }, row.version + 1);
  }

  remove(id: string): void {
    if (!this.rows.delete(id)) throw new Error(`no BC contact ${id}`);
    this.tombstones.set(id, ++this.changeLog);
  }

  peek(id: string): BcContact | undefined {
    const r = this.rows.get(id);
    return r ? { ...r.contact } : undefined;
  }

  get size(): number {
    return this.rows.size;
  }

  /** As the facade: the country is checked against the table when the write sets it. */
  private validate(fields: SyncFields, countrySet: boolean): PortError | null {
    if (fields.displayName.trim() === '')
      return { kind: 'invalid', message: 'A "displayName" must be provided.' };
    const codes = countrySet ? new Set(this.countryTable.map((c) => c.code)) : null;
    const reason = validateForBc(fields, codes)[0];
    return reason ? { kind: 'invalid', message: describeSkipReason(reason) } : null;
  }

  private insert(seed: BcContactSeed): BcContact {
    this.seq++;
    const id = seed.id ?? `00000000-0000-4000-8000-${this.seq.toString(16).padStart(12, '0')}`;
    const base = { ...emptySyncFields(), ...pickFields(seed) };
    const contact: BcContact = {
      ...base,
      id,
      number: seed.number ?? `CT${String(this.seq).padStart(6, '0')}`,
      type: seed.type ?? 'Person',
      companyNumber: seed.companyNumber ?? '',
      territoryCode: seed.territoryCode ?? '',
      salespersonCode: seed.salespersonCode ?? '',
      privacyBlocked: seed.privacyBlocked ?? false,
      lastModifiedDateTime: '',
      etag: '',
    };
    return this.store(contact, 1);
  }

  private store(contact: BcContact, version: number): BcContact {
    const stored = {
      ...contact,
      etag: `W/"${contact.id}:${version}"`,
      lastModifiedDateTime: this.clock.now(),
    };
    this.rows.set(contact.id, { contact: stored, version, changed: ++this.changeLog });
    this.tombstones.delete(contact.id);
    return stored;
  }
}

function pickFields(seed: Partial<SyncFields>): Partial<SyncFields> {
  const out: Partial<SyncFields> = {};
  for (const f of SYNC_FIELDS) if (seed[f] !== undefined) out[f] = seed[f];
  return out;
}

/** BC upper-cases its Code fields when it stores them, one character for one (codeForm, as the facade does). */
function upperCodes<T extends Partial<SyncFields>>(fields: T): T {
  const out = { ...fields };
  if (out.postalCode !== undefined) out.postalCode = codeForm(out.postalCode);
  if (out.country !== undefined) out.country = codeForm(out.country);
  return out;
}
