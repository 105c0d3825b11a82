/**
 * Freezes a value and everything inside it. An object already frozen is taken as frozen all
 * the way down (this module's own output), so freezing it again costs nothing.
 */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/**
 * True when an event was frozen by {@link deepFreeze} (its envelope, actor and data are
 * frozen): it can no longer change, so what is computed of it may be kept beside it.
 */
export const isFrozenEvent = (event: { readonly actor: unknown; readonly data: unknown }): boolean =>
  Object.isFrozen(event) && Object.isFrozen(event.actor) && Object.isFrozen(event.data);

/**
 * True when a value and everything inside it is frozen: what a store may keep as it is, with
 * no copy, since no one can change it any more. Walks the whole value (no allocation).
 */
export const isDeepFrozen = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  for (const v of Object.values(value)) if (!isDeepFrozen(v)) return false;
  return true;
};
