import { isIP } from 'node:net';

/**
 * Why a request comes from another web origin, or null when it is same-origin or not from a
 * browser at all (curl, the CLI, tests send neither header).
 *
 * Browsers send `Sec-Fetch-Site` on every request and `Origin` on every cross-origin request and on
 * every POST/PUT/PATCH/DELETE (Fetch standard, "origin header" and "Sec-Fetch-Site"); a "simple"
 * cross-origin POST (form or `fetch(..., {mode: 'no-cors'})`) skips the CORS preflight but still
 * carries both, which is how a page is caught before the request has any effect.
 *
 * @param headers the request's headers (lower-case names, as Node gives them)
 * @param ownOrigin this server's origin as the browser sees it, e.g. `https://localhost:3000`
 */
export function crossOriginReason(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  ownOrigin: string,
): string | null {
  const site = one(headers['sec-fetch-site']);
  if (site !== null && site !== 'same-origin' && site !== 'none')
    return `Sec-Fetch-Site: ${site} (requests from other web pages are refused)`;
  const origin = one(headers.origin);
  if (origin !== null && origin.toLowerCase() !== ownOrigin.toLowerCase())
    return `Origin ${origin} is not ${ownOrigin} (requests from other web pages are refused)`;
  return null;
}

function one(v: string | string[] | undefined): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}

/**
 * Whether a bind address only accepts connections from this machine: `localhost`, 127.0.0.0/8,
 * `::1` and the IPv4-mapped `::ffff:127.x.y.z`. `0.0.0.0`, `::` and any other address are not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}
