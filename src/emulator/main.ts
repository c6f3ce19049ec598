import { readFile } from 'node:fs/promises';
import { startableGraphEmulator } from './index.js';
import type { SeedData } from './index.js';

/**
 * `npm run emulator`: standalone Graph contacts emulator on 127.0.0.1.
 * GRAPH_EMULATOR_PORT (default 4000), GRAPH_EMULATOR_SEED = path of a JSON seed file.
 * Tokens: POST /_emulator/token with {oid, upn} (delegated) or {roles:["Contacts.ReadWrite"]} (app-only).
 */
async function main(): Promise<void> {
  const port = Number(process.env.GRAPH_EMULATOR_PORT ?? 4000);
  const seedPath = process.env.GRAPH_EMULATOR_SEED;
  const seed = seedPath ? (JSON.parse(await readFile(seedPath, 'utf8')) as SeedData) : undefined;
  const { app } = await startableGraphEmulator({ ...(seed ? { seed } : {}), logger: false });
  const address = await app.listen({ port, host: '127.0.0.1' });
  console.log(`Graph emulator listening on ${address}/v1.0 (admin: ${address}/_emulator)`);
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
