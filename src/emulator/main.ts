import { readFile } from 'node:fs/promises';
import { startableGraphEmulator } from './index.js';
import type { SeedData } from './index.js';

/**
 * `npm run emulator`: standalone Graph contacts emulator on 127.0.0.1.
 * GRAPH_EMULATOR_PORT (default 4000), GRAPH_EMULATOR_SEED = path of a JSON seed file.
 * GRAPH_EMULATOR_ADMIN_TOKEN = the admin routes' secret (X-Admin-Token; printed, random when unset).
 * Tokens: POST /_emulator/token with {oid, upn} (delegated) or {roles:["Contacts.ReadWrite"]} (app-only).
 */
async function main(): Promise<void> {
  const port = Number(process.env.GRAPH_EMULATOR_PORT ?? 4000);
  const seedPath = process.env.GRAPH_EMULATOR_SEED;
  const seed = seedPath ? (JSON.parse(await readFile(seedPath, 'utf8')) as SeedData) : undefined;
  const fixedToken = process.env.GRAPH_EMULATOR_ADMIN_TOKEN;
  const { app, adminToken } = await startableGraphEmulator({
    ...(seed ? { seed } : {}),
    ...(fixedToken ? { adminToken: fixedToken } : {}),
    logger: false,
  });
  const address = await app.listen({ port, host: '127.0.0.1' });
  console.log(`Graph emulator listening on ${address}/v1.0 (admin: ${address}/_emulator)`);
  console.log(`Admin requests need the header X-Admin-Token: ${adminToken}`);
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
