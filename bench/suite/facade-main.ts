/**
 * The facade (its Business Central API on PostgreSQL) in its own process, as a deployment runs it.
 * argv[2] = DATABASE_URL, argv[3] = the Graph emulator's URL (so no embedded emulator is mounted).
 * Prints one line `{"url": …, "pid": …}` when listening.
 */
import { startServer } from '../../src/server/main.js';

const [databaseUrl, graphUrl] = process.argv.slice(2);
const server = await startServer({
  env: {},
  overrides: {
    port: 0,
    https: false,
    scheduler: false,
    buildPane: false,
    seedDemo: false,
    logLevel: 'silent',
    databaseUrl: databaseUrl ?? null,
    graphBaseUrl: `${graphUrl}/v1.0`,
  },
  announce: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
