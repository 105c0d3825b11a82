import { mkdirSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { segmentNumberOf } from "../format/segmentFile.js";
import { MANIFEST_FILE } from "./ledgerManifest.js";

/** Why a path cannot be opened as a ledger. */
export type LedgerPathProblem =
  /** Nothing there, or an empty directory: no ledger (yet). Exit 1 for a reader. */
  | "NO_LEDGER"
  /** A regular file, or a directory holding other things: it can never be a ledger. */
  | "NOT_A_LEDGER";

/** The path names no ledger, or something that can never be one; the message says which. */
export class LedgerPathError extends Error {
  override readonly name = "LedgerPathError";
  constructor(
    readonly code: LedgerPathProblem,
    readonly dir: string,
    message: string,
  ) {
    super(message);
  }
}

/** What is at a store path. */
export type LedgerPathState =
  | { readonly kind: "missing" }
  /** The path is a file, or a part of it is (`parent`). */
  | { readonly kind: "not_directory"; readonly parent: boolean }
  /** A directory with nothing of a ledger and nothing else (a failed first write may leave one). */
  | { readonly kind: "empty" }
  /** A directory holding files that are not a ledger's. */
  | { readonly kind: "foreign"; readonly example: string }
  | { readonly kind: "ledger"; readonly segments: readonly number[]; readonly manifest: boolean };

/** Files a ledger directory may hold besides its segments and manifest (the CLI keeps its read model there). */
const LEDGER_FILE =
  /^(\d{10}\.seg(\.tmp)?|index\.snapshot(\.\d+\.tmp)?|writer\.lock(\.break)?|ledger\.json(\.\d+\.tmp)?|readmodel\.checkpoint(\.json)?(\.\d+\.tmp)?)$/;

/**
 * Looks at what `dir` holds without changing anything. A ledger is a directory with segment
 * files or a manifest (`init` makes one with a manifest only).
 */
export const inspectLedgerPath = (dir: string): LedgerPathState => {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { kind: "not_directory", parent: false };
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    if (code === "ENOTDIR") return { kind: "not_directory", parent: true };
    throw e;
  }
  const segments = names
    .map(segmentNumberOf)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  const manifest = names.includes(MANIFEST_FILE);
  if (segments.length > 0 || manifest) return { kind: "ledger", segments, manifest };
  const other = names.find((n) => !LEDGER_FILE.test(n));
  return other === undefined ? { kind: "empty" } : { kind: "foreign", example: other };
};

/** A path that is, or goes through, a regular file. */
export const notADirectory = (dir: string, parent: boolean): LedgerPathError =>
  new LedgerPathError(
    "NOT_A_LEDGER",
    dir,
    parent
      ? `${dir}: a part of this path is a file, so it cannot be a ledger`
      : `${dir} is a file, not a ledger directory`,
  );

/** The error a reader gets for a path that holds no ledger. */
export const noLedgerError = (dir: string, state: LedgerPathState): LedgerPathError | undefined => {
  switch (state.kind) {
    case "ledger":
      return undefined;
    case "not_directory":
      return notADirectory(dir, state.parent);
    case "foreign":
      return new LedgerPathError(
        "NO_LEDGER",
        dir,
        `no ledger at ${dir} (the directory holds other files, e.g. ${state.example})`,
      );
    default:
      return new LedgerPathError("NO_LEDGER", dir, `no ledger at ${dir}`);
  }
};

/**
 * Creates `dir` and its missing parents, one level at a time. Node's recursive mkdir loops
 * for ever (100% CPU) when a parent exists but cannot hold children and answers ENOENT, as
 * under /proc; here each level is created once and any failure is final.
 */
export const makeDirectory = (dir: string): void => {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ;) {
    try {
      if (!statSync(at).isDirectory()) throw notADirectory(dir, at !== path.resolve(dir));
      break;
    } catch (e) {
      if (e instanceof LedgerPathError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") throw notADirectory(dir, true);
      if (code !== "ENOENT") throw e;
      missing.push(at);
      const parent = path.dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Another process made it meanwhile: fine. Anything else (ENOENT under /proc) is final.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
};
