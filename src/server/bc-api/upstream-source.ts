import type { BcContact } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import type { Company, ContactWrite } from '../../store/bc-repository.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import type { BcSource } from './bc-source.js';
import type { ContactListQuery } from './odata-query.js';
import {
  STANDARD_TENANT,
  contactFromTenant,
  contactToTenant,
  needsCurrentName,
  parseContactProperties,
  passThrough,
} from './tenant-fields.js';
import type { TenantFields } from './tenant-fields.js';
import { TenantApi } from './upstream-api.js';
import type { TenantApiOptions } from './upstream-api.js';
import { changesFor, trackingTokenFor } from './upstream-tracking.js';
import type { OnBehalfOfToken, OnBehalfOfUser } from './on-behalf-of.js';

export { upstreamApiRoot } from './upstream-api.js';

export interface UpstreamBcSourceOptions extends TenantApiOptions {
  readonly clock: Clock;
  /** Tokens on behalf of a signed-in user (on-behalf-of.ts); null: app-only for everybody. */
  readonly onBehalfOf?: OnBehalfOfToken | null;
}

/** What is per tenant, not per caller: shared by the app-only source and its users' views. */
interface TenantCache {
  /**
   * Companies seen, by id, with when (monotonic ms): the routes check the company before every
   * contacts call, and that check must not cost an upstream request each time (issue 11 §2: one
   * upstream request per facade request). A company removed upstream meanwhile still answers 404
   * on the contacts call itself, and a user without BC permission on it gets BC's refusal there.
   */
  readonly companies: Map<string, { company: Company; at: number }>;
  /** The tenant's contact fields, read from its `$metadata` once an hour (not per request). */
  fields: { value: Promise<TenantFields>; at: number } | null;
}

type Json = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A real Business Central tenant behind the facade's routes: OData options pass through, contacts
 * map between API v2.0 and the facade shape under the fields the tenant's `$metadata` declares
 * (tenant-fields.ts): every synced field it has is read and written, one it lacks reads blank and
 * is never sent; without name parts they are split from `displayName` (and a write of parts
 * without a name composes it). Delta reads carry the tenant's own delta links (upstream-tracking.ts); HTTP to the tenant,
 * its errors and its links are upstream-api.ts's. This class keeps what is per tenant: the
 * companies seen and the fields of its `$metadata`, so a contacts call costs one upstream request.
 */
export class UpstreamBcSource implements BcSource {
  private readonly api: TenantApi;
  private readonly companies: TenantCache['companies'];

  constructor(
    private readonly options: UpstreamBcSourceOptions,
    private readonly cache: TenantCache = { companies: new Map(), fields: null },
  ) {
    this.api = new TenantApi(options);
    this.companies = cache.companies;
  }

  /**
   * The same tenant with the user's own BC permissions: every call carries an on-behalf-of token
   * for them (issue 10 §2). Companies and `$metadata` fields seen are shared (they are the
   * tenant's, not the caller's); BC checks the user's permissions on every call itself.
   */
  asUser(user: OnBehalfOfUser): BcSource | null {
    const obo = this.options.onBehalfOf;
    if (!obo) return null;
    return new UpstreamBcSource({ ...this.options, getToken: () => obo(user), onBehalfOf: null }, this.cache);
  }

  /**
   * The contact fields this tenant exposes, from `GET $metadata` (cached for FIELDS_TTL_MS; a
   * failed read is not cached). A document without a `contact` type is read as the standard set.
   */
  private tenantFields(): Promise<TenantFields> {
    const now = this.options.clock.monotonicMs();
    const cache = this.cache;
    if (cache.fields && now - cache.fields.at < FIELDS_TTL_MS) return cache.fields.value;
    const value = this.api
      .call('GET', '/$metadata', { headers: { accept: 'application/xml' } })
      .then(({ body }) => parseContactProperties(body) ?? STANDARD_TENANT);
    cache.fields = { value, at: now };
    value.catch(() => {
      if (cache.fields?.value === value) cache.fields = null;
    });
    return value;
  }

  async serverTime(): Promise<string> {
    // BC has no clock endpoint; its Date header is the server's time (to the second).
    const { headers } = await this.api.call('GET', '/companies');
    const date = Date.parse(headers.get('date') ?? '');
    return Number.isNaN(date) ? this.options.clock.now() : new Date(date).toISOString();
  }

  async listCompanies(): Promise<Company[]> {
    // Every page (F38): a tenant with more companies than a page names the rest in nextLinks.
    const list = (await this.api.readRows('/companies', {}, Infinity)).map(toCompany);
    for (const c of list) this.remember(c);
    return list;
  }

