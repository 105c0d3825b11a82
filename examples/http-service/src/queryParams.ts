import { GroupBy, LANGS, type Lang } from "@hazard-ledger/projections";
import * as E from "fp-ts/lib/Either.js";
import { type Reply, problem } from "./reply.js";

/** How a query's answer is printed: the contract's JSON, or text in Chinese or English. */
export interface Presentation {
  readonly format: "json" | "text";
  readonly lang: Lang;
}

/** The two time axes every query takes; absent ones are null (instants are checked by the projections). */
export interface Axes {
  readonly asOf: string | null;
  readonly knownAt: string | null;
}

const isLang = (s: string): s is Lang => (LANGS as readonly string[]).includes(s);

const badParam = (message: string): E.Either<Reply, never> => E.left(problem(400, "BAD_REQUEST", message));

/**
 * Reads the query string, refusing a parameter the route does not know (a typo such as
 * `as_of` would otherwise be ignored silently and the answer taken for the one asked).
 */
export const queryParams = (
  search: URLSearchParams,
  known: readonly string[],
): E.Either<Reply, ReadonlyMap<string, string>> => {
  const params = new Map<string, string>();
  for (const [name, value] of search) {
    if (!known.includes(name))
      return badParam(`query: unknown parameter ${JSON.stringify(name)} (known: ${known.join(", ")})`);
    if (params.has(name)) return badParam(`query: parameter ${JSON.stringify(name)} given twice`);
    params.set(name, value);
  }
  return E.right(params);
};

/** The query parameters every GET route accepts. */
export const COMMON_PARAMS = ["asOf", "knownAt", "format", "lang"] as const;

export const axesOf = (params: ReadonlyMap<string, string>): Axes => ({
  asOf: params.get("asOf") ?? null,
  knownAt: params.get("knownAt") ?? null,
});

export const presentationOf = (params: ReadonlyMap<string, string>): E.Either<Reply, Presentation> => {
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "text")
    return badParam(`format: ${JSON.stringify(format)} is not json or text`);
  const lang = params.get("lang") ?? "zh";
  if (!isLang(lang)) return badParam(`lang: ${JSON.stringify(lang)} is not one of ${LANGS.join(", ")}`);
  return E.right({ format, lang });
};

export const groupByOf = (params: ReadonlyMap<string, string>): E.Either<Reply, GroupBy | undefined> => {
  const by = params.get("by");
  if (by === undefined) return E.right(undefined);
  return GroupBy.is(by)
    ? E.right(by)
    : badParam(`by: ${JSON.stringify(by)} is not one of ${GroupBy.values.join(", ")}`);
};
