import type { BcContact, ContactType } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import type { Company, ContactWrite } from '../../store/bc-repository.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import { HttpError } from '../http-error.js';
import type { BcSource } from './bc-source.js';
import type { ContactListQuery } from './odata-query.js';
import { filterProperties } from './odata-sql.js';
import { NO_NAME_PARTS, composeDisplayName, splitDisplayName } from './upstream-names.js';
import type { GetToken } from './upstream-token.js';
import { CallTimeoutError, DEFAULT_TIMEOUTS, withDeadline } from '../../platform/deadline.js';

/** The API v2.0 contact fields a real tenant has (page 30071); everything else is derived or blank. */
const UPSTREAM_TEXT = [
  'number',
  'displayName',
  'companyNumber',
  'companyName',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'country',
  'postalCode',
  'phoneNumber',
  'mobilePhoneNumber',
  'email',
  'website',
] as const;
const UPSTREAM_QUERYABLE = new Set<string>([
  ...UPSTREAM_TEXT,
  'id',
  'type',
  'privacyBlocked',
  'lastModifiedDateTime',
]);
/** Sent on writes; `number` is read-only in the facade, the rest BC's API lacks. */
const UPSTREAM_WRITABLE = [...UPSTREAM_TEXT.filter((f) => f !== 'number'), 'type', 'privacyBlocked'] as const;

export interface UpstreamBcSourceOptions {
  /** `${BC_BASE_URL}/${tenant}/${environment}/api/v2.0` (see `upstreamApiRoot`). */
  readonly apiRoot: string;
  readonly getToken: GetToken;
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
  /** Per call to the tenant, in milliseconds (default 60 s, BC_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

export function upstreamApiRoot(baseUrl: string, tenantId: string, environment: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/${encodeURIComponent(environment)}/api/v2.0`;
}

type Json = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A real Business Central tenant behind the facade's routes: OData options pass through, contacts
 * map between API v2.0 and the facade shape. Name parts are split from `displayName` (and a write
 * of parts without a name composes it); jobTitle, email2, faxNumber, territoryCode and
 * salespersonCode read blank and writes of them are ignored, because the standard API cannot carry
 * them. Deletions are invisible upstream (no track-changes), so `contactChanges` reports none.
 */
export class UpstreamBcSource implements BcSource {
  private readonly doFetch: typeof fetch;
  /**
   * Companies seen, by id, with when (monotonic ms): the routes check the company before every
   * contacts call, and that check must not cost an upstream request each time (issue 11 §2: one
   * upstream request per facade request). A company removed upstream meanwhile still answers 404
   * on the contacts call itself.
   */
  private readonly companies = new Map<string, { company: Company; at: number }>();

  constructor(private readonly options: UpstreamBcSourceOptions) {
    this.doFetch = withDeadline(options.fetch ?? ((i, init) => fetch(i, init)), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.bcMs,
    });
  }

