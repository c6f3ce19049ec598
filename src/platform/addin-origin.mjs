// The add-in's public origin: one rule for the build (webpack.config.js writes dist/manifest.xml)
// and the server (the manifest it serves, the origin it announces). Plain JavaScript with a
// declaration file beside it, because webpack.config.js imports it without a TypeScript loader.
//
// Rule: PUBLIC_ORIGIN when the operator names one (a host name behind a reverse proxy or tunnel);
// otherwise this machine as the server listens: its scheme (https unless HTTPS=0 or no certificate
// could be made) on `localhost` and the port it really listens on (PORT, or the one the OS chose
// for PORT=0). `localhost`, not 127.0.0.1: the dev certificate names localhost, and Outlook loads
// the manifest's URLs from the user's machine.

/** The origin manifest.xml is written with; every occurrence is replaced by the add-in's origin. */
export const MANIFEST_SOURCE_ORIGIN = 'https://localhost:3000';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why PUBLIC_ORIGIN is not an origin the add-in can be served from, or null when it is one:
 * `https://host[:port]` with no path, query, fragment or credentials (a trailing slash is
 * allowed); `http:` only for this machine's loopback names, since Outlook loads add-ins over HTTPS.
 * @param {string} value
 * @returns {string | null}
 */
export function publicOriginProblem(value) {
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return `${url.protocol} is not https: (Outlook loads add-ins over HTTPS; http only for localhost)`;
  if (url.username !== '' || url.password !== '') return 'it holds credentials';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(value))
    return 'it has a path, query or fragment (an origin is scheme, host and port only)';
  return null;
}

/**
 * @param {{ publicOrigin: string | null | undefined, https: boolean, port: number | string }} where
 * @returns {string} e.g. `https://localhost:3105`, or PUBLIC_ORIGIN as an origin (no trailing slash)
 * @throws {Error} when PUBLIC_ORIGIN is not an origin (publicOriginProblem); config.ts refuses it first
 */
export function addinOrigin(where) {
  const named = (where.publicOrigin ?? '').trim();
  if (named !== '') {
    const problem = publicOriginProblem(named);
    if (problem !== null) throw new Error(`PUBLIC_ORIGIN=${named}: ${problem}.`);
    return new URL(named).origin;
  }
  return `${where.https ? 'https' : 'http'}://localhost:${String(where.port)}`;
}

/**
 * The manifest as served from `origin`: every URL of the source origin moved to it (the pane,
 * icons, support page, AppDomain). Other URLs (namespaces, Microsoft's login) are left alone.
 * @param {string} xml the source manifest.xml
 * @param {string} origin from addinOrigin
 */
export function manifestFor(xml, origin) {
  // Escaped for XML attribute and text content, whatever the caller passes.
  const escaped = origin.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return xml.split(MANIFEST_SOURCE_ORIGIN).join(escaped);
}
