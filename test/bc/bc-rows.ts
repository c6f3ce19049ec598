/**
 * An in-memory table of BC contacts that answers the OData operations the BC adapter sends, for
 * scripted BC tests: POST adds a contact (etag W/"1"), PATCH changes one under If-Match (412 on
 * another etag, 404 on an unknown id; each change raises the etag's number), a GET with `$filter`
 * of `email eq '…'` and `id eq …` terms (joined by `or`) lists the contacts matching any of them.
 */

/** A contact row as the API answers it (`id`, `@odata.etag` and the contact's fields). */
export type Row = Record<string, unknown>;

/** One operation: a `$batch` request's entry, or a plain call (`id` '-'). `url` is relative to the API base. */
export interface Op {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Row;
}

/** The scripted BC API's base URL (no server behind it). */
export const ROWS_BASE = 'https://bc.example/api/v2.0';

/** The id BC gives the `n`th contact made (0-based). */
export const rowId = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

/** Answers `op` on `rows` (changing them), as BC would. */
export function applyOn(rows: Row[]): (op: Op) => { status: number; body: Row } {
  return (op) => {
    if (op.method === 'POST') {
      const row = { id: rowId(rows.length), '@odata.etag': 'W/"1"', ...op.body };
      rows.push(row);
      return { status: 201, body: row };
    }
    if (op.method === 'PATCH') {
      const id = decodeURIComponent(/contacts\(([^)]*)\)$/.exec(op.url)?.[1] ?? '');
      const row = rows.find((r) => r.id === id);
      if (!row) return { status: 404, body: { error: { code: 'Internal_RecordNotFound' } } };
      if (row['@odata.etag'] !== op.headers?.['if-match'])
        return { status: 412, body: { error: { code: 'Request_EntityChanged' } } };
      Object.assign(row, op.body, {
        '@odata.etag': `W/"${Number(/\d+/.exec(String(row['@odata.etag']))?.[0]) + 1}"`,
      });
      return { status: 200, body: row };
    }
    const filter = new URL(`${ROWS_BASE}/${op.url}`).searchParams.get('$filter') ?? '';
    const emails = [...filter.matchAll(/email eq '([^']*)'/g)].map((m) => m[1]!.toLowerCase());
    const ids = [...filter.matchAll(/id eq ([0-9a-f-]{36})/gi)].map((m) => m[1]!.toLowerCase());
    const value = rows.filter(
      (r) => emails.includes(String(r.email).toLowerCase()) || ids.includes(String(r.id).toLowerCase()),
    );
    return { status: 200, body: { value } };
  };
}
