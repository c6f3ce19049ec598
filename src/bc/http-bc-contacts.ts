import { SYNC_FIELDS, normalizeEmail } from '../core/model.js';
import type { BcContact } from '../core/model.js';
import type {
  BcContactDraft,
  BcContacts,
  BcRead,
  BcUpdate,
  CreatesAnswered,
  SendAgain,
  PageBeat,
  WriteOutcome,
} from '../core/ports.js';
import type { CountryRegion } from '../core/country.js';
import { BcApiError } from './bc-api-error.js';
import { MAX_BATCH_OPERATIONS } from './bc-batch.js';
import type { BatchOperation, OperationOutcome } from './bc-batch.js';
import { emailFilters, idFilters, query, str, toBcContact, values } from './bc-wire.js';
import { TextPool } from '../core/text-pool.js';
import type { Json } from './bc-wire.js';
import { BcHttp, portFailure, portFailureOf } from './bc-http.js';
import type { BcHttpOptions } from './bc-http.js';
import { isRemovedRow, relativeDeltaLink, removedIdOf, trackedCompanyOf } from './delta-link.js';
import { heldStill, readByOffsets } from './offset-reads.js';
import { spreadBatches } from './spread-batches.js';
import { createKeyOf } from './create-key.js';
import { createdIdsAfter } from './created-ids.js';

export interface HttpBcContactsOptions extends BcHttpOptions {
  readonly companyId: string;
  /** The company's `displayName` as BC listed it, where the caller has it (F104). */
  readonly companyName?: string;
}

/** Whole tracked reads a snapshot tries before it fails: a closing round refused means read again. */
const READ_ATTEMPTS = 3;
/** Page size of the filtered reads sent together in a `$batch` (an id read matches at most 40). */
const FILTERED_PAGE_SIZE = 100;

/**
 * The engine's `BcContacts` port over a Business Central API v2.0 (`…/api/v2.0`) for one company:
 * the facade's or a tenant's, with BC's protocol only — deletions and delta reads come from BC's
 * change tracking (delta links, delta-link.ts). Browser-safe: only fetch and timers.
 */
export class HttpBcContacts implements BcContacts {
  /** BC's $batch limit: one call's writes can go in one request. */
  readonly maxBatch = MAX_BATCH_OPERATIONS;
  readonly companyId: string;
  readonly companyName?: string;
  /** BC's HTTP: attempts, retries, paged reads (bc-http.ts). */
  private readonly http: BcHttp;
  private readonly company: string;
  /** The company's path under the root (what a `$batch` operation names). */
  private readonly companyPath: string;

  constructor(private readonly options: HttpBcContactsOptions) {
    this.http = new BcHttp(options);
    this.companyId = options.companyId;
    if (options.companyName) this.companyName = options.companyName;
    this.companyPath = `companies(${options.companyId})`;
    this.company = `${this.http.root}/${this.companyPath}`;
  }

  stats(): { requests: number; throttled: number } {
    return this.http.stats();
  }

  async listAll(): Promise<BcContact[]> {
    return this.http.readPages(`${this.company}/contacts`);
  }

