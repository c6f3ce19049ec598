import { shownInput } from '../../platform/shown-input.js';
import type { BcContact } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import {
  contactChanges,
  deleteContact,
  getCompany,
  getContact,
  insertContact,
  insertContacts,
  listCompanies,
  listContacts,
  updateContact,
  updateContacts,
  keyedContactId,
} from '../../store/bc-repository.js';
import type { Company, ContactWrite, RepoError, RepoResult } from '../../store/bc-repository.js';
import type { Db } from '../../store/db.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import { insertCountryRegion, listCountryTable, updateCountryRegion } from '../../store/bc-country-table.js';
import type { CountryWrite } from '../../store/bc-country-table.js';
import { countryRowVersion } from './country-etag.js';
import { HttpError } from '../http-error.js';
import type { ContactListQuery } from './odata-query.js';
import { orderFields } from './contact-position.js';
import { filterToSql } from './odata-sql.js';
import { deltaTokenAt, deltaTokenStart } from '../../store/bc-delta-token.js';
import { decodeSkiptoken, encodeSkiptoken } from './keyset.js';

/**
 * Where the BC API routes get their data: the facade's own store (default) or a real Business
 * Central tenant upstream. Both speak the facade's contact shape (`BcContact`); failures are
 * HttpErrors with BC's codes, so the routes do not care which one answers.
 */
export interface BcSource {
  /** ISO 8601 UTC, from the clock of whatever holds the data. */
  serverTime(): Promise<string>;
  listCompanies(): Promise<Company[]>;
  getCompany(companyId: string): Promise<Company | null>;
  /** At most `limit` contacts from `query.skip` on; `query.top` is the caller's, `limit` the page's. */
  listContacts(companyId: string, query: ContactListQuery, limit: number): Promise<BcContact[]>;
  getContact(companyId: string, id: string): Promise<BcContact | null>;
  /** The company's Country/Region table (API v2.0 `countriesRegions`). */
  listCountriesRegions(companyId: string): Promise<CountryRegionRow[]>;
  /**
   * Writes to that table (F41): only the facade's own store has them; a tenant upstream keeps its
   * table in BC, where its users maintain it (the routes answer 405 without them).
   */
  readonly countryTable?: CountryTableWrites;
  /**
   * A new contact. `writeKey` (idempotency.ts writeKeyOf): the key of the request that asks, null
   * without one; a create asked again with the same key must not add a second contact (F75).
   */
  createContact(companyId: string, body: ContactWrite, writeKey?: string | null): Promise<BcContact>;
  /**
   * The id `createContact` gives a create of `body` with `writeKey`, without making it: a source
   * that names keyed creates' contacts (the facade's store, keyedContactId). Absent where the BC
   * names them itself (a tenant upstream): the contacts/bcsync.createdIds route answers null then.
   */
  keyedContactIdOf?(companyId: string, writeKey: string, body: ContactWrite): string;
  /**
   * Several new contacts at once, numbered in the list's order, each answered or refused on its
   * own as `createContact` would (a `$batch`'s creates: batch-creates.ts). Absent, they are made
   * one after another.
   */
  createContacts?(
    companyId: string,
    creates: readonly { readonly body: ContactWrite; readonly writeKey: string | null }[],
  ): Promise<PromiseSettledResult<BcContact>[]>;
  updateContact(companyId: string, id: string, ifMatch: string, body: ContactWrite): Promise<BcContact>;
  /**
   * Updates of distinct contacts at once, each answered or refused as `updateContact` would
   * (a `$batch`'s consecutive PATCHes: batch-patches.ts); absent where they go one after another.
   */
  updateContacts?(
    companyId: string,
    updates: readonly { readonly id: string; readonly ifMatch: string; readonly body: ContactWrite }[],
  ): Promise<PromiseSettledResult<BcContact>[]>;
  deleteContact(companyId: string, id: string, ifMatch: string): Promise<void>;
  /**
   * Change tracking (BC API v2.0): the token of a tracked read's delta link, made when its last page
   * is served. `start` is the token of the instant the read began (store/bc-delta-token.ts, taken
   * before its first page was read).
   */
  trackingToken(companyId: string, query: ContactListQuery, start: string): Promise<string>;
  /**
   * What changed since a token this source made (`query` carries the read's `$filter`/`$select`):
   * changed contacts, deleted ids and the next token; null when the token cannot be served (the
   * route answers 410 Gone and the client reads in full). `limit` bounds the work: a page of at most
   * `limit` changes, and `more` (an opaque position) when others follow — the route's nextLink
   * carries it back as `after`, and the page from there has the changes past it (a contact changed
   * meanwhile comes again, at its new place). A source that cannot page a delta answers more than
   * `limit` changes without `more` (the route then answers 410), or null for an `after` it did not
   * write.
   */
  changesSince(
    companyId: string,
    token: string,
    query: ContactListQuery,
    limit: number,
    after?: string | null,
  ): Promise<SourceChanges | null>;
  /**
   * This source acting with a signed-in user's own permissions (an upstream tenant reached on
   * behalf of the user, issue 10 §2); null when it has one access for everybody (the store, or
   * upstream without a delegated client: dev mode). `assertion` is the user's token to the facade.
   */
  asUser?(user: { readonly userId: string; readonly assertion: string }): BcSource | null;
}

