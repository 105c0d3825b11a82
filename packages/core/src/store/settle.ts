/**
 * The result of `f` as a promise, a throw as a rejection: for store methods whose work is
 * synchronous underneath, since the store contract reports a failing store (or a bad
 * argument) as a rejected promise, never as a throw at the call.
 */
export const settle = <T>(f: () => T | Promise<T>): Promise<T> => {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
};
