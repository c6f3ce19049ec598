/**
 * `node --import tsx test/support/waiting-pane-main.ts <root> <port>`: the pane's static part of the
 * server (mountPane with npm start's background build, behind the product's security headers) on
 * the scratch package root <root>, as a process of its own that a test can SIGKILL (F125). <root>
 * holds a stand-in for webpack-cli that the test lets finish. Prints `listening <url>` once it
 * answers.
 */
import Fastify from 'fastify';
import { installSecurityHeaders } from '../../src/server/security-headers.js';
import { mountPane } from '../../src/server/static-pane.js';

const [root, port] = process.argv.slice(2);
if (!root || !port) {
  process.stderr.write('usage: waiting-pane-main.ts <root> <port>\n');
  process.exit(2);
}
const app = Fastify();
await installSecurityHeaders(app, {
  publicOrigin: null,
  auth: { mode: 'dev' },
  authority: 'https://login.microsoftonline.com',
  graphBaseUrl: null,
  upstreamBc: null,
  devServerPort: 3001,
});
await mountPane(app, { buildIfMissing: true, logDir: root, origin: () => '', root });
const url = await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);
