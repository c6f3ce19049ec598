/**
 * First script of the pane's pages (blocking, in <head>). Inside an Office host it writes the CDN's
 * Office.js <script>, parser-blocking: Microsoft requires Office.js in <head>, initialised before the
 * body, and the bundle's Office.onReady must find it. Outside a host (offline demo, tests) the local
 * copy loads without blocking the page: Office.js can only answer "no host" there, and the pane does
 * not wait for it (office-host.ts: officeHost), so it must not hold up the first render either.
 * Production builds (PUBLIC_ORIGIN) reference the CDN directly and do not use this loader.
 */
import { officeHostHint, officeJsUrl } from './office-js-source.js';

const local = process.env.OFFICE_JS_LOCAL || '/office-js/office.js';
if (officeHostHint(window) !== null) {
  // document.write keeps the order of parser-blocking scripts; a created <script> would run after the bundle.
  document.write(`<script src="${officeJsUrl(window, local)}"></script>`);
} else {
  const script = document.createElement('script');
  script.src = local;
  document.head.appendChild(script);
}
