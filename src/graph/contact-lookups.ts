import { emailForms, normalizeEmail } from '../core/model.js';
import type { OutlookContact } from '../core/model.js';
import { runBatched } from './batch-runner.js';
import { BC_ID_PROPERTY, CONTACT_QUERY, fromGraphContact } from './contact-mapping.js';
import type { RawResponse } from './graph-client.js';
import { GraphError, toPortFailure } from './graph-error.js';
import type { GraphTransport, ItemRequest } from './graph-transport.js';
import type { GraphWalk } from './graph-walk.js';

/** What the look-ups need of a mailbox's contact reads (GraphContactReads). */
export interface LookupReads {
  readonly transport: GraphTransport;
  contactsUrl(folderId: string): string;
  /** The folder's whole list (1,000 a page). */
  listContacts(folderId: string): Promise<OutlookContact[]>;
}

/**
 * BC ids looked up by filtered lists at most (findByBcIds): 5 `$batch` requests of 20, about the
 * pages of a 5,000-contact folder's list; for more ids than that the list is read instead.
 */
const FILTERED_LOOKUPS_MAX = 100;

/** An OData string literal's body: a quote is written twice. */
function odataText(text: string): string {
  return text.replaceAll("'", "''");
}

/** Complete contacts by id, 20 GETs per $batch; ids no longer in the folder are left out. */
export async function getMany(
  reads: LookupReads,
  folderId: string,
  ids: readonly string[],
): Promise<OutlookContact[]> {
  if (ids.length === 0) return [];
  const requests: ItemRequest[] = ids.map((id) => ({
    method: 'GET',
    url: `${reads.contactsUrl(folderId)}/${encodeURIComponent(id)}?${CONTACT_QUERY}`,
  }));
  const results = await readBatched<OutlookContact | null>(reads.transport, requests, (raw) => {
    if (raw.status === 200) return fromGraphContact((raw.body ?? {}) as Record<string, unknown>);
    if (raw.status === 404) return null;
    return reads.transport.errorOf(raw);
  });
  return results.filter((r): r is OutlookContact => r !== null);
}

/**
 * The folder's contacts stamped with one of `bcIds`. Up to FILTERED_LOOKUPS_MAX ids: one filtered
 * list per id (`singleValueExtendedProperties/any(…)`), 20 to a $batch, so the cost follows the ids
 * asked, not the folder's size (issue 12 §2: a delta with a new BC contact, a lost create's
 * look-up). For more ids, the folder's list read once is cheaper. Graph's docs
 * (singlevaluelegacyextendedproperty-get) list contacts among the resources filtered by an extended
 * property's value but show string values only for messages and events: a filtered list Graph
 * refuses with a 400 is answered by the folder's list instead, so a look-up never fails for it;
 * so are lists that run to more pages than the folder's list has (FOLLOWED_PAGES_MAX).
 */
export async function findByBcIds(
  reads: LookupReads,
  folderId: string,
  bcIds: readonly string[],
): Promise<OutlookContact[]> {
  const wanted = new Set(bcIds.filter((b) => b !== ''));
  if (wanted.size === 0) return [];
  const property = odataText(BC_ID_PROPERTY);
  const filtered =
    wanted.size > FILTERED_LOOKUPS_MAX
      ? null
      : await listFiltered(
          reads,
          folderId,
          [...wanted].map(
            (b) =>
              `singleValueExtendedProperties/any(ep:ep/id eq '${property}' and ep/value eq '${odataText(b)}')`,
          ),
          true,
        );
  const found = filtered ?? (await reads.listContacts(folderId));
  // Graph compares the value case-insensitively: only the exact stamps count.
  return found.filter((c) => c.bcId !== '' && wanted.has(c.bcId));
}

/**
 * One `emailAddresses/any(a:a/address eq …)` list per address, 20 to a $batch; the folder's list
 * when the lists run to more pages than it has.
 */
