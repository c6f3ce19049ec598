import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { FacadeConfig } from './config.js';
import { graphOrigins, loginOrigins } from './clouds.js';

/**
 * Security headers and CORS on every response (issue 10 §5), with @fastify/helmet and @fastify/cors.
 *
 * The Content-Security-Policy is the pane's: scripts from its own origin and the Office.js CDN (with
 * MicrosoftAjax.js, which Office.js loads from the ASP.NET CDN), calls to its own origin, the
 * Microsoft identity platform and Graph, and framing only by Outlook. Styles allow inline because
 * Fluent UI v9 (Griffel) inserts its rules at run time.
 */

/**
 * Office.js and what it loads (graph-and-office-contracts.md: appsforoffice.microsoft.com). Written
 * without a scheme on purpose: Office.js asks for MicrosoftAjax.js with the page's own scheme, and a
 * scheme-less CSP source matches only that scheme or its secure upgrade (CSP3 §6.7.2.8), so a pane
 * served over https still loads these over https only, while the loopback dev pane (http) works too.
 */
const OFFICE_SCRIPTS = ['appsforoffice.microsoft.com', 'ajax.aspnetcdn.com'];
/**
 * The hidden frame Office.js opens for its telemetry (ULSEndpointProxy in o15apptofilemappingtable.js
 * and the Outlook host scripts: an iframe on .../telemetryservice/telemetryproxy.html). Microsoft lists
 * this host among the URLs the Office add-in platform needs to load ("Troubleshoot the Office
 * integration", learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/office-integration/office-integration-troubleshooting,
 * the URLs "for loading" the Office add-ins).
 * Its other frame, AgaveErrorUX/index.html, is under Office.js's own folder (the CDN or 'self').
 */
const OFFICE_TELEMETRY_FRAME = 'https://telemetryservice.firstpartyapps.oaspapps.com';
/**
 * Who may frame the pane: Outlook on the web (work and consumer) and the Office web origins new
 * Outlook for Windows and Outlook on the web host add-ins in. Classic desktop Outlook shows the pane
 * as a top-level web view, which frame-ancestors does not restrict.
 */
const OUTLOOK_FRAME_ANCESTORS = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.outlook.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.office.net',
];

/** The dev server's origins (webpack serve on DEV_SERVER_PORT); allowed by CORS in dev mode only. */
function devOrigins(port: number): string[] {
  return ['https', 'http'].flatMap((s) => [`${s}://localhost:${port}`, `${s}://127.0.0.1:${port}`]);
}

/** The origins CORS lets call the facade from a browser: PUBLIC_ORIGIN, and the dev server in dev mode. */
function corsOrigins(config: Pick<FacadeConfig, 'publicOrigin' | 'auth' | 'devServerPort'>): string[] {
  return [
    ...(config.publicOrigin ? [config.publicOrigin] : []),
    ...(config.auth.mode === 'dev' ? devOrigins(config.devServerPort) : []),
  ];
}

export async function installSecurityHeaders(
  app: FastifyInstance,
  config: Pick<
    FacadeConfig,
    'publicOrigin' | 'auth' | 'authority' | 'graphBaseUrl' | 'upstreamBc' | 'devServerPort'
  >,
): Promise<void> {
  // The Microsoft identity platform (MSAL, the NAA fallback dialog) and Graph of the configured cloud.
  const login = loginOrigins(config);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...OFFICE_SCRIPTS],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', ...OFFICE_SCRIPTS],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...login, ...graphOrigins(config)],
        frameSrc: ["'self'", ...login, ...OFFICE_SCRIPTS, OFFICE_TELEMETRY_FRAME],
        frameAncestors: ["'self'", ...OUTLOOK_FRAME_ANCESTORS],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...login],
      },
    },
    // HSTS only means something over HTTPS (RFC 6797 §7.2): set below per request.
    strictTransportSecurity: false,
    // frame-ancestors decides framing; X-Frame-Options cannot name Outlook's origins.
    xFrameOptions: false,
    referrerPolicy: { policy: 'no-referrer' },
    // Outlook shows the manifest's icons from this origin on its own pages.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // MSAL's sign-in popup must be able to report back to the pane.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  const allowed = new Set(corsOrigins(config));
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'if-match',
      'prefer',
      'client-request-id',
      'idempotency-key',
    ],
    maxAge: 600,
  });
}