  async getCompany(companyId: string): Promise<Company | null> {
    const seen = this.companies.get(companyId.toLowerCase());
    if (seen && this.options.clock.monotonicMs() - seen.at < COMPANY_TTL_MS) return seen.company;
    const json = await this.api.getOrNull(`/companies(${companyId})`);
    if (!json) {
      this.companies.delete(companyId.toLowerCase());
      return null;
    }
    return this.remember(toCompany(json));
  }

  private remember(company: Company): Company {
    this.companies.set(company.id.toLowerCase(), { company, at: this.options.clock.monotonicMs() });
    return company;
  }

  async listContacts(companyId: string, query: ContactListQuery, limit: number): Promise<BcContact[]> {
    const fields = await this.tenantFields();
    const rows = await this.api.readRows(
      `/companies(${companyId})/contacts`,
      passThrough(query, limit, fields),
      limit,
    );
    return rows.map((j) => contactFromTenant(j, fields));
  }

  async getContact(companyId: string, id: string): Promise<BcContact | null> {
    const fields = await this.tenantFields();
    const json = await this.api.getOrNull(`/companies(${companyId})/contacts(${id})`);
    return json ? contactFromTenant(json, fields) : null;
  }

  /** The tenant's own Country/Region table (its codes may differ from ISO's). */
  async listCountriesRegions(companyId: string): Promise<CountryRegionRow[]> {
    const rows = await this.api.readRows(`/companies(${companyId})/countriesRegions`, {}, Infinity);
    return rows.map((j) => ({
      id: text(j.id),
      code: text(j.code),
      displayName: text(j.displayName),
      lastModifiedDateTime: text(j.lastModifiedDateTime),
    }));
  }

  async createContact(companyId: string, body: ContactWrite): Promise<BcContact> {
    const fields = await this.tenantFields();
    const { json } = await this.api.call('POST', `/companies(${companyId})/contacts`, {
      body: contactToTenant(body, null, fields),
    });
    return contactFromTenant(json, fields);
  }

  readonly updateContact: BcSource['updateContact'] = async (companyId, id, ifMatch, body) => {
    const path = `/companies(${companyId})/contacts(${id})`;
    const fields = await this.tenantFields();
    const current = needsCurrentName(body, fields) ? await this.api.getOrNull(path) : null;
    const { json } = await this.api.call('PATCH', path, {
      body: contactToTenant(body, current, fields),
      headers: { 'if-match': ifMatch },
    });
    return contactFromTenant(json, fields);
  };

  async deleteContact(companyId: string, id: string, ifMatch: string): Promise<void> {
    await this.api.call('DELETE', `/companies(${companyId})/contacts(${id})`, {
      headers: { 'if-match': ifMatch },
    });
  }

  /** The `$filter` a tracked read passes to the tenant (refused, as a list read, on fields it lacks). */
  private async trackedFilter(
    query: ContactListQuery,
  ): Promise<{ fields: TenantFields; filter: string | null }> {
    const fields = await this.tenantFields();
    const filter = passThrough({ ...query, orderBy: [], skip: 0, after: null }, null, fields).$filter ?? null;
    return { fields, filter };
  }

  /** A tracked read's delta token carries the tenant's own link (upstream-tracking.ts). */
  async trackingToken(companyId: string, query: ContactListQuery, start: string): Promise<string> {
    const { filter } = await this.trackedFilter(query);
    return trackingTokenFor(this.api.tracked, `/companies(${companyId})/contacts`, filter, start);
  }

  /**
   * Deletions come from the tenant's change tracking; nothing is kept in this process. A delta of
   * more than `limit` changes is not paged here (no position is written, so an `after` is not ours).
   */
  readonly changesSince: BcSource['changesSince'] = async (companyId, token, query, limit, after) => {
    if (after) return null;
    const { fields, filter } = await this.trackedFilter(query);
    const path = `/companies(${companyId})/contacts`;
    const r = await changesFor(
      this.api.tracked,
      { apiRoot: this.options.apiRoot, companyId, path, filter, limit },
      token,
    );
    if (r === null) return null;
    return {
      changed: r.changed.map((j) => contactFromTenant(j, fields)),
      deleted: r.deleted,
      token: r.token,
    };
  };
}

/** How long a company seen upstream is trusted without asking again (a company is rarely renamed). */
const COMPANY_TTL_MS = 5 * 60 * 1000;

function toCompany(j: Json): Company {
  return {
    id: text(j.id),
    name: text(j.name),
    displayName: text(j.displayName),
    businessProfileId: text(j.businessProfileId),
    lastModifiedDateTime: text(j.systemModifiedAt) || text(j.lastModifiedDateTime),
  };
}

/** How long the tenant's `$metadata` fields are trusted (they change with an upgrade or extension). */
const FIELDS_TTL_MS = 60 * 60 * 1000;