export interface CountryTableWrites {
  create(companyId: string, body: CountryWrite): Promise<CountryRegionRow>;
  update(companyId: string, id: string, ifMatch: string, body: CountryWrite): Promise<CountryRegionRow>;
  delete(companyId: string, id: string, ifMatch: string): Promise<void>;
}

interface SourceChanges {
  readonly changed: BcContact[];
  readonly deleted: { id: string }[];
  /** The next delta link's token (used when no `more` follows). */
  readonly token: string;
  /** Where the next page of this delta starts; absent on its last page. */
  readonly more?: string;
}

export const MESSAGES = {
  entityChanged: 'Another user has already changed the record.',
  invalidToken:
    'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.',
} as const;

/** BC's error code for a store refusal. */
function repoErrorToHttp(error: RepoError): HttpError {
  switch (error.kind) {
    case 'notFound':
      return new HttpError(404, 'Internal_RecordNotFound', error.message);
    case 'stale':
      return new HttpError(409, 'Request_EntityChanged', MESSAGES.entityChanged);
    case 'exists':
      return new HttpError(400, 'Internal_EntityWithSameKeyExists', error.message);
    case 'invalid': {
      const r = error.reason;
      // BC's Country/Region Code relates to its Country/Region table; BC reports the missing record.
      if (r?.kind === 'unknownCountry') {
        return new HttpError(
          400,
          'Internal_RecordNotFound',
          `The Country/Region does not exist. Identification fields and values: Code='${shownInput(r.value)}'`,
          [{ target: r.field, message: error.message }],
        );
      }
      if (error.tooLong)
        return new HttpError(400, 'Application_StringExceededLength', error.message, [
          { target: error.tooLong.field, message: error.message },
        ]);
      const code =
        r?.kind === 'tooLong'
          ? 'Application_StringExceededLength'
          : r?.kind === 'invalidEmail'
            ? 'Application_InvalidEmail'
            : 'Application_InvalidValue';
      const target = r && 'field' in r ? [{ target: r.field, message: error.message }] : undefined;
      return new HttpError(400, code, error.message, target);
    }
  }
}

function unwrap<T>(r: RepoResult<T>): T {
  if (!r.ok) throw repoErrorToHttp(r.error);
  return r.value;
}

/** The facade's own contacts, in PGlite or PostgreSQL. */
export class StoreBcSource implements BcSource {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async serverTime(): Promise<string> {
    return this.clock.now();
  }

  listCompanies(): Promise<Company[]> {
    return listCompanies(this.db);
  }

  getCompany(companyId: string): Promise<Company | null> {
    return getCompany(this.db, companyId);
  }

  listContacts(companyId: string, query: ContactListQuery, limit: number): Promise<BcContact[]> {
    return listContacts(this.db, companyId, {
      ...(query.filter ? { where: filterToSql(query.filter.node) } : {}),
      // The order a skiptoken's position was written in (contact-position.ts), so the store's
      // order and the position's values agree by construction; the store breaks ties by id.
      orderBy: orderFields(query.orderBy),
      top: limit,
      skip: query.skip,
      ...(query.after ? { after: [...query.after.values, query.after.id] } : {}),
    });
  }

  getContact(companyId: string, id: string): Promise<BcContact | null> {
    return getContact(this.db, companyId, id);
  }

  listCountriesRegions(companyId: string): Promise<CountryRegionRow[]> {
    return listCountryTable(this.db, companyId);
  }

