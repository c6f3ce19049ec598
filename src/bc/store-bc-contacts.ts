import type { BcContact } from '../core/model.js';
import type {
  BcChanges,
  BcContactDraft,
  BcContacts,
  BcUpdate,
  Clock,
  PortError,
  WriteOutcome,
} from '../core/ports.js';
import { PortFailure } from '../core/ports.js';
import type { CountryRegion } from '../core/country.js';
import { FACADE_COUNTRIES_REGIONS } from '../store/bc-countries-regions.js';
import {
  contactChanges,
  findContactsByEmails,
  getContact,
  insertContact,
  listContacts,
  updateContact,
} from '../store/bc-repository.js';
import type { RepoResult, SqlCondition } from '../store/bc-repository.js';
import type { Db } from '../store/db.js';

/**
 * Parses an OData `$filter` into SQL; injected by the server (its parser lives with the routes) so
 * this adapter does not depend on the server. Without one, `odataFilter` is ignored: the port
 * allows a superset, and the engine evaluates its filter on what comes back.
 */
export type ODataToSql = (odataFilter: string) => SqlCondition;

/**
 * The engine's `BcContacts` port straight on the facade's store, for server-side runs (scheduler,
 * CLI through the server): no HTTP, same rules as the API (lengths, e-mail, etags, tombstones).
 */
export class StoreBcContacts implements BcContacts {
  readonly maxBatch = 100;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly companyId: string,
    private readonly odataToSql: ODataToSql | null = null,
  ) {}

  async serverTime(): Promise<string> {
    return this.clock.now();
  }

  private where(odataFilter: string | undefined): { where?: SqlCondition } {
    if (!odataFilter || !this.odataToSql) return {};
    try {
      return { where: this.odataToSql(odataFilter) };
    } catch (e) {
      throw new PortFailure('invalid', `The filter cannot be read: ${(e as Error).message}`);
    }
  }

  async listAll(options: { readonly odataFilter?: string } = {}): Promise<BcContact[]> {
    return listContacts(this.db, this.companyId, this.where(options.odataFilter));
  }

  async listChanges(since: string, options: { readonly odataFilter?: string } = {}): Promise<BcChanges> {
    const r = await contactChanges(this.db, this.companyId, since, this.where(options.odataFilter).where);
    return { changed: r.changed, deletedIds: r.deleted.map((d) => d.id) };
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

  async countriesRegions(): Promise<CountryRegion[]> {
    return FACADE_COUNTRIES_REGIONS.map(({ code, displayName }) => ({ code, displayName }));
  }

  async create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> {
    const out: WriteOutcome<BcContact>[] = [];
    for (const d of drafts) out.push(outcome(await insertContact(this.db, this.clock, this.companyId, d)));
    return out;
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
  const error: PortError = { kind: r.error.kind, message: r.error.message };
  return { ok: false, error };
}
