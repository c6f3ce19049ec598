/**
 * Deletions from a real tenant through BC's change tracking (issue 11 §2; reference §5 "Filtering
 * and change tracking": `Prefer: odata.track-changes`, `@odata.deltaLink`, deleted records as
 * `$deletedEntity` rows with their `id`, 410 Gone for a link the service no longer serves).
 *
 * The facade's `contactChanges(since)` asks "what changed and what was deleted after `since`". A delta
 * link answers "since the link was made", so the source keeps checkpoints — delta links with the
 * tenant time by which each was made (its last page's Date header, plus the header's one-second
 * resolution) — and follows the newest one made no later than `since`: a superset of the changes
 * since then, and every deletion. Without such a checkpoint (first call after the process started,
 * or after a 410) the changes come from `lastModifiedDateTime gt since`, read with tracking so the
 * next call has one; deletions before that point are not known (a full sync removes their copies).
 * Checkpoints live in memory, per company and filter.
 */

type Json = Record<string, unknown>;

/** One GET to the tenant: a path under the API root with options, or an absolute link it gave. */
export type TenantGet = (
  target: { path: string; query: Record<string, string> } | { link: string },
  headers: Record<string, string>,
) => Promise<{ json: Json; date: number | null }>;

interface Checkpoint {
  /** Tenant time (ms) by which the link was made: it reports every change after this. */
  readonly at: number;
  readonly link: string;
}

export interface TrackedChanges {
  readonly changed: Json[];
  readonly deleted: { id: string; deletedAt: string }[];
}

/** Checkpoints kept per company and filter: enough for runs a few minutes apart to find one. */
const KEPT = 16;

const isDeleted = (row: Json): boolean =>
  (typeof row['@odata.context'] === 'string' && row['@odata.context'].endsWith('$deletedEntity')) ||
  row['@removed'] !== undefined;

export class UpstreamTracking {
  private readonly checkpoints = new Map<string, Checkpoint[]>();

  constructor(private readonly get: TenantGet) {}

  /**
   * Contacts changed after `since` (ISO 8601) and the ids deleted after it, for the contacts of
   * `path` matching `filter` (OData text, or null). Throws what `get` throws, except a 410 on a
   * checkpoint's link, which drops the company's checkpoints and reads by lastModifiedDateTime.
   */
  async changes(path: string, filter: string | null, since: string): Promise<TrackedChanges> {
    const key = `${path.toLowerCase()}\n${filter ?? ''}`;
    const sinceMs = Date.parse(since);
    const kept = this.checkpoints.get(key) ?? [];
    const from = [...kept].reverse().find((c) => c.at <= sinceMs);
    if (from) {
      try {
        return await this.follow(key, { link: from.link });
      } catch (e) {
        if ((e as { status?: unknown }).status !== 410) throw e;
        this.checkpoints.delete(key);
      }
    }
    const sinceFilter = `lastModifiedDateTime gt ${since}`;
    const $filter = filter ? `(${filter}) and ${sinceFilter}` : sinceFilter;
    return this.follow(key, { path, query: { $filter } });
  }

  /** Reads every page from `first` with tracking, keeps the delta link it ends with. */
  private async follow(
    key: string,
    first: { path: string; query: Record<string, string> } | { link: string },
  ): Promise<TrackedChanges> {
    const changed: Json[] = [];
    const deleted: { id: string; deletedAt: string }[] = [];
    let target = first;
    for (;;) {
      const { json, date } = await this.get(target, { prefer: 'odata.track-changes' });
      const when = new Date(date ?? Date.now()).toISOString();
      for (const row of Array.isArray(json.value) ? (json.value as Json[]) : []) {
        if (!isDeleted(row)) changed.push(row);
        else if (typeof row.id === 'string') deleted.push({ id: row.id, deletedAt: when });
      }
      const next = json['@odata.nextLink'];
      if (typeof next === 'string') {
        target = { link: next };
        continue;
      }
      const link = json['@odata.deltaLink'];
      if (typeof link === 'string' && date !== null) this.keep(key, { at: date + 1000, link });
      return { changed, deleted };
    }
  }

  private keep(key: string, checkpoint: Checkpoint): void {
    const list = [...(this.checkpoints.get(key) ?? []), checkpoint].sort((a, b) => a.at - b.at);
    this.checkpoints.set(key, list.slice(-KEPT));
  }
}
