/**
 * An empty list for values that hold none to share (one array, not one per contact: a run holds
 * every contact of the folder at once, issue 12), with the hidden class V8 gives the lists read
 * beside it: a list that ever held a string or an object (elements kind PACKED_ELEMENTS).
 *
 * Why not `Object.freeze([])`, nor `[]`: a frozen array and an array that never held anything
 * (PACKED_SMI_ELEMENTS) each have a map of their own. Code the planner compiled over contacts whose
 * lists hold values met the first contact with a shared empty list as a "wrong map" and was thrown
 * away and compiled again (issue 12: a first plan at 100,000 a side deoptimized outlookToSyncFields,
 * outlookStorable, outlookHolds and the scope checks so, --trace-deopt). Not frozen, so never written
 * to: the lists it stands for are readonly in the model.
 */
export function sharedEmptyList<T>(): readonly T[] {
  const list: unknown[] = [''];
  list.pop();
  return list as readonly T[];
}
