/** What `pnpm bench` was asked to measure. */
export interface BenchOptions {
  /** Ledger sizes in events, smallest first. */
  readonly sizes: readonly number[];
  /** Measured runs of each figure (after one warm-up run). */
  readonly runs: number;
  /** Runs at sizes of `bigFrom` events and more (an import there takes minutes). */
  readonly bigRuns: number;
  /** From this size on, a size is big: `bigRuns` runs, no warm-up. */
  readonly bigFrom: number;
  /** Where the JSON of every figure goes. */
  readonly out: string;
  /** Emmett's side-by-side workload, in events (0: skip it). */
  readonly emmettEvents: number;
  /** Keep the generated ledgers and stores (their directory is printed). */
  readonly keep: boolean;
  /** A directory where generated logs are kept and taken again by later runs. */
  readonly logs: string | undefined;
}

const USAGE = `usage: pnpm bench [--sizes 100k,1m,10m | --quick] [--runs N] [--big-runs N] [--big-from SIZE]
                  [--emmett EVENTS | --no-emmett] [--out FILE] [--keep] [--logs DIR]
  --sizes     ledger sizes in events (k and m suffixes; default 100k,1m,10m)
  --quick     one small size (20k events), 3 runs, Emmett at 20k: a try, not a figure
  --runs      measured runs per figure after a warm-up (default 5; the median is reported)
  --big-runs  runs at big sizes (default 1, and no warm-up: an import there takes minutes)
  --big-from  the first big size (default 5m)
  --emmett    events of the side-by-side workload with Emmett (default 120k)
  --out       the JSON file of every figure (default bench-results.json)
  --logs      keep each generated log in DIR and take it from there next time (seeded: the same log)`;

/** A usage error: printed with the usage, exit code 2. */
export class BenchUsageError extends Error {}

const count = (flag: string, raw: string | undefined): number => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec((raw ?? "").replaceAll("_", ""));
  const n = m === null ? NaN : Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2]!.toLowerCase()] ?? 1);
  if (!Number.isSafeInteger(n) || n < 0) throw new BenchUsageError(`${flag}: ${raw} is not a count`);
  return n;
};

/** Parses the command line (`process.argv.slice(2)`). */
export const parseBenchOptions = (argv: readonly string[]): BenchOptions => {
  let sizes = [100_000, 1_000_000, 10_000_000];
  let runs = 5;
  let bigRuns = 1;
  let bigFrom = 5_000_000;
  let out = "bench-results.json";
  let emmettEvents = 120_000;
  let keep = false;
  let logs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new BenchUsageError(`${flag}: needs a value`);
      return v;
    };
    switch (flag) {
      case "--sizes":
        sizes = value()
          .split(",")
          .map((s) => count("--sizes", s))
          .sort((a, b) => a - b);
        break;
      case "--quick":
        sizes = [20_000];
        runs = 3;
        emmettEvents = 20_000;
        break;
      case "--runs":
        runs = count("--runs", value());
        break;
      case "--big-runs":
        bigRuns = count("--big-runs", value());
        break;
      case "--big-from":
        bigFrom = count("--big-from", value());
        break;
      case "--emmett":
        emmettEvents = count("--emmett", value());
        break;
      case "--no-emmett":
        emmettEvents = 0;
        break;
      case "--out":
        out = value();
        break;
      case "--keep":
        keep = true;
        break;
      case "--logs":
        logs = value();
        break;
      case "--help":
      case "-h":
        throw new BenchUsageError("");
      default:
        throw new BenchUsageError(`unknown flag ${flag}`);
    }
  }
  if (runs < 1 || bigRuns < 1) throw new BenchUsageError("--runs and --big-runs must be at least 1");
  if (sizes.some((s) => s < 1000)) throw new BenchUsageError("--sizes: at least 1k events each");
  return { sizes, runs, bigRuns, bigFrom, out, emmettEvents, keep, logs };
};

export const benchUsage = USAGE;
