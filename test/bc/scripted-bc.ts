import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { HttpBcContactsOptions } from '../../src/bc/http-bc-contacts.js';

/** The test company of the scripted BC tests (no facade behind it). */
export const SCRIPTED_COMPANY = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** A BC API answer as fetch gives it: JSON `body` (none when undefined) with `status` and `headers`. */
export const jsonAnswer = (status: number, body?: unknown, headers: Record<string, string> = {}): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * HttpBcContacts on a scripted fetch at `baseUrl` for SCRIPTED_COMPANY with a fixed token; nothing
 * waits (sleep resolves at once, no jitter); `options` adds to or overrides that.
 */
export function scriptedBc(
  baseUrl: string,
  fetchFn: typeof fetch,
  options: Partial<HttpBcContactsOptions> = {},
): HttpBcContacts {
  return new HttpBcContacts({
    baseUrl,
    companyId: SCRIPTED_COMPANY,
    getToken: async () => 'tok',
    fetch: fetchFn,
    sleep: async () => undefined,
    random: () => 0,
    ...options,
  });
}
