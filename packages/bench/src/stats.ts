/** One figure: the median of its runs, with the extremes and every run. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
  /** The target of issue 10, in words, when there is one. */
  readonly target?: string;
  /** Whether the median meets the target (undefined: no target, or not decidable here). */
  readonly met?: boolean;
  /** What else the reader should know (what bounds it, how it was taken). */
  readonly note?: string;
}

/** The median (the mean of the two middle values for an even count). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The p-th percentile (nearest rank) of samples. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** A figure from its runs. */
export const figure = (
  name: string,
  unit: string,
  runs: readonly number[],
  extra: { target?: string; met?: (median: number) => boolean; note?: string } = {},
): Figure => {
  const m = median(runs);
  return {
    name,
    unit,
    median: m,
    min: Math.min(...runs),
    max: Math.max(...runs),
    runs,
    ...(extra.target !== undefined ? { target: extra.target } : {}),
    ...(extra.met !== undefined ? { met: extra.met(m) } : {}),
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  };
};

/** Runs `measure` once to warm up (unless `warmUp` is false), then `runs` times; the samples. */
export const sample = async (
  runs: number,
  measure: (run: number) => Promise<number> | number,
  warmUp = true,
): Promise<number[]> => {
  if (warmUp) await measure(-1);
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await measure(i));
  return xs;
};

/** Events (or anything) per second. */
export const perSecond = (n: number, ms: number): number => n / (ms / 1000);

/** Forces a collection when node runs with --expose-gc; a no-op otherwise. */
export const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();
