import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { SeenBcToken } from './standin-tenant.js';

/** What the stand-in tenant holds at start (tenant-main.ts). */
export interface TenantSeed {
  readonly companies: readonly {
    readonly name: string;
    readonly contacts: readonly { readonly displayName: string; readonly email: string }[];
    /** User keys whose BC permission sets cover the company (on-behalf-of calls). */
    readonly members: readonly string[];
  }[];
}

export interface TenantProcess {
  readonly child: ChildProcess;
  /** Where it listens, e.g. http://127.0.0.1:41234 (its API: {origin}/v2.0/{tenant}/{env}/api/v2.0). */
  readonly origin: string;
  /** Company ids by name. */
  readonly companies: Readonly<Record<string, string>>;
  /** The BC tokens it accepted so far, in order: app-only, or the user an on-behalf-of token acts as. */
  readonly seen: readonly SeenBcToken[];
  stop(): Promise<void>;
}

/**
 * Starts tenant-main.ts as its own process (`node --import tsx`); resolves with what it printed
 * once listening, rejects with its stderr when it exits first.
 */
export function startTenantProcess(options: {
  readonly tenantId: string;
  /** The stand-in Entra authority (https), trusted through `caPath`. */
  readonly authority: string;
  readonly caPath: string;
  readonly bcIssuer: string;
  readonly environment: string;
  readonly seed: TenantSeed;
}): Promise<TenantProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/tenant-main.ts'], {
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: options.caPath,
      TENANT_ID: options.tenantId,
      ENTRA_AUTHORITY: options.authority,
      BC_ISSUER: options.bcIssuer,
      BC_ENVIRONMENT: options.environment,
      TENANT_SEED: JSON.stringify(options.seed),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const seen: SeenBcToken[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Whole lines only: a chunk may end inside the JSON.
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const said = JSON.parse(line) as
          { origin: string; companies: Record<string, string> } | { seen: SeenBcToken };
        if ('seen' in said) seen.push(said.seen);
        else resolve({ child, origin: said.origin, companies: said.companies, seen, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the tenant process exited with ${code}: ${err}`)));
  });
}
