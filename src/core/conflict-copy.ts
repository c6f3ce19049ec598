/**
 * A recorded conflict as its pair's link names it now: the Outlook copy the link holds, where the
 * conflict was recorded on another (a copy deleted in Outlook and re-created by a run that stopped
 * before its lists were saved; delta runs carry the conflict as it is). Resolving (resolve.ts) and
 * listing (GET /sync/v1/conflicts) both name that copy (review RV13: the listing named the deleted
 * one after resolve was fixed in 97d46b7).
 */
export function onLinkedCopy<C extends { readonly outlookId: string }>(
  conflict: C,
  link: { readonly outlookId: string } | null | undefined,
): C {
  return link && link.outlookId !== conflict.outlookId
    ? { ...conflict, outlookId: link.outlookId }
    : conflict;
}
