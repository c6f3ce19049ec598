// jest globalTeardown of the `e2e` project: removes the server template global-setup.mjs made.
import { rmSync } from 'node:fs';
import { TEMPLATE_ENV } from './global-setup.mjs';

export default function globalTeardown() {
  const dir = process.env[TEMPLATE_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
