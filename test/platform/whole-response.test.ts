import { describe, expect, test } from '@jest/globals';
import { withDeadline } from '../../src/platform/deadline.js';
import { WholeResponse } from '../../src/platform/whole-response.js';

// Issue 12 §2: an answer read to its end (withDeadline) is read again from the bytes it holds, not
// copied into a new body first. It still behaves as a Response: each way of reading its body gives
// the same content, once.

const JSON_BODY = '\uFEFF{"value":[{"id":"a","displayName":"Zoë Ærø 東京"}]}';
const bytesOf = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;
const init = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' } };
const made = () => new WholeResponse(bytesOf(JSON_BODY), init);

/** Every way a caller reads a body, to the text it holds (a BOM dropped, as text() does). */
const READS: Record<string, (r: Response) => Promise<string>> = {
  text: (r) => r.text(),
  json: async (r) => `\uFEFF${JSON.stringify(await r.json())}`,
  arrayBuffer: async (r) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer()),
  blob: async (r) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await r.blob()).arrayBuffer()),
  stream: async (r) => {
    const reader = r.body!.getReader();
    const parts: Uint8Array[] = [];
    for (let c = await reader.read(); !c.done; c = await reader.read()) parts.push(c.value);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(parts));
  },
};
const expected = (read: string) => (read === 'text' ? JSON_BODY.slice(1) : JSON_BODY);

describe('WholeResponse', () => {
  test.each(Object.keys(READS))(
    '%s gives the body, once; a second read of any kind is refused',
    async (name) => {
      const r = made();
      expect(r.bodyUsed).toBe(false);
      expect(await READS[name]!(r)).toBe(expected(name));
      expect(r.bodyUsed).toBe(true);
      for (const again of ['text', 'json', 'arrayBuffer'] as const)
        await expect(READS[again]!(r)).rejects.toBeInstanceOf(TypeError);
      expect(() => r.clone()).toThrow(TypeError);
    },
  );

  test.each(Object.keys(READS))('a clone and its original each give the body by %s', async (name) => {
    const r = made();
    const copy = r.clone();
    expect({ status: copy.status, type: copy.headers.get('content-type') }).toEqual({
      status: 200,
      type: 'application/json',
    });
    expect(await READS[name]!(copy)).toBe(expected(name));
    expect(await READS[name]!(r)).toBe(expected(name));
  });

  test('arrayBuffer hands over the bytes read, not a copy', async () => {
    const bytes = bytesOf(JSON_BODY);
    expect(await new WholeResponse(bytes, init).arrayBuffer()).toBe(bytes);
  });

  test('an answer without a body reads as empty text, and its JSON fails as a Response’s does', async () => {
    const none = new WholeResponse(null, { status: 204 });
    expect({ status: none.status, body: none.body, text: await none.text() }).toEqual({
      status: 204,
      body: null,
      text: '',
    });
    // Fetch's own errors come from another realm under jest: compared by name.
    await expect(new WholeResponse(null, { status: 204 }).json()).rejects.toMatchObject({
      name: 'SyntaxError',
    });
    await expect(new Response(null, { status: 204 }).json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  test('an answer through withDeadline (every adapter’s reads) holds the bytes it read, not a copy', async () => {
    const bytes = bytesOf(JSON_BODY);
    const answer = {
      status: 200,
      statusText: 'OK',
      headers: new Headers(init.headers),
      arrayBuffer: async () => bytes,
    };
    const call = withDeadline(async () => answer as unknown as Response, { timeoutMs: 30_000 });
    expect(await (await call('http://graph.test/v1.0/me/contacts')).arrayBuffer()).toBe(bytes);
    expect(await (await call('http://graph.test/v1.0/me/contacts')).text()).toBe(JSON_BODY.slice(1));
  });
});