export async function findByEmails(
  reads: LookupReads,
  folderId: string,
  emails: readonly string[],
): Promise<OutlookContact[]> {
  // Graph compares the address as a string: ask for both forms of an IDN domain (F57).
  const wanted = [...new Set(emails.flatMap(emailForms))];
  if (wanted.length === 0) return [];
  const found =
    (await listFiltered(
      reads,
      folderId,
      wanted.map((email) => `emailAddresses/any(a:a/address eq '${odataText(email)}')`),
    )) ?? (await reads.listContacts(folderId));
  const keys = new Set(wanted);
  return found.filter((c) => c.emailAddresses.some((e) => keys.has(normalizeEmail(e.address))));
}

/**
 * Pages of filtered lists read past their first (`@odata.nextLink`), all filters together: Graph
 * pages a filtered list as any list (up to `$top`, and fewer when it chooses), so more matches than
 * a page are on the pages after it. Past this many the folder's list (1,000 a page, read on lanes)
 * costs no more, and it is read instead: a look-up never answers with the first page only.
 */
const FOLLOWED_PAGES_MAX = 5;

/** One page of a filtered list: its contacts, and the link to the next page if there is one. */
interface FilteredPage {
  readonly contacts: OutlookContact[];
  readonly next: string | null;
}

/**
 * The contacts each `$filter` lists, 20 first pages to a $batch, then each list's further pages
 * by its nextLink (at most FOLLOWED_PAGES_MAX for all), each contact once. Null when the folder's
 * list is the better read: more pages than that, or (with `orNull`) a filter Graph refused as a
 * bad request (400).
 */
async function listFiltered(
  reads: LookupReads,
  folderId: string,
  filters: readonly string[],
  orNull = false,
): Promise<OutlookContact[] | null> {
  const requests: ItemRequest[] = filters.map((filter) => ({
    method: 'GET',
    url: `${reads.contactsUrl(folderId)}?$filter=${encodeURIComponent(filter)}&$top=1000&${CONTACT_QUERY}`,
  }));
  let refused = false;
  const results = await readBatched<FilteredPage>(reads.transport, requests, (raw) => {
    if (raw.status === 400 && orNull) {
      refused = true;
      return { contacts: [], next: null };
    }
    if (raw.status !== 200) return reads.transport.errorOf(raw);
    return filteredPage(raw.body);
  });
  if (refused) return null;
  const byId = new Map<string, OutlookContact>();
  const keep = (page: FilteredPage) => {
    for (const c of page.contacts) byId.set(c.id, c);
  };
  let followed = 0;
  const walk = reads.transport.walk();
  for (const first of results) {
    keep(first);
    for (let next = first.next; next !== null;) {
      if (++followed > FOLLOWED_PAGES_MAX) return null;
      const page = await readPage(reads.transport, next, walk);
      keep(page);
      next = page.next;
    }
  }
  return [...byId.values()];
}

/** A list page's contacts and nextLink. */
function filteredPage(body: unknown): FilteredPage {
  const page = (body ?? {}) as { value?: unknown[]; '@odata.nextLink'?: unknown };
  const items = (page.value ?? []) as Record<string, unknown>[];
  const next = page['@odata.nextLink'];
  return { contacts: items.map((j) => fromGraphContact(j)), next: typeof next === 'string' ? next : null };
}

/** The page at a nextLink (used verbatim, contracts §2) once `walk` let it go, failed as a PortFailure. */
async function readPage(transport: GraphTransport, url: string, walk: GraphWalk): Promise<FilteredPage> {
  try {
    walk.check(url);
    return filteredPage((await transport.request({ method: 'GET', url })).body);
  } catch (error) {
    throw toPortFailure(error);
  }
}

/**
 * GETs 20 to a `$batch`, each answer read by `settle`; the first item that failed fails the
 * whole read as a PortFailure. Reads are safe to resend, so nothing lost needs looking for.
 */
async function readBatched<T>(
  transport: GraphTransport,
  requests: readonly ItemRequest[],
  settle: (raw: RawResponse) => T | GraphError,
): Promise<T[]> {
  const results = await runBatched<T | GraphError>(transport, requests, {
    settle: (_i, raw) => ({ done: settle(raw) }),
    recoverLost: async () => new Map(),
    giveUp: (_i, error) => error,
  });
  const failure = results.find((r): r is GraphError => r instanceof GraphError);
  if (failure) throw toPortFailure(failure);
  return results as T[];
}