  /**
   * A tracked read: from the delta link when it tracks this company's contacts (moved onto this
   * adapter's API root, so a link saved by another host serves here too), else every contact with
   * `Prefer: odata.track-changes`. A link the service refuses (410 Gone, or 400/404 for a token it
   * cannot read) falls back to the full read; other failures throw PortFailure.
   */
  async readChanges(deltaLink: string | null, onPage?: PageBeat): Promise<BcRead> {
    const tracked = deltaLink ? trackedCompanyOf(deltaLink) : null;
    if (tracked && tracked.companyId === this.options.companyId.toLowerCase()) {
      try {
        // By id, the later row kept: a delta of several pages reports a contact changed or deleted
        // while they were read again on a later page, and the engine takes each contact once.
        const byId = new Map<string, BcContact | null>();
        const pool = new TextPool();
        const { link } = await this.readTracked(
          `${this.company}/contacts${tracked.url.search}`,
          onPage,
          (page) => {
            for (const row of page) {
              const gone = isRemovedRow(row) ? removedIdOf(row) : null;
              if (gone !== null) byId.set(gone, null);
              else if (!isRemovedRow(row)) byId.set(str(row.id), toBcContact(row, pool));
            }
          },
        );
        const changed = [...byId.values()].filter((c): c is BcContact => c !== null);
        const deletedIds = [...byId].filter(([, c]) => c === null).map(([id]) => id);
        return { kind: 'changes', changed, deletedIds, deltaLink: link };
      } catch (e) {
        if (!(e instanceof BcApiError && [400, 404, 410].includes(e.status))) throw portFailure(e);
      }
    }
    try {
      return await this.readWhole(onPage);
    } catch (e) {
      throw portFailure(e);
    }
  }

  /**
   * Every contact by BC's tracked read; when it took more than one page, a closing round from its
   * delta link then tells what changed while the pages were read: a changed contact is taken as the
   * round reports it, a deleted one is dropped, and one read twice counts once (by id). Keyset
   * pages (BC's, and the facade's: server/bc-api/keyset.ts) miss no contact that stays in place,
   * but one renumbered from a page not yet read to one already read is read by no page, and a
   * contact missing from a whole read would have its Outlook copy deleted: the round reports it.
   * A round the service refuses (410: more changes than it answers at once) reads the list again,
   * at most READ_ATTEMPTS times. The link returned is the read's: what the round reported is
   * reported again by the next delta, harmlessly.
   */
  private async readWhole(onPage?: PageBeat): Promise<BcRead> {
    for (let attempt = 1; ; attempt++) {
      const contacts = new Map<string, BcContact>();
      // One pool for the read: a company's contacts share their company's texts (text-pool.ts).
      const pool = new TextPool();
      const { link, pages } = await this.readTracked(`${this.company}/contacts`, onPage, (rows) => {
        for (const row of rows) if (!isRemovedRow(row)) contacts.set(str(row.id), toBcContact(row, pool));
      });
      const since = pages > 1 ? trackedCompanyOf(link) : null;
      try {
        if (since)
          await this.readTracked(`${this.company}/contacts${since.url.search}`, onPage, (rows) => {
            for (const row of rows) {
              if (!isRemovedRow(row)) contacts.set(str(row.id), toBcContact(row, pool));
              else contacts.delete(removedIdOf(row) ?? '');
            }
          });
        return { kind: 'snapshot', contacts: [...contacts.values()], deltaLink: link };
      } catch (e) {
        if (!(e instanceof BcApiError && [400, 404, 410].includes(e.status)) || attempt >= READ_ATTEMPTS)
          throw e;
      }
    }
  }

