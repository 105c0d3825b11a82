import * as t from "io-ts";

/**
 * A string codec refined by a predicate, typed as plain `string` so callers can write
 * literals; the refinement is enforced wherever data crosses a boundary (decode).
 */
export const refinedString = (name: string, test: (s: string) => boolean, why: string) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === "string" && test(u),
    (u, c) =>
      typeof u !== "string"
        ? t.failure(u, c, "must be a string")
        : test(u)
          ? t.success(u)
          : t.failure(u, c, `${JSON.stringify(u.length > 80 ? u.slice(0, 77) + "..." : u)} ${why}`),
    t.identity,
  );
