/** Headless Chromium as installed by apt (`apt-get install -y chromium`), with quiet flags. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The features playwright-core itself disables (its chromiumSwitches: HTTP kept on HTTP, no search
 * preconnects, no AI Mode or time queries at start, …). Chromium honours only the last
 * `--disable-features` on its command line (measured: with ours alone, http://pane.example.com/ was
 * upgraded to https, Playwright's HttpsUpgrades off lost), so ours repeats them;
 * test/lint/chromium-args.test.ts fails when Playwright's list gains a feature this one lacks.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The browser's own window UI (issue 12, pane first render). Headless Chromium 156 runs the full
 * browser, and every new context opens a window whose omnibox popup is a WebUI page ("WebUI Top
 * Renderer", chrome://omnibox-popup.top-chrome: lit, composebox, mojo bindings) loaded and laid out
 * as the pane loads. Traced on 2 cores: 0.6 s of CPU in that renderer within the pane's first 1.5 s,
 * beside the pane renderer's 0.6 s. An Outlook task pane has no such window UI.
 */
const WINDOW_UI_FEATURES = [
  'PreloadTopChromeWebUI',
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...WINDOW_UI_FEATURES].join(',')}`,
];
