// What Office.js loads inside Outlook, read from the @microsoft/office-js package itself, so the
// local copy (offline demo, tests) holds every file the library can request for an Outlook host.
//
// Facts taken from the package (dist/office.js, 1.1.x):
// - with a host hint ("_host_Info", window.external.GetHostInfo, window.name, sessionStorage) it loads
//   `<host>-<platform>-<version>.js`, the version capped by OSF.HostSpecificFileVersionMap;
// - without one (Office 2013 clients) it loads o15apptofilemappingtable.js, which picks
//   `outlook-15.xx.js` / `outlookwebapp-15.xx.js`;
// - `<locale>/office_strings.js` for the UI locale (OSF.SupportedLocales, en-us as fallback), and the
//   Outlook host scripts then load `<locale>/outlook_strings.js`;
// - relative script paths named in office.js and the host scripts (telemetry/oteljs_agave.js,
//   ariatelemetry/aria-web-telemetry.js);
// - MicrosoftAjax.js from ajax.aspnetcdn.com (absolute URL, not in the package).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the package keeps the library (node_modules/@microsoft/office-js/dist). */
export function officeJsDist(root) {
  return join(root, 'node_modules', '@microsoft', 'office-js', 'dist');
}

/** Parses a JS object literal of the minified library (unquoted keys, string values). */
function objectLiteral(source, name) {
  const start = source.indexOf(`${name}={`);
  if (start < 0) throw new Error(`office.js no longer defines ${name}; re-check what it loads`);
  let depth = 0;
  let i = start + name.length + 1;
  for (; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) break;
  }
  const literal = source
    .slice(start + name.length + 1, i + 1)
    .replace(/([{,])\s*([A-Za-z0-9_-]+)\s*:/g, '$1"$2":');
  return JSON.parse(literal);
}

/** Relative `*.js` paths in a subfolder that a script names as string literals. */
function namedSubfolderScripts(source) {
  return [...source.matchAll(/"([a-z0-9_-]+\/[a-z0-9_.-]+\.js)"/gi)]
    .map((m) => m[1])
    .filter((p) => !p.startsWith('/') && !/^[a-z]{2}(-[a-z]+)*\//.test(p));
}

/** Absolute URLs (scheme-relative) of scripts a library file loads from elsewhere. */
function externalScripts(source) {
  return [...new Set([...source.matchAll(/"(\/\/[a-z0-9.-]+\/[^"]+\.js)"/gi)].map((m) => `https:${m[1]}`))];
}

/**
 * Every file Office.js can request for an Outlook host, relative to its folder.
 * @param {string} dist the package's dist folder
 * @returns {{ files: string[], hostScripts: Record<string, string>, external: string[] }}
 *   files: the complete local copy; hostScripts: platform (web, win32, mac, ios) → host script;
 *   external: absolute URLs the host scripts load from other CDNs.
 */
export function outlookOfficeJsFiles(dist) {
  const officeJs = readFileSync(join(dist, 'office.js'), 'utf8');
  const versions = objectLiteral(officeJs, 'OSF.HostSpecificFileVersionMap').outlook ?? {};
  const hostScripts = Object.fromEntries(
    Object.entries(versions).map(([platform, version]) => [platform, `outlook-${platform}-${version}.js`]),
  );
  const top = readdirSync(dist);
  const o15 = top.filter((f) => /^outlook(webapp)?-15(\.\d+)?\.js$/.test(f));
  const locales = top.filter(
    (d) => statSync(join(dist, d)).isDirectory() && existsSync(join(dist, d, 'office_strings.js')),
  );
  const strings = locales.flatMap((l) =>
    ['office_strings.js', 'outlook_strings.js']
      .map((f) => `${l}/${f}`)
      .filter((p) => existsSync(join(dist, p))),
  );
  const scripts = [officeJs, ...Object.values(hostScripts).map((f) => readFileSync(join(dist, f), 'utf8'))];
  const named = scripts.flatMap(namedSubfolderScripts);
  const files = [
    ...new Set([
      'office.js',
      'o15apptofilemappingtable.js',
      ...Object.values(hostScripts),
      ...o15,
      ...strings,
      ...named,
    ]),
  ].sort();
  const missing = files.filter((f) => !existsSync(join(dist, f)));
  if (missing.length > 0) throw new Error(`@microsoft/office-js lacks ${missing.join(', ')}`);
  return { files, hostScripts, external: [...new Set(scripts.flatMap(externalScripts))].sort() };
}
