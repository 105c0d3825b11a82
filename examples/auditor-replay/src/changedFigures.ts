/** One figure that two reports give differently, by its dotted path (`totals.discovered`). */
export interface FigureChange {
  readonly path: string;
  readonly before: number;
  readonly after: number;
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null;

/** Every number that differs between two JSON values of the same shape (two reports, say). */
export const changedFigures = (before: unknown, after: unknown, path = ""): FigureChange[] => {
  if (typeof before === "number" && typeof after === "number")
    return before === after ? [] : [{ path, before, after }];
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) =>
    changedFigures(before[key], after[key], path === "" ? key : `${path}.${key}`),
  );
};