  /**
   * Every contact with a fresh delta link, for a run that reads BC whole (issue 12 §2: a full sync
   * with nothing changed at 50,000 paged BC's tracked read 51 times, one page after another). With
   * a link that tracks this company, one round from it yields the fresh link, then the list is read
   * on READ_LANES lanes by `$skip` (BC orders a list by its key), then a closing round from the
   * fresh link tells whether the offsets held: a row deleted, or one that moved (its number
   * changed, or it was not read), shifts the rows behind it back a place, so a row at a page's edge
   * may have been read by no lane — and a contact missing from a whole read would have its Outlook
   * copy deleted. A row renumbered and read on both sides of its move, or moved away and back, is
   * one the round cannot show (it reports a row's last state): the pages overlap by a row, and
   * pages that do not meet (offset-reads.ts edgesMet) show it. Then it is the tracked read of
   * every page. Otherwise the closing round's rows
   * are the newer ones, and the fresh link is the first round's: what changed since is also in the
   * next round. Without such a link, or one the service refuses, it is `readChanges(null)`.
   */
  async readInFull(deltaLink: string | null, onPage?: PageBeat): Promise<BcRead> {
    const tracked = deltaLink ? trackedCompanyOf(deltaLink) : null;
    if (!tracked || tracked.companyId !== this.options.companyId.toLowerCase())
      return this.readChanges(null, onPage);
    const round = async (search: string) => {
      const rows: Json[] = [];
      const { link } = await this.readTracked(`${this.company}/contacts${search}`, onPage, (page) =>
        rows.push(...page),
      );
      return { rows, link };
    };
    try {
      const { link } = await round(tracked.url.search);
      if (link === '') return this.readChanges(null, onPage);
      const { rows, edgesMet } = await readByOffsets(
        this.http,
        `${this.company}/contacts`,
        this.options.pageSize ?? 1000,
        onPage,
      );
      const since = trackedCompanyOf(link);
      const closing = since ? await round(since.url.search) : null;
      if (!closing || !edgesMet || !heldStill(rows, closing.rows)) return this.readChanges(null, onPage);
      for (const row of closing.rows) rows.set(str(row.id), toBcContact(row));
      return { kind: 'snapshot', contacts: [...rows.values()], deltaLink: link };
    } catch (e) {
      if (!(e instanceof BcApiError && [400, 404, 410].includes(e.status))) throw portFailure(e);
      return this.readChanges(null, onPage);
    }
  }

  /**
   * Every page from `first` with change tracking, each page's rows handed to `take` as it comes
   * (a whole read keeps contacts, not the JSON of every page); the last page's delta link,
   * relative ('' without), and how many pages there were.
   */
  private async readTracked(
    first: string,
    onPage: PageBeat | undefined,
    take: (rows: Json[]) => void,
  ): Promise<{ link: string; pages: number }> {
    const walk = this.http.walk();
    const prefer = `odata.track-changes, odata.maxpagesize=${this.options.pageSize ?? 1000}`;
    for (let url = first, pages = 1; ; pages++) {
      walk.check(url);
      const json = await this.http.send('GET', url, undefined, { prefer });
      take(values(json));
      await onPage?.();
      const next = json['@odata.nextLink'];
      if (typeof next !== 'string') {
        const link = json['@odata.deltaLink'];
        return { link: typeof link === 'string' ? relativeDeltaLink(link, this.options.baseUrl) : '', pages };
      }
      url = next;
    }
  }

  /** `id eq … or …` reads (idFilters), sent together in `$batch`es; in the caller's order. */
  async getMany(ids: readonly string[]): Promise<BcContact[]> {
    const out = await this.readFiltered(idFilters(ids));
    const byId = new Map(out.map((c) => [c.id.toLowerCase(), c]));
    return ids.flatMap((id) => byId.get(id.toLowerCase()) ?? []);
  }

  /** `email eq …` reads (emailFilters), sent together in `$batch`es; compared again here. */
  async findByEmails(emails: readonly string[]): Promise<BcContact[]> {
    const out = new Map((await this.readFiltered(emailFilters(emails))).map((c) => [c.id, c]));
    const keys = new Set(emails.map(normalizeEmail).filter((e) => e !== ''));
    return [...out.values()].filter((c) => keys.has(normalizeEmail(c.email)));
  }

  /** Every contact matching any of these filters (see `readFilteredRows`). */
  private async readFiltered(filters: readonly string[]): Promise<BcContact[]> {
    return (await this.readFilteredRows(filters)).map((j) => toBcContact(j));
  }