  private async call(
    method: string,
    path: string,
    init: { query?: Record<string, string>; body?: Json; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; json: Json }> {
    const qs = init.query ? new URLSearchParams(init.query).toString().replaceAll('+', '%20') : '';
    const url = `${this.options.apiRoot}${path}${qs ? `?${qs}` : ''}`;
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await this.options.getToken()}`,
          accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (e) {
      const timedOut = e instanceof CallTimeoutError;
      throw new HttpError(
        timedOut ? 504 : 502,
        timedOut ? 'Upstream_Timeout' : 'Upstream_Unavailable',
        `Business Central did not answer: ${(e as Error).message}`,
      );
    }
    const json = res.status === 204 ? {} : ((await res.json().catch(() => ({}))) as Json);
    if (!res.ok) {
      const err = (json.error ?? {}) as Json;
      // 429 and 503 pass through with BC's Retry-After: the facade does not retry (one upstream
      // request per facade request, issue 11 §2); its caller's BC adapter waits as told, under the
      // retry policy Graph calls use. Other server faults are the gateway's (502).
      const status =
        res.status === 429 || res.status === 503 ? res.status : res.status >= 500 ? 502 : res.status;
      const retryAfter = res.headers.get('retry-after');
      throw new HttpError(
        status,
        text(err.code) || `Upstream_Http${res.status}`,
        text(err.message) || `HTTP ${res.status}`,
        undefined,
        retryAfter !== null && (status === 429 || status === 503) ? { 'retry-after': retryAfter } : undefined,
      );
    }
    return { status: res.status, headers: res.headers, json };
  }

  private async getOrNull(path: string): Promise<Json | null> {
    try {
      return (await this.call('GET', path)).json;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  }

  async serverTime(): Promise<string> {
    // BC has no clock endpoint; its Date header is the server's time (to the second).
    const { headers } = await this.call('GET', '/companies');
    const date = Date.parse(headers.get('date') ?? '');
    return Number.isNaN(date) ? this.options.clock.now() : new Date(date).toISOString();
  }

  async listCompanies(): Promise<Company[]> {
    const { json } = await this.call('GET', '/companies');
    const list = (Array.isArray(json.value) ? (json.value as Json[]) : []).map(toCompany);
    for (const c of list) this.remember(c);
    return list;
  }

  async getCompany(companyId: string): Promise<Company | null> {
    const seen = this.companies.get(companyId.toLowerCase());
    if (seen && this.options.clock.monotonicMs() - seen.at < COMPANY_TTL_MS) return seen.company;
    const json = await this.getOrNull(`/companies(${companyId})`);
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
    return this.readAll(`/companies(${companyId})/contacts`, this.passThrough(query, limit), limit);
  }

  async getContact(companyId: string, id: string): Promise<BcContact | null> {
    const json = await this.getOrNull(`/companies(${companyId})/contacts(${id})`);
    return json ? toContact(json) : null;
  }

  /** The tenant's own Country/Region table (its codes may differ from ISO's). */
  async listCountriesRegions(companyId: string): Promise<CountryRegionRow[]> {
    const rows = await this.readRows(`/companies(${companyId})/countriesRegions`, {}, Infinity);
    return rows.map((j) => ({
      id: text(j.id),
      code: text(j.code),
      displayName: text(j.displayName),
      lastModifiedDateTime: text(j.lastModifiedDateTime),
    }));
  }

  async createContact(companyId: string, body: ContactWrite): Promise<BcContact> {
    const { json } = await this.call('POST', `/companies(${companyId})/contacts`, {
      body: toUpstream(body, null),
    });
    return toContact(json);
  }

  async updateContact(
    companyId: string,
    id: string,
    ifMatch: string,
    body: ContactWrite,
  ): Promise<BcContact> {
    const path = `/companies(${companyId})/contacts(${id})`;
    const partsOnly = body.displayName === undefined && NAME_PARTS.some((f) => body[f] !== undefined);
    const current = partsOnly ? await this.getOrNull(path) : null;
    const { json } = await this.call('PATCH', path, {
      body: toUpstream(body, current),
      headers: { 'if-match': ifMatch },
    });
    return toContact(json);
  }

  async deleteContact(companyId: string, id: string, ifMatch: string): Promise<void> {
    await this.call('DELETE', `/companies(${companyId})/contacts(${id})`, {
      headers: { 'if-match': ifMatch },
    });
  }

  async contactChanges(companyId: string, since: string, query: ContactListQuery) {
    const sinceFilter = `lastModifiedDateTime gt ${since}`;
    const filter = query.filter ? `(${query.filter.text}) and ${sinceFilter}` : sinceFilter;
    const options = { ...this.passThrough({ ...query, filter: null, skip: 0 }, null), $filter: filter };
    const changed = await this.readAll(`/companies(${companyId})/contacts`, options, Infinity);
    return { changed, deleted: [] };
  }

  /** Our parsed options back to text, refusing fields a real tenant cannot filter or sort on. */
  private passThrough(query: ContactListQuery, limit: number | null): Record<string, string> {
    const used = [
      ...(query.filter ? filterProperties(query.filter.node) : []),
      ...query.orderBy.map((o) => o.field),
    ];
    const missing = used.find((f) => !UPSTREAM_QUERYABLE.has(f));
    if (missing) {
      throw new HttpError(
        400,
        'BadRequest',
        `The property '${missing}' is not available from the upstream Business Central API, so it cannot be used in $filter or $orderby.`,
      );
    }
    const out: Record<string, string> = {};
    if (query.filter) out.$filter = query.filter.text;
    if (query.orderBy.length > 0)
      out.$orderby = query.orderBy.map((o) => `${o.field} ${o.desc ? 'desc' : 'asc'}`).join(',');
    if (limit !== null) out.$top = String(limit);
    if (query.skip > 0) out.$skip = String(query.skip);
    return out;
  }

  /** Follows BC's nextLinks until `limit` contacts or the end. */
  private async readAll(path: string, query: Record<string, string>, limit: number): Promise<BcContact[]> {
    return (await this.readRows(path, query, limit)).map(toContact);
  }

  /** Follows BC's nextLinks until `limit` entities or the end. */
  private async readRows(path: string, query: Record<string, string>, limit: number): Promise<Json[]> {
    const out: Json[] = [];
    let page = await this.call('GET', path, { query });
    for (;;) {
      const value = Array.isArray(page.json.value) ? (page.json.value as Json[]) : [];
      out.push(...value);
      const next = page.json['@odata.nextLink'];
      if (out.length >= limit || typeof next !== 'string') return out.slice(0, limit);
      if (!next.startsWith(this.options.apiRoot)) {
        throw new HttpError(
          502,
          'Upstream_InvalidNextLink',
          'Business Central returned a nextLink outside its API root.',
        );
      }
      page = await this.call('GET', next.slice(this.options.apiRoot.length).split('?')[0]!, {
        query: Object.fromEntries(new URL(next).searchParams),
      });
    }
  }
}

const NAME_PARTS = ['firstName', 'middleName', 'surname'] as const;

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

function toContact(j: Json): BcContact {
  const type: ContactType = j.type === 'Company' ? 'Company' : 'Person';
  const displayName = text(j.displayName);
  const parts = type === 'Person' ? splitDisplayName(displayName) : NO_NAME_PARTS;
  const fields = Object.fromEntries(UPSTREAM_TEXT.map((f) => [f, text(j[f])])) as Record<
    (typeof UPSTREAM_TEXT)[number],
    string
  >;
  return {
    ...fields,
    ...parts,
    id: text(j.id),
    type,
    jobTitle: '',
    email2: '',
    faxNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: j.privacyBlocked === true,
    lastModifiedDateTime: text(j.lastModifiedDateTime),
    etag: text(j['@odata.etag']),
  };
}

/** The body a real tenant accepts; name parts without a name become the name. */
function toUpstream(body: ContactWrite, current: Json | null): Json {
  const out: Json = {};
  for (const f of UPSTREAM_WRITABLE) if (body[f] !== undefined) out[f] = body[f];
  if (body.displayName === undefined && NAME_PARTS.some((f) => body[f] !== undefined)) {
    const now = splitDisplayName(text(current?.displayName));
    const composed = composeDisplayName({
      firstName: body.firstName ?? now.firstName,
      middleName: body.middleName ?? now.middleName,
      surname: body.surname ?? now.surname,
    });
    if (composed !== '') out.displayName = composed;
  }
  return out;
}
