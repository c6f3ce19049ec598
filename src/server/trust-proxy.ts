import { isIP } from 'node:net';

/**
 * TRUST_PROXY: the reverse proxies whose forwarding headers (X-Forwarded-For, -Proto, -Host) the
 * facade believes, as Fastify's `trustProxy` takes them (addresses or CIDR ranges). Only those: a
 * header from anyone else is ignored, so a client cannot pick its own address for the per-IP rate
 * limit or its own scheme for links. Behind a proxy without it every client shares the proxy's
 * address, i.e. one per-IP budget (docs/deploy.md "TLS and the reverse proxy").
 */
export function parseTrustProxy(value: string | undefined): { list: string[]; problem: string | null } {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = list.filter((entry) => !isAddressOrRange(entry));
  return {
    list,
    problem: bad.length === 0 ? null : `${bad.join(', ')} is not an IP address or CIDR range`,
  };
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}