  /**
   * Rows matching any of these filters: one plain read for one filter, else the reads go as GET
   * operations of `$batch`es; a page that has more follows its nextLink on its own.
   */
  private async readFilteredRows(filters: readonly string[]): Promise<Json[]> {
    if (filters.length === 0) return [];
    if (filters.length === 1)
      return this.http.readRows(`${this.company}/contacts${query({ $filter: filters[0] })}`);
    // Small pages: a $batch may answer at most 10,000 entities (the facade's batch-budget.ts), so
    // 100 reads ask for 100 each; a filter matching more follows its nextLink on its own.
    const size = Math.min(this.options.pageSize ?? 1000, FILTERED_PAGE_SIZE);
    const pageSize = { prefer: `odata.maxpagesize=${size}` };
    const outcomes = await spreadBatches(
      this.http,
      filters.map((f) => ({
        method: 'GET',
        url: `${this.companyPath}/contacts${query({ $filter: f })}`,
        headers: pageSize,
      })),
    );
    const rows: Json[] = [];
    for (const o of outcomes) {
      if (!o.ok) throw portFailureOf(o.error);
      rows.push(...values(o.body));
      const next = o.body['@odata.nextLink'];
      if (typeof next === 'string') rows.push(...(await this.http.readRows(next)));
    }
    return rows;
  }

  /** `GET companies({id})/countriesRegions`, every page (BC API v2.0; the facade serves the same). */
  trackedCompany(deltaLink: string): string | null {
    return trackedCompanyOf(deltaLink)?.companyId ?? null;
  }

  async countriesRegions(): Promise<CountryRegion[]> {
    const rows = await this.http.readRows(`${this.company}/countriesRegions`);
    return rows.map((j) => ({ code: str(j.code), displayName: str(j.displayName) }));
  }

  /**
   * POSTs: one request for one draft, else `$batch`es (see `spreadBatches`); results in the drafts'
   * order. `answered` is told of each envelope's outcomes as it settles (envelopes growing from a
   * small first one, so the first answers come early).
   */
  async create(
    drafts: readonly BcContactDraft[],
    answered?: CreatesAnswered,
    again?: SendAgain,
  ): Promise<WriteOutcome<BcContact>[]> {
    // A draft's create key goes as its Idempotency-Key (create-key.ts): inside a `$batch` the
    // operation's own, alone the request's; the facade makes one contact of one key and body.
    const keys = await Promise.all(drafts.map((d) => createKeyOf(this.companyId, d)));
    const ops = drafts.map((draft, n): BatchOperation => {
      const body: Json = { type: draft.type };
      for (const f of SYNC_FIELDS) body[f] = draft[f];
      const key = keys[n];
      return {
        method: 'POST',
        url: `${this.companyPath}/contacts`,
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
        body,
      };
    });
    return this.writeAll(ops, answered, again);
  }

  /** The ids the facade gives these drafts' creates for this caller, asked after (created-ids.ts). */
  async createdIdsAfter(drafts: readonly BcContactDraft[]): Promise<(string | null)[]> {
    return createdIdsAfter(this.http, this.company, drafts);
  }

  /** PATCHes with If-Match (each contact's etag): as `create`; results in order. */
  async update(updates: readonly BcUpdate[], again?: SendAgain): Promise<WriteOutcome<BcContact>[]> {
    const ops = updates.map((u): BatchOperation => ({
      method: 'PATCH',
      url: `${this.companyPath}/contacts(${encodeURIComponent(u.id)})`,
      headers: { 'if-match': u.etag },
      body: { ...u.patch },
    }));
    return this.writeAll(ops, undefined, again);
  }

  /**
   * Writes go through `runBatch` alone (one plain request) or in `$batch`es: either way a write
   * whose outcome is unknown is checked (`checkWrites`) before it is sent again (issue 9 §5).
   */
  private async writeAll(
    ops: readonly BatchOperation[],
    answered?: CreatesAnswered,
    again?: SendAgain,
  ): Promise<WriteOutcome<BcContact>[]> {
    const outcomeOf = (o: OperationOutcome): WriteOutcome<BcContact> =>
      o.ok ? { ok: true, value: toBcContact(o.body) } : { ok: false, error: o.error.toPortError(true) };
    const told =
      answered &&
      ((at: readonly number[], list: readonly OperationOutcome[]) => answered(at, list.map(outcomeOf)));
    return (await spreadBatches(this.http, ops, (f) => this.readFilteredRows(f), told, again)).map(outcomeOf);
  }
}
