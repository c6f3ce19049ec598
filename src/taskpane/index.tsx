// First: it starts the words' download before the modules below are evaluated.
import { takeEarlyWords } from './early-words.js';
// Second: the first full screen's chunks start downloading too (early-parts.ts).
import './early-parts.js';
import { WaitsRelay } from '../core/run-waits.js';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { facadeApi } from './api/facade-api.js';
import { download, failureOf } from './api/failure.js';
import { tokenSourceFor } from './auth/tokens.js';
import { App, loadFirstData } from './components/App/index.js';
import { DEFAULT_DEMO_USER, emulatorFetch, graphRoot, readConfig } from './config.js';
import { paneRunner } from './engine/pane-runner.js';
import { serverRunner } from './engine/server-runner.js';
import { I18nProvider, loadMessages } from './i18n/index.js';
import { officeHost, withSenderPicker } from './office/office-host.js';
import type { OfficeHost } from './office/office-host.js';
import { resilientFetch } from './api/resilient-fetch.js';
import { ServicesContext } from './services.js';
import { paintShell, paneLang } from './shell.js';
import type { PaneServices } from './services.js';

/** Wires the pane after Office.onReady (at once in a plain browser: officeHost) and renders it. */
async function main(): Promise<void> {
  const config = readConfig(window.location);
  const host = await officeHost();
  // The browser demo on dev tokens gets a development-only sender picker for "This sender".
  const office = !host.inOffice && !config.clientId ? withSenderPicker(host) : host;
  const lang = paneLang(config.lang, office.displayLanguage, navigator.language);
  // Inside Office the shell waits for the host's language and theme (boot.ts paints it at once
  // elsewhere): shown while the words download. Painted once, whatever the retries.
  paintShell(document, lang, office.dark);
  const services = wire(config, office);
  // The user's data is asked for now, while the words arrive and React renders (App awaits it).
  const started = loadFirstData(services.api);
  started.catch(() => undefined);
  const [messages, theme] = await Promise.all([
    // Started at load when the page decides the language (`?lang=`, a plain browser): early-words.ts.
    takeEarlyWords(lang) ?? loadMessages(lang),
    office.dark
      ? download(() => import('./layout/dark-theme.js')).then((m) => m.webDarkTheme)
      : webLightTheme,
  ]);
  document.documentElement.lang = lang;
  const container = document.getElementById('root');
  if (!container) throw new Error('The page has no #root element.');
  createRoot(container).render(
    <FluentProvider theme={theme}>
      <I18nProvider lang={lang} messages={messages}>
        <ServicesContext.Provider value={services}>
          <App started={started} />
        </ServicesContext.Provider>
      </I18nProvider>
    </FluentProvider>,
  );
}

/** The pane's services: tokens, the resilient fetch, the facade and the run starter. */
function wire(config: ReturnType<typeof readConfig>, office: OfficeHost): PaneServices {
  const demoUser = config.demoUser ?? DEFAULT_DEMO_USER;
  const tokens = tokenSourceFor(config, office, demoUser);
  const graphBaseUrl = graphRoot(config);
  // The waits of the pane fetch's retries, said by the run going in the pane (pane-engine.ts).
  const waitsRelay = new WaitsRelay();
  // Every request of the pane: timeouts, retries of transient failures, a fresh token after a 401.
  const net = resilientFetch((input, init) => fetch(input, init), {
    waits: waitsRelay,
    serviceOf: (url) =>
      url.startsWith(graphBaseUrl)
        ? 'outlook'
        : url.startsWith(`${config.origin}/api/`)
          ? 'bc'
          : url.startsWith(`${config.origin}/sync/`)
            ? 'sync'
            : null,
    renewToken: (url) => tokens.renew(url.startsWith(graphBaseUrl) ? 'graph' : 'facade'),
    // The facade keeps the first answer per key (issue 9); Graph knows no such header.
    idempotencyKeyFor: (url) => url.startsWith(`${config.origin}/`) && !url.startsWith(graphBaseUrl),
  });
  const graphFetch = emulatorFetch(config, net) ?? net;
  const api = facadeApi({ origin: config.origin, graphBaseUrl, tokens, fetch: net, graphFetch });
  // Only a success is remembered: a failed look-up is asked again next time.
  let me: Promise<string> | null = null;
  const userId = (): Promise<string> => {
    me ??= api.me().then((m) => m.userId);
    me.catch(() => (me = null));
    return me;
  };
  const runner =
    config.engine === 'server'
      ? serverRunner({ origin: config.origin, tokens, fetch: net })
      : paneRunner({
          origin: config.origin,
          graphBaseUrl,
          tokens,
          userId,
          company: api.runCompany,
          fetch: net,
          graphFetch,
          waitsRelay,
        });
  return { api, runner, office, user: tokens.user ?? demoUser };
}

/**
 * Starts the pane. A part it could not download before its first screen (its words, the theme:
 * the server stopped or restarts as the pane opens) is asked again, 1 s later and up to every 30 s,
 * so the pane opens by itself once the server answers — it stayed blank for good, with no reload.
 */
async function start(): Promise<void> {
  for (let waitMs = 1000; ; waitMs = Math.min(waitMs * 2, 30_000)) {
    try {
      return await main();
    } catch (e) {
      if (failureOf(e).kind !== 'unreachable') throw e;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

void start();
