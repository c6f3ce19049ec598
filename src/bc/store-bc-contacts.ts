import type { BcContact } from '../core/model.js';
import type {
  BcContactDraft,
  BcContacts,
  BcRead,
  BcUpdate,
  Clock,
  PortError,
  WriteOutcome,
} from '../core/ports.js';
import type { CountryRegion } from '../core/country.js';
import { listCountryTable } from '../store/bc-country-table.js';
import {
  contactChanges,
  findContactsByEmails,
  getContact,
  insertContacts,
  keyedContactId,
  listContacts,
  updateContact,
} from '../store/bc-repository.js';
import type { RepoResult } from '../store/bc-repository.js';
import type { Db } from '../store/db.js';
import { contactsDeltaLink, deltaTokenAt, deltaTokenStart } from '../store/bc-delta-token.js';
import { trackedCompanyOf } from './delta-link.js';
import { createBody, createKeyOf, createKeyOfNow, keyedWriteKey } from './create-key.js';

/**
 * The engine's `BcContacts` port straight on the facade's store, for server-side runs (scheduler,
 * CLI through the server): no HTTP, same rules as the API (lengths, e-mail, etags, tombstones).
 */
export class StoreBcContacts implements BcContacts {
  readonly maxBatch = 100;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly companyId: string,
    /** The company's `displayName`, where the caller has it (F104). */
    readonly companyName?: string,
    /**
     * Whose creates these are, as the BC API names the caller of a request (create-key.ts
     * userPrincipal): a draft's create key then names its contact as that caller's request with
     * the key would over HTTP. Absent: creates are not keyed.
     */
    private readonly principal?: string,
  ) {}

  async listAll(): Promise<BcContact[]> {
    return listContacts(this.db, this.companyId);
  }

  /**
   * The facade's change tracking without HTTP: a link made by the BC API routes (or by this
   * adapter) for this company is followed as the routes would; any other link, or one whose token
   * does not decode, reads every contact, as a 410 would make an HTTP client do.
   */
  async readChanges(deltaLink: string | null): Promise<BcRead> {
    const now = this.clock.now();
    // Relative to the API root, as HttpBcContacts keeps links: the facade's own link, which any
    // host's adapter follows (the pane's over HTTP, this one in-process).
    const next = contactsDeltaLink(this.companyId, deltaTokenAt(now));
    const from = deltaLink ? this.trackedFrom(deltaLink, now) : null;
    if (from === null) return { kind: 'snapshot', contacts: await this.listAll(), deltaLink: next };
    const r = await contactChanges(this.db, this.companyId, from);
    return { kind: 'changes', changed: r.changed, deletedIds: r.deleted.map((d) => d.id), deltaLink: next };
  }

  /** Where a link of this company's unfiltered contacts tracks from; null for any other link. */
  private trackedFrom(link: string, now: string): string | null {
    const tracked = trackedCompanyOf(link);
    if (tracked?.companyId !== this.companyId.toLowerCase()) return null;
    const options = [...tracked.url.searchParams.keys()];
    if (options.length !== 1 || options[0] !== '$deltatoken') return null;
    return deltaTokenStart(tracked.url.searchParams.get('$deltatoken') ?? '', now);
  }

  async getMany(ids: readonly string[]): Promise<BcContact[]> {
    const out: BcContact[] = [];
    for (const id of ids) {
      const c = await getContact(this.db, this.companyId, id);
      if (c) out.push(c);
    }
    return out;
  }

  async findByEmails(emails: readonly string[]): Promise<BcContact[]> {
    return findContactsByEmails(this.db, this.companyId, emails);
  }

  /** The company's own table (seeded ISO rows and what the company changed through the API, F41). */
  trackedCompany(deltaLink: string): string | null {
    return trackedCompanyOf(deltaLink)?.companyId ?? null;
  }

  async countriesRegions(): Promise<CountryRegion[]> {
    return (await listCountryTable(this.db, this.companyId)).map(({ code, displayName }) => ({
      code,
      displayName,
    }));
  }

  /** One transaction for the whole call (numbers taken at once, one INSERT): see insertContacts. */
  async create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> {
    const inputs = await Promise.all(drafts.map((d) => this.keyed(d)));
    return (await insertContacts(this.db, this.clock, this.companyId, inputs)).map(outcome);
  }

  /**
   * A draft with a create key gets the id the facade's BC API gives the same caller's create sent
   * with its Idempotency-Key (bc-api/batch.ts, bc-source.ts createContact): the pane's create of an
   * import over HTTP and the scheduler's here name one contact, so the second is answered the first
   * (lead's trust list, item 1). The key holds the company and the caller: no other company or
   * user can name it.
   */
  private async keyed(draft: BcContactDraft): Promise<BcContactDraft & { id?: string }> {
    const key = this.principal === undefined ? null : await createKeyOf(this.companyId, draft);
    if (key === null || this.principal === undefined) return draft;
    const writeKey = keyedWriteKey(this.principal, key);
    return { ...draft, id: keyedContactId(this.companyId, writeKey, createBody(draft)) };
  }

  /** The id `keyed` names the draft's contact by (null without a create key or a caller). */
  createdIdOf(draft: BcContactDraft): string | null {
    const key = this.principal === undefined ? null : createKeyOfNow(this.companyId, draft);
    if (key === null || this.principal === undefined) return null;
    return keyedContactId(this.companyId, keyedWriteKey(this.principal, key), createBody(draft));
  }

  /** As createdIdOf, asked after the fact (an entry the pane wrote, or one written before it). */
  async createdIdsAfter(drafts: readonly BcContactDraft[]): Promise<(string | null)[]> {
    return drafts.map((d) => this.createdIdOf(d));
  }

  async update(updates: readonly BcUpdate[]): Promise<WriteOutcome<BcContact>[]> {
    const out: WriteOutcome<BcContact>[] = [];
    for (const u of updates) {
      out.push(outcome(await updateContact(this.db, this.clock, this.companyId, u.id, u.etag, u.patch)));
    }
    return out;
  }
}

function outcome(r: RepoResult<BcContact>): WriteOutcome<BcContact> {
  if (r.ok) return { ok: true, value: r.value };
  // A contact write never meets a taken key ('exists' is the Country/Region table's).
  const error: PortError = {
    kind: r.error.kind === 'exists' ? 'invalid' : r.error.kind,
    message: r.error.message,
  };
  return { ok: false, error };
}
