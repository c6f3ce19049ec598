import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate a test made for itself, and the file other processes trust it by. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate's PEM file: NODE_EXTRA_CA_CERTS of the processes that must trust it. */
  readonly certPath: string;
  remove(): void;
}

/**
 * A fresh P-256 key and a one-day certificate for `localhost` and 127.0.0.1 (openssl, as an
 * administrator would make one for a stand-in host), written to a temporary directory. Nothing is
 * added to the machine's trust store: a process trusts it only through NODE_EXTRA_CA_CERTS.
 */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = mkdtempSync(join(tmpdir(), 'bcsync-cert-'));
  const keyPath = join(dir, 'localhost.key');
  const certPath = join(dir, 'localhost.crt');
  await promisify(execFile)(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { timeout: 600_000 },
  );
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
