import type { InProcessProduct } from './in-process-product.js';

/**
 * What the state routes answer a product's user about their synced links (the company's stored
 * contact values), through both APIs: the pane's `/sync/v1/links` and the engine's
 * `/sync/v1/state/links` for `scope` (the `userId=…&folderId=…` query). Each as status and error code.
 */
export async function stateReads(
  product: InProcessProduct,
  scope: string,
): Promise<{ status: number; code: string | null }[]> {
  const answers = [
    await product.request('/sync/v1/links'),
    await product.request(`/sync/v1/state/links?${scope}`),
  ];
  return answers.map((a) => ({ status: a.status, code: (a.body?.error?.code as string) ?? null }));
}

/** stateReads' answer to a user who is no member of the company the state belongs to. */
export const STATE_DENIED = [
  { status: 403, code: 'Authorization_NoCompanyMembership' },
  { status: 403, code: 'Authorization_NoCompanyMembership' },
];
