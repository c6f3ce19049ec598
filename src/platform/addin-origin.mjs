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

/**
 * @param {{ publicOrigin: string | null | undefined, https: boolean, port: number | string }} where
 * @returns {string} e.g. `https://localhost:3105`, or PUBLIC_ORIGIN without its trailing slashes
 */
export function addinOrigin(where) {
  const named = (where.publicOrigin ?? '').trim().replace(/\/+$/, '');
  if (named !== '') return named;
  return `${where.https ? 'https' : 'http'}://localhost:${String(where.port)}`;
}

/**
 * The manifest as served from `origin`: every URL of the source origin moved to it (the pane,
 * icons, support page, AppDomain). Other URLs (namespaces, Microsoft's login) are left alone.
 * @param {string} xml the source manifest.xml
 * @param {string} origin from addinOrigin
 */
export function manifestFor(xml, origin) {
  return xml.split(MANIFEST_SOURCE_ORIGIN).join(origin);
}
