/**
 * The Graph emulator in its own process, so the engine's memory is measured apart from it.
 * Limits come as JSON in argv[2]; prints one line `{"url": …, "adminToken": …, "pid": …}` when listening.
 * Tokens: POST /_emulator/token (the emulator owns its issuer here).
 */
import { startableGraphEmulator } from '../../src/emulator/index.js';
import type { RuntimeConfigPatch } from '../../src/emulator/index.js';

const config = JSON.parse(process.argv[2] ?? '{}') as RuntimeConfigPatch;
const { app, adminToken } = await startableGraphEmulator({
  ...(config.throttling ? { throttling: config.throttling } : {}),
  ...(config.latency ? { latency: config.latency } : {}),
  logger: false,
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url, adminToken, pid: process.pid })}\n`);
const stop = (): void => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
