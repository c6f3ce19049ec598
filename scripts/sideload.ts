/**
 * `npm run sideload`: on Windows with office-addin-debugging available, registers the manifest and
 * starts Outlook; anywhere else prints the manual steps. Exits 0 then (like office-addin-debugging).
 *
 * office-addin-debugging is an optionalDependency (package.json): its peer chain
 * (office-addin-dev-settings → @microsoft/m365agentstoolkit-cli) needs the linkedom override to
 * resolve and native keytar to build, so npm installs it where that works (Windows) and skips it
 * elsewhere without failing `npm ci`. On Linux it could not sideload anyway ("platform not supported").
 * A configuration `npm start` refuses exits 2 with its reasons, writing nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { addinOrigin } from '../src/platform/addin-origin.mjs';
import { writeAddinManifest } from '../src/server/addin-manifest.js';
import { loadConfig } from '../src/server/config.js';

/**
 * The manifest to sideload: a file given as is; otherwise manifest.xml for the origin `npm start`
 * serves with this environment (PORT, HTTPS, PUBLIC_ORIGIN; the rule of addin-origin.mjs), written
 * into DATA_DIR — the source names https://localhost:3000 whatever the server listens on.
 */
function manifestToSideload(): { file: string; origin: string } {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    // `npm start` refuses this environment; a manifest made from the defaults instead would name
    // another origin and land in another folder, silently (helper newuser: PUBLIC_ORIGIN in dev
    // mode without DEV_PUBLIC_ORIGIN=1 wrote ./data/manifest.xml for https://localhost:3000).
    console.error(
      `npm run sideload: the configuration is refused, so no manifest is written:\n${loaded.errors.map((e) => `  ${e}`).join('\n')}`,
    );
    process.exit(2);
  }
  const { config } = loaded;
  const origin = addinOrigin({ publicOrigin: config.publicOrigin, https: config.https, port: config.port });
  const given = process.argv[2];
  if (given !== undefined && given !== 'manifest.xml') return { file: resolve(given), origin };
  const source = resolve(given ?? 'manifest.xml');
  if (!existsSync(source)) return { file: source, origin };
  return { file: writeAddinManifest(config.dataDir, origin, source), origin };
}

const { file: manifest, origin } = manifestToSideload();

function hasDebuggingTool(): boolean {
  const local = resolve(
    'node_modules/.bin/office-addin-debugging' + (process.platform === 'win32' ? '.cmd' : ''),
  );
  if (existsSync(local)) return true;
  const probe = spawnSync('npx', ['--no-install', 'office-addin-debugging', '--version'], {
    shell: process.platform === 'win32',
    stdio: 'ignore',
  });
  return probe.status === 0;
}

function manualSteps(reason: string): void {
  console.log(`Automatic sideloading is not available here (${reason}).

Start the product first:  npm start   (serves ${origin}/taskpane.html and the manifest)

Outlook on the web and new Outlook for Windows:
  1. Open https://aka.ms/olksideload (Outlook on the web opens the add-ins dialog).
  2. Choose "My add-ins".
  3. Under "Custom add-ins", choose "Add a custom add-in" > "Add from file...".
  4. Pick ${manifest} and confirm.
  5. Open a message: the "Contact sync" button is on the message's action bar (or under "Apps").

Classic Outlook for Windows / Outlook for Mac:
  1. File > Info > Manage Add-ins (Windows) or Get Add-ins (Mac) opens the same dialog.
  2. My add-ins > Add a custom add-in > Add from file... > ${manifest}.
  3. Trust the dev certificate first (npx office-addin-dev-certs install) so ${origin} loads.

Remove it again from My add-ins > Custom add-ins.`);
}

if (!existsSync(manifest)) {
  console.error(`No manifest at ${manifest}.`);
} else if (process.platform !== 'win32') {
  manualSteps(`Outlook desktop sideloading is Windows-only; this is ${process.platform}`);
} else if (!hasDebuggingTool()) {
  manualSteps('office-addin-debugging, an optional dependency, did not install here');
} else {
  const result = spawnSync('npx', ['office-addin-debugging', 'start', manifest, 'desktop', '--no-debug'], {
    shell: true,
    stdio: 'inherit',
  });
  if (result.status !== 0) manualSteps(`office-addin-debugging exited with ${result.status ?? 'a signal'}`);
}
process.exitCode = 0;