  readonly countryTable: CountryTableWrites = {
    create: async (companyId, body) =>
      unwrap(await insertCountryRegion(this.db, this.clock, companyId, body)),
    update: async (companyId, id, ifMatch, body) =>
      unwrap(
        await updateCountryRegion(this.db, this.clock, companyId, id, ifMatch, countryRowVersion, body),
      )!,
    delete: async (companyId, id, ifMatch) => {
      unwrap(await updateCountryRegion(this.db, this.clock, companyId, id, ifMatch, countryRowVersion, null));
    },
  };

  keyedContactIdOf(companyId: string, writeKey: string, body: ContactWrite): string {
    return keyedContactId(companyId, writeKey, body);
  }

  /**
   * With a `writeKey`, the contact's id is derived from it (keyedContactId), so a create run again
   * for the key (a resend after its process died mid-request) finds the contact the first run
   * committed, in the insert's own transaction, and answers it instead of adding one.
   */
  async createContact(companyId: string, body: ContactWrite, writeKey?: string | null): Promise<BcContact> {
    const id = writeKey ? keyedContactId(companyId, writeKey, body) : undefined;
    return unwrap(await insertContact(this.db, this.clock, companyId, { ...body, ...(id ? { id } : {}) }));
  }

  /** One transaction for all (insertContacts), each keyed as `createContact` keys it. */
  async createContacts(
    companyId: string,
    creates: readonly { readonly body: ContactWrite; readonly writeKey: string | null }[],
  ): Promise<PromiseSettledResult<BcContact>[]> {
    const inputs = creates.map(({ body, writeKey }) => {
      const id = writeKey ? keyedContactId(companyId, writeKey, body) : undefined;
      return { ...body, ...(id ? { id } : {}) };
    });
    return (await insertContacts(this.db, this.clock, companyId, inputs)).map((r) =>
      r.ok
        ? { status: 'fulfilled', value: r.value }
        : { status: 'rejected', reason: repoErrorToHttp(r.error) },
    );
  }

  readonly updateContact: BcSource['updateContact'] = async (companyId, id, ifMatch, body) => {
    return unwrap(await updateContact(this.db, this.clock, companyId, id, ifMatch, body));
  };

  /** One read and one statement for all (store updateContacts), each checked as `updateContact`. */
  async updateContacts(
    companyId: string,
    updates: readonly { readonly id: string; readonly ifMatch: string; readonly body: ContactWrite }[],
  ): Promise<PromiseSettledResult<BcContact>[]> {
    const inputs = updates.map(({ id, ifMatch, body }) => ({ id, ifMatch, patch: body }));
    return (await updateContacts(this.db, this.clock, companyId, inputs)).map((r) =>
      r.ok
        ? { status: 'fulfilled', value: r.value }
        : { status: 'rejected', reason: repoErrorToHttp(r.error) },
    );
  }

  async deleteContact(companyId: string, id: string, ifMatch: string): Promise<void> {
    unwrap(await deleteContact(this.db, this.clock, companyId, id, ifMatch));
  }

  async trackingToken(_companyId: string, _query: ContactListQuery, start: string): Promise<string> {
    return start;
  }

  /**
   * The token's instant, moved back by the margin; the next token is taken at the last page. Pages
   * follow the changes in the order they were made (time, then id; store contactChanges), `more`
   * naming the last one served (keyset.ts), so a contact changed or deleted while the pages are
   * read is served again past it, and none is skipped.
   */
  readonly changesSince: BcSource['changesSince'] = async (companyId, token, query, limit, after) => {
    const now = this.clock.now();
    const from = deltaTokenStart(token, now);
    if (from === null) return null;
    const where = query.filter ? filterToSql(query.filter.node) : undefined;
    const position = after ? decodeSkiptoken(after, ['datetime', 'guid']) : null;
    const r = await contactChanges(
      this.db,
      companyId,
      from,
      where,
      limit + 1,
      position ? { at: String(position[0]), id: String(position[1]) } : undefined,
    );
    const changes = [
      ...r.changed.map((c) => ({ at: c.lastModifiedDateTime, id: c.id, contact: c as BcContact | null })),
      ...r.deleted.map((d) => ({ at: d.deletedAt, id: d.id, contact: null })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = changes.slice(0, limit);
    const last = page.at(-1);
    return {
      changed: page.flatMap((c) => c.contact ?? []),
      deleted: page.filter((c) => c.contact === null).map(({ id }) => ({ id })),
      token: deltaTokenAt(now),
      ...(changes.length > limit && last ? { more: encodeSkiptoken([last.at, last.id]) } : {}),
    };
  };
}
