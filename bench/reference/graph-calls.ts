/**
 * Plain Graph calls for the reference clients, one HTTP request at a time, as Business Central's
 * AL code makes them (its HttpClient and the platform's Exchange table run sequentially).
 */
export interface GraphAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfterS: number | null;
}

export class SequentialGraph {
  requests = 0;
  throttled = 0;

  constructor(
    private readonly root: string,
    private readonly token: string,
  ) {}

  /** `path` is relative to the version root, or an absolute nextLink/deltaLink. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphAnswer> {
    this.requests++;
    const res = await fetch(path.startsWith('http') ? path : `${this.root}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status === 429) this.throttled++;
    const retryAfter = res.headers.get('retry-after');
    return {
      status: res.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      retryAfterS: retryAfter === null ? null : Number(retryAfter),
    };
  }

  /** Counts the 429s inside a $batch answer too (each item is throttled on its own). */
  countItems(responses: readonly { status: number }[]): void {
    for (const r of responses) if (r.status === 429) this.throttled++;
  }
}

export const normEmail = (e: unknown): string => (typeof e === 'string' ? e.trim().toLowerCase() : '');

export function firstEmail(contact: Record<string, unknown>): string {
  const list = contact.emailAddresses;
  if (!Array.isArray(list) || list.length === 0) return '';
  return normEmail((list[0] as { address?: unknown }).address);
}

/** The folder by name, created when missing (both of BC's algorithms bind to one named folder). */
export async function folderId(graph: SequentialGraph, base: string, name: string): Promise<string> {
  const filter = encodeURIComponent(`displayName eq '${name}'`);
  const found = await graph.send('GET', `${base}/contactFolders?$filter=${filter}`);
  const first = ((found.body.value as { id: string }[] | undefined) ?? [])[0];
  if (first) return first.id;
  const created = await graph.send('POST', `${base}/contactFolders`, { displayName: name });
  return created.body.id as string;
}
