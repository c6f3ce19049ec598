import { jsonAnswer, SCRIPTED_COMPANY } from './scripted-bc.js';

/*
 * A scripted Business Central that keeps a model of one company's contacts and changes it while a
 * client reads: `edits[k]` is applied when request k arrives, before it is answered, so edits fall
 * between the pages of a read (test/bc/paged-read-changes.property.test.ts). It speaks what
 * HttpBcContacts reads of BC API v2.0 change tracking:
 *   - the list ordered by its key (`number`, then id), keyset nextLinks (`$skiptoken` = the last
 *     row's key) as BC and the facade write them (server/bc-api/keyset.ts), the tracked read's
 *     start carried in them and its delta link on the last page;
 *   - `$skip` pages (offsets into the list as it is when the page is asked);
 *   - `$deltatoken` rounds: every contact changed since the token at its latest value, deleted ones
 *     as `@removed` rows; more than `maxDelta` changes is a 410 (`deltaPages: false`, the facade's
 *     refusal) or pages with a nextLink (`deltaPages: true`, as BC answers).
 * A token is the model's change counter: exact, where the facade's clock-based token carries a
 * margin (store/bc-delta-token.ts) that reports more, never less.
 */

export const BASE = 'https://bc.example/tenant/production/api/v2.0';
const CONTACTS = `${BASE}/companies(${SCRIPTED_COMPANY})/contacts`;

export interface ModelContact {
  readonly id: string;
  readonly number: string;
  readonly displayName: string;
}

export type Edit =
  | { kind: 'create'; number: string; displayName: string }
  | { kind: 'change'; pick: number; displayName: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'renumber'; pick: number; number: string };

const byKey = (a: ModelContact, b: ModelContact) =>
  a.number < b.number ? -1 : a.number > b.number ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export class ChangingBc {
  private readonly rows = new Map<string, ModelContact>();
  /** Per id, the counter at its latest change (create, change, delete). */
  private readonly changedAt = new Map<string, number>();
  private seq = 0;
  private made = 0;
  /** Requests answered so far. */
  requests = 0;
  /** The contacts as they were when the last request was answered (the end of a read). */
  lastAnswered: ModelContact[] = [];

  constructor(
    initial: readonly { number: string; displayName: string }[],
    private readonly options: { maxDelta: number; deltaPages: boolean; edits?: Edit[][] },
  ) {
    for (const c of initial) this.apply({ kind: 'create', ...c });
  }

  /** The current delta token (what a link taken now would track from). */
  token(): string {
    return String(this.seq);
  }

  contacts(): ModelContact[] {
    return [...this.rows.values()].sort(byKey);
  }

  /** One edit; a pick names a present contact by its place in key order (modulo their count). */
  apply(edit: Edit): void {
    const list = this.contacts();
    const picked = edit.kind === 'create' || list.length === 0 ? null : list[edit.pick % list.length]!;
    const used = new Set(list.map((c) => c.number));
    this.seq++;
    switch (edit.kind) {
      case 'create': {
        if (used.has(edit.number)) return;
        const id = idOf(++this.made);
        this.rows.set(id, { id, number: edit.number, displayName: edit.displayName });
        this.changedAt.set(id, this.seq);
        return;
      }
      case 'change':
        if (picked) this.rows.set(picked.id, { ...picked, displayName: edit.displayName });
        break;
      case 'renumber':
        if (!picked || used.has(edit.number)) return;
        this.rows.set(picked.id, { ...picked, number: edit.number });
        break;
      case 'delete':
        if (picked) this.rows.delete(picked.id);
        break;
    }
    if (picked) this.changedAt.set(picked.id, this.seq);
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    for (const edit of this.options.edits?.[this.requests] ?? []) this.apply(edit);
    this.requests++;
    const answer = this.answer(
      new URL(String(input instanceof Request ? input.url : input)),
      (init?.headers as Record<string, string> | undefined)?.prefer ?? '',
    );
    this.lastAnswered = this.contacts();
    return answer;
  }) as typeof fetch;

  private answer(url: URL, prefer: string): Response {
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 1000);
    const p = url.searchParams;
    const delta = p.get('$deltatoken');
    if (delta !== null) return this.delta(Number(delta), Number(p.get('$skiptoken') ?? 0));
    const list = this.contacts();
    const after = p.get('$skiptoken');
    const skip = Number(p.get('$skip') ?? 0);
    const from =
      after === null
        ? skip
        : (() => {
            const key = JSON.parse(Buffer.from(after, 'base64url').toString()) as [string, string];
            const at = list.findIndex((c) => byKey(c, { id: key[1], number: key[0], displayName: '' }) > 0);
            return at < 0 ? list.length : at;
          })();
    const page = list.slice(from, from + size);
    const start = p.get('trackfrom') ?? (prefer.includes('odata.track-changes') ? this.token() : null);
    const body: Record<string, unknown> = { value: page.map(wire) };
    if (from + size < list.length) {
      const last = page.at(-1)!;
      const next = new URLSearchParams();
      if (start !== null) next.set('trackfrom', start);
      next.set('$skiptoken', Buffer.from(JSON.stringify([last.number, last.id])).toString('base64url'));
      body['@odata.nextLink'] = `${CONTACTS}?${next}`;
    } else if (start !== null) body['@odata.deltaLink'] = `${CONTACTS}?$deltatoken=${start}`;
    return jsonAnswer(200, body);
  }

  /** Changes after `since`, in the order of their latest change, from the change `after` on. */
  private delta(since: number, after: number): Response {
    const changes = [...this.changedAt]
      .filter(([, at]) => at > since && at > after)
      .sort((a, b) => a[1] - b[1]);
    if (changes.length > this.options.maxDelta && !this.options.deltaPages)
      return jsonAnswer(410, { error: { code: 'BadRequest_DeltaTokenInvalid', message: 'too many' } });
    const page = changes.slice(0, this.options.maxDelta);
    const body: Record<string, unknown> = {
      value: page.map(([id]) => {
        const row = this.rows.get(id);
        return row ? wire(row) : { '@removed': { reason: 'deleted' }, id };
      }),
    };
    if (page.length < changes.length)
      body['@odata.nextLink'] = `${CONTACTS}?$deltatoken=${since}&$skiptoken=${page.at(-1)![1]}`;
    else body['@odata.deltaLink'] = `${CONTACTS}?$deltatoken=${this.seq}`;
    return jsonAnswer(200, body);
  }
}

const wire = (c: ModelContact) => ({
  '@odata.etag': `W/"${c.displayName}"`,
  id: c.id,
  number: c.number,
  displayName: c.displayName,
});
