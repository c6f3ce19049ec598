import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type TlsResult =
  { kind: 'https'; key: Buffer; cert: Buffer; caPath: string } | { kind: 'http'; reason: string };

const DIR = join(homedir(), '.office-addin-dev-certs');
const FILES = { ca: join(DIR, 'ca.crt'), cert: join(DIR, 'localhost.crt'), key: join(DIR, 'localhost.key') };

/**
 * A localhost certificate from office-addin-dev-certs (made on first use, 30 days). Its trust step
 * needs sudo and cannot run here, so the CA is only printed for the user to trust.
 */
export async function devCertificate(): Promise<TlsResult> {
  try {
    if (!existsSync(FILES.cert) || !existsSync(FILES.key) || expiresSoon(FILES.cert)) {
      const certs = (await import('office-addin-dev-certs')) as unknown as {
        generateCertificates: (ca: string, cert: string, key: string, days: number) => Promise<void>;
      };
      await certs.generateCertificates(FILES.ca, FILES.cert, FILES.key, 30);
    }
    return { kind: 'https', key: readFileSync(FILES.key), cert: readFileSync(FILES.cert), caPath: FILES.ca };
  } catch (e) {
    return { kind: 'http', reason: `no dev certificate could be made (${(e as Error).message})` };
  }
}

function expiresSoon(certPath: string): boolean {
  try {
    const validTo = Date.parse(new X509Certificate(readFileSync(certPath)).validTo);
    return validTo - Date.now() < 24 * 3600 * 1000;
  } catch {
    return true;
  }
}
