import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFakePostgres } from '../support/fake-postgres.js';
import { runCli } from '../support/in-process-product.js';

/**
 * `npm start` with a configuration a deployment gets wrong: exit code 2 and one line on stderr
 * saying which variable and what it must be (design §4), before anything listens or is written.
 */
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bcsync-start-refusal-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRA = {
  AUTH_MODE: 'entra',
  ENTRA_API_AUDIENCE: 'api://contacts.contoso.test/sync',
};

const start = (env: NodeJS.ProcessEnv) =>
  runCli(['start'], { DATA_DIR: dir, HTTPS: '0', PANE_BUILD: '0', SCHEDULER: '0', PORT: '0', ...env });

describe('bc-contact-sync start refuses a bad configuration in one line', () => {
  // F44: a domain name was accepted, and then no token ever verified (tokens name the tenant by id).
  test.each([
    ['a verified domain instead of the tenant id', 'contoso.onmicrosoft.com'],
    ['"common"', 'common'],
    ['a GUID with a letter too many', '72f988bf-86f1-41af-91ab-2d7cd011db47x'],
  ])('ENTRA_TENANT_ID: %s', async (_name, tenant) => {
    const r = await start({ ...ENTRA, ENTRA_TENANT_ID: tenant });
    expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
      code: 2,
      stdout: '',
      lines: [
        `configuration: ENTRA_TENANT_ID=${tenant}: expected the directory (tenant) id, a GUID (Entra admin center → Overview), not a domain name.`,
      ],
    });
  });
});

/** A loopback port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const PASSWORD = 'Sekr3t-pw';

describe('F53: DATABASE_URL mistakes are one line each, exit 2, never the password', () => {
  test('bad scheme, refused port, unknown host, no such database, unknown role, wrong password, silent server', async () => {
    const [wrongPassword, silent] = await Promise.all([
      startFakePostgres('badPassword'),
      startFakePostgres('silent'),
    ]);
    const refused = await closedPort();
    const rows: [string, string, string][] = [
      [
        'another database’s scheme',
        `mysql://ann:${PASSWORD}@127.0.0.1/contacts`,
        'configuration: DATABASE_URL=mysql://ann:***@127.0.0.1/contacts: expected a PostgreSQL connection string, postgres://user:password@host:5432/database.',
      ],
      [
        'nothing listens at the port',
        `postgres://ann:${PASSWORD}@127.0.0.1:${refused}/contacts`,
        `configuration: DATABASE_URL: nothing answers at 127.0.0.1:${refused} (connection refused): start PostgreSQL there, or correct the host and port.`,
      ],
      [
        'a host name that does not resolve',
        `postgres://ann:${PASSWORD}@nosuchhost.invalid:5432/contacts`,
        'configuration: DATABASE_URL: the host name nosuchhost.invalid does not resolve (DNS): correct the host.',
      ],
      [
        'no such database',
        'postgres://postgres@127.0.0.1:5432/nosuchdb_f53',
        'configuration: DATABASE_URL: PostgreSQL at 127.0.0.1:5432 has no database "nosuchdb_f53": create it (createdb nosuchdb_f53) or correct the name after the last /.',
      ],
      [
        'a user the server does not know',
        `postgres://nouser_f53:${PASSWORD}@127.0.0.1:5432/postgres`,
        'configuration: DATABASE_URL: PostgreSQL at 127.0.0.1:5432 refused user "nouser_f53" (no such role, or pg_hba.conf does not let it connect from here): correct the user name or the server\'s pg_hba.conf.',
      ],
      [
        'a wrong password',
        `postgres://ann:${PASSWORD}@127.0.0.1:${wrongPassword.port}/contacts`,
        `configuration: DATABASE_URL: PostgreSQL at 127.0.0.1:${wrongPassword.port} refused the password of user "ann": correct the password in the URL.`,
      ],
      [
        'a server that never answers',
        `postgres://ann:${PASSWORD}@127.0.0.1:${silent.port}/contacts`,
        `configuration: DATABASE_URL: 127.0.0.1:${silent.port} did not answer within 10 s: check the host, the port and the firewall between.`,
      ],
    ];
    try {
      // All at once: each process waits on its own refusal (the silent server's is 10 s).
      const seen = await Promise.all(
        rows.map(async ([name, url]) => {
          const r = await start({ DATABASE_URL: url });
          return { name, code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') };
        }),
      );
      expect(seen).toEqual(rows.map(([name, , line]) => ({ name, code: 2, stdout: '', lines: [line] })));
      expect(seen.filter((s) => s.lines.join('\n').includes(PASSWORD))).toEqual([]);
      // The CLI's sync opens the store the same way when no server runs: the same line.
      const sync = await runCli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], {
        DATA_DIR: dir,
        DATABASE_URL: rows[1]![1],
      });
      expect({ code: sync.code, lines: sync.stderr.trim().split('\n') }).toEqual({
        code: 2,
        lines: [rows[1]![2]],
      });
    } finally {
      await Promise.all([wrongPassword.close(), silent.close()]);
    }
  });
});

describe('F118: sync in entra mode without Graph app access is refused before anything starts', () => {
  test('exit 2, one line naming the variables, and the data directory untouched', async () => {
    const own = mkdtempSync(join(tmpdir(), 'bcsync-sync-refusal-'));
    try {
      const r = await runCli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], {
        ...ENTRA,
        ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        DATA_DIR: own,
        HTTPS: '0',
        PANE_BUILD: '0',
      });
      expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
        code: 2,
        stdout: '',
        lines: [
          'configuration: Server-side runs (schedule, CLI) need Graph app access: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (see README).',
        ],
      });
      // Nothing opened: no store, no lock, no server.json (was: PGlite's initdb and every migration first).
      expect(readdirSync(own)).toEqual([]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('a port another process holds is refused before anything is made', () => {
  // helper newuser: the refusal came after ./data (initdb, the Graph journal), the dev certificate
  // and the pane build had started; a second `npm start` on one machine left all of them behind.
  test('exit 2, one line naming PORT, and no data directory', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const { port } = holder.address() as AddressInfo;
    const own = join(dir, 'taken-port-data');
    try {
      const r = await start({ DATA_DIR: own, HOST: '127.0.0.1', PORT: String(port) });
      expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
        code: 2,
        stdout: '',
        lines: [
          `configuration: PORT ${port}: another process already listens on 127.0.0.1:${port}; stop it, or set PORT to a free port (PORT=3001 npm start)`,
        ],
      });
      expect(existsSync(own)).toBe(false);
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
  });
});
