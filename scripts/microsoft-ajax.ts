/**
 * MicrosoftAjax.js for tests that run Office.js with an Outlook host hint.
 *
 * Every Outlook host script of Office.js (outlook-web/win32/mac-*.js) requires the Microsoft Ajax
 * library and loads it from https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js; neither
 * @microsoft/office-js nor any other npm package ships it. Inside Outlook the CDN serves it; offline
 * tests take the same library (Microsoft's ASP.NET AJAX 3.5 script, Ms-PL) from Debian's Mono
 * package, where it is an embedded resource of System.Web.Extensions.dll.
 *
 *   tsx scripts/microsoft-ajax.ts        prints the path, fetching the package once (needs apt-get)
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MICROSOFT_AJAX_CDN = 'https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js';
/** The Debian package holding the library (System.Web.Extensions.dll, resource "MicrosoftAjax.js"). */
export const MICROSOFT_AJAX_DEBIAN_PACKAGE = 'libmono-system-web-extensions4.0-cil';
const DLL = 'usr/lib/mono/4.5/System.Web.Extensions.dll';

/**
 * The release build of MicrosoftAjax.js among the assembly's resources. .NET stores each manifest
 * resource as a 4-byte little-endian length followed by its bytes; the library's two builds (release
 * and debug) both begin with Microsoft's header comment naming "MicrosoftAjax.js".
 */
export function extractMicrosoftAjax(dll: Buffer): string {
  const found: string[] = [];
  const marker = Buffer.from('// MicrosoftAjax.js\r\n');
  for (let at = dll.indexOf(marker); at >= 0; at = dll.indexOf(marker, at + 1)) {
    for (let start = at; start > at - 400 && start >= 4; start--) {
      const length = dll.readUInt32LE(start - 4);
      if (length < 1000 || start + length > dll.length) continue;
      const text = dll
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      if (text.startsWith('//---') && text.trimEnd().endsWith('Sys.Application.notifyScriptLoaded();')) {
        found.push(text);
        break;
      }
    }
  }
  const release = found.sort((a, b) => a.length - b.length)[0];
  if (!release) throw new Error(`no MicrosoftAjax.js resource in ${DLL}`);
  return release;
}

function download(dir: string): void {
  try {
    execFileSync('apt-get', ['download', MICROSOFT_AJAX_DEBIAN_PACKAGE], { cwd: dir, stdio: 'pipe' });
  } catch {
    // A fresh machine may lack the package lists.
    execFileSync('apt-get', ['update'], { stdio: 'pipe' });
    execFileSync('apt-get', ['download', MICROSOFT_AJAX_DEBIAN_PACKAGE], { cwd: dir, stdio: 'pipe' });
  }
}

/** Path of a cached MicrosoftAjax.js under node_modules/.cache, fetched on first use. */
export function ensureMicrosoftAjax(root = '.'): string {
  const cacheDir = resolve(root, 'node_modules/.cache/microsoft-ajax');
  const file = join(cacheDir, 'MicrosoftAjax.js');
  if (existsSync(file)) return file;
  const work = mkdtempSync(join(tmpdir(), 'msajax-'));
  try {
    try {
      download(work);
    } catch (e) {
      throw new Error(
        `MicrosoftAjax.js comes from the Debian package ${MICROSOFT_AJAX_DEBIAN_PACKAGE} ` +
          `(apt-get download failed: ${(e as Error).message.split('\n')[0]})`,
      );
    }
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${MICROSOFT_AJAX_DEBIAN_PACKAGE} left no .deb`);
    execFileSync('dpkg-deb', ['-x', join(work, deb), join(work, 'x')], { stdio: 'pipe' });
    const script = extractMicrosoftAjax(readFileSync(join(work, 'x', DLL)));
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, script);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  console.log(ensureMicrosoftAjax());
