/**
 * An answer whose body was already read to its end (withDeadline in deadline.ts). Why not a
 * Response built from the bytes: the Fetch implementation copies a byte body when the Response is
 * built and again when it is read (issue 12 §2: a 50,000-contact full sync reads ~100 pages of
 * 0.7–1.5 MB from Graph and BC, each copied twice more before it was decoded — CPU, and large
 * allocations that bring on the collector). Here `text()`, `json()` and `arrayBuffer()` answer from
 * the bytes held, with no copy; the `body` stream (for `clone()`, `blob()`, stream readers) is made
 * only when pulled. Browser-safe (Response, ReadableStream, TextDecoder).
 *
 * As any Response, its body is read once: a second read rejects with a TypeError and `bodyUsed`
 * says it was read, whichever way.
 */
export class WholeResponse extends Response {
  readonly #held: Held;

  /** `bytes` null: a response without a body (204, 205, 304). */
  constructor(bytes: ArrayBuffer | null, init: ResponseInit) {
    const held: Held = { bytes: bytes === null ? null : new Uint8Array(bytes), read: false };
    super(
      held.bytes === null
        ? null
        : new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                const taken = take(held);
                if (taken.byteLength > 0) controller.enqueue(taken);
                controller.close();
              },
            },
            // Pulled only when read: a stream fills its queue up to the mark as soon as it is made.
            { highWaterMark: 0 },
          ),
      init,
    );
    this.#held = held;
  }

  override get bodyUsed(): boolean {
    return this.#held.read || super.bodyUsed;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    // The bytes view the whole buffer read for this answer (the constructor's): handed over as is.
    return bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  }

  override async text(): Promise<string> {
    // UTF-8 with a leading BOM dropped, as the Fetch standard's text() decodes.
    return new TextDecoder().decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const bytes = this.#held.bytes;
    return new WholeResponse(bytes === null ? null : (bytes.slice().buffer as ArrayBuffer), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }

  /** The bytes, once; an empty body has none. @throws TypeError when the body was read before. */
  #take(): Uint8Array {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    return take(this.#held);
  }
}

interface Held {
  bytes: Uint8Array | null;
  read: boolean;
}

function take(held: Held): Uint8Array {
  const bytes = held.bytes ?? new Uint8Array(0);
  held.bytes = null;
  held.read = true;
  return bytes;
}
