/**
 * First script of the pane's pages (blocking, in <head>). Inside an Office host it writes the CDN's
 * Office.js <script>, parser-blocking: Microsoft requires Office.js in <head>, initialised before the
 * body, and the bundle's Office.onReady must find it. Outside a host (offline demo, tests) the local
 * copy loads without blocking the page where the page uses it (the sign-in dialog), and not at all
 * where it does not (the task pane: its tag says `data-outside-office="none"`; officeJsLoad).
 * Production builds (PUBLIC_ORIGIN) reference the CDN directly and do not use this loader.
 */
import { officeJsLoad } from './office-js-source.js';

const local = process.env.OFFICE_JS_LOCAL || '/office-js/office.js';
const outside = document.currentScript?.dataset.outsideOffice === 'none' ? 'none' : 'local';
const load = officeJsLoad(window, local, outside);
if (load?.kind === 'blocking') {
  // document.write keeps the order of parser-blocking scripts; a created <script> would run after the bundle.
  document.write(`<script src="${load.url}"></script>`);
} else if (load) {
  const script = document.createElement('script');
  script.src = load.url;
  document.head.appendChild(script);
}
