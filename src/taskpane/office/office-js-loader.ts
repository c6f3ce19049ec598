/**
 * First script of the pane's pages (blocking, in <head>): writes the Office.js <script> so it runs
 * before the pane's bundle, from the CDN inside an Office host and from the local copy outside.
 * Production builds (PUBLIC_ORIGIN) reference the CDN directly and do not use this loader.
 */
import { officeJsUrl } from './office-js-source.js';

const local = process.env.OFFICE_JS_LOCAL || '/office-js/office.js';
// document.write keeps the order of parser-blocking scripts; a created <script> would run after the bundle.
document.write(`<script src="${officeJsUrl(window, local)}"></script>`);
