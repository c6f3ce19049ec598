/** The origin manifest.xml is written with (see addin-origin.mjs). */
export const MANIFEST_SOURCE_ORIGIN: string;
/** PUBLIC_ORIGIN when set, else `${https ? 'https' : 'http'}://localhost:${port}` (see addin-origin.mjs). */
export function addinOrigin(where: {
  readonly publicOrigin: string | null | undefined;
  readonly https: boolean;
  readonly port: number | string;
}): string;
/** The manifest with every URL of MANIFEST_SOURCE_ORIGIN moved to `origin`. */
export function manifestFor(xml: string, origin: string): string;
/** Why PUBLIC_ORIGIN is not an https origin (http only on loopback), or null (see addin-origin.mjs). */
export function publicOriginProblem(value: string): string | null;
