import * as t from "io-ts";

const isComponentIndex = (parent: t.Decoder<unknown, unknown> | undefined): boolean =>
  parent instanceof t.IntersectionType || parent instanceof t.UnionType || parent instanceof t.ExactType;

/** The dotted path (`data.unit.name`, `data.criteria[0].standard`) of one io-ts error. */
export const errorPath = (error: t.ValidationError): string => {
  let path = "";
  error.context.forEach((entry, i) => {
    if (i === 0 || entry.key === "") return;
    if (isComponentIndex(error.context[i - 1]?.type)) return;
    const parent = error.context[i - 1]?.type;
    path += parent instanceof t.ArrayType ? `[${entry.key}]` : path === "" ? entry.key : `.${entry.key}`;
  });
  return path;
};

/** One io-ts error as `path: why`. */
export const formatError = (error: t.ValidationError): string => {
  const path = errorPath(error);
  const why =
    error.value === undefined
      ? "is required"
      : (error.message ??
        `${JSON.stringify(error.value)} is not a valid ${error.context[error.context.length - 1]?.type.name ?? "value"}`);
  return path === "" ? why : `${path}: ${why}`;
};

/**
 * io-ts errors as one line: the first error (the one a user fixes first), and how many
 * more there are. Errors are de-duplicated by path, since union branches repeat them.
 */
export const formatErrors = (errors: t.Errors): string => {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    const line = formatError(e);
    const key = errorPath(e);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  const first = lines[0] ?? "invalid value";
  return lines.length > 1 ? `${first} (and ${lines.length - 1} more)` : first;
};
