import {
  LedgerManifestError,
  LedgerPathError,
  LedgerSettingsConflictError,
  LockTimeoutError,
  StoreCorruptError,
} from "@hazard-ledger/store-file";

/** A store failure as the user reads it: one line, and the exit code. */
export interface StoreFailure {
  readonly message: string;
  /** 1: no ledger, a failed check or write; 2: a path that can never be a ledger. */
  readonly exit: 1 | 2;
}

/** What to say for a file-system error, by its code: what happened, and what to do. */
const ERRNO: Readonly<Record<string, (where: string) => StoreFailure>> = {
  EACCES: (w) => ({ message: `${w}: permission denied; nothing was changed`, exit: 1 }),
  EPERM: (w) => ({ message: `${w}: operation not permitted; nothing was changed`, exit: 1 }),
  EROFS: (w) => ({
    message: `${w}: the file system is read-only; nothing was written (the ledger can still be read)`,
    exit: 1,
  }),
  ENOSPC: (w) => ({
    message: `${w}: the disk is full; this write was not stored (the ledger is as it was): free space and run it again`,
    exit: 1,
  }),
  EDQUOT: (w) => ({
    message: `${w}: the disk quota is used up; this write was not stored: free space and run it again`,
    exit: 1,
  }),
  EIO: (w) => ({ message: `${w}: input/output error from the disk; run verify once it is fixed`, exit: 1 }),
  ENOTDIR: (w) => ({ message: `${w}: a part of this path is a file, not a directory`, exit: 2 }),
  ENAMETOOLONG: (w) => ({ message: `${w}: the path is too long`, exit: 2 }),
  ELOOP: (w) => ({ message: `${w}: too many symbolic links`, exit: 2 }),
  ENOENT: (w) => ({ message: `${w}: no such file or directory (it cannot be created here)`, exit: 2 }),
  EISDIR: (w) => ({ message: `${w}: is a directory`, exit: 2 }),
};

/**
 * The one line for a failure of the store (or of the file system under it), or undefined
 * for anything else. Raw system messages (`EEXIST: file already exists, mkdir …`) never reach
 * the user: each says what happened to the ledger and what to do.
 */
export const storeFailure = (e: unknown): StoreFailure | undefined => {
  if (e instanceof LedgerPathError) return { message: e.message, exit: e.code === "NOT_A_LEDGER" ? 2 : 1 };
  if (e instanceof LockTimeoutError) {
    const h = e.holder;
    const who =
      h === undefined
        ? "another process"
        : `process ${h.pid} on ${h.host}${h.activity !== undefined ? ` (${h.activity}, since ${h.since})` : ` (since ${h.since})`}`;
    return {
      message:
        `the ledger at ${e.dir} is being written by ${who}; nothing was written: ` +
        `run this again when it is done, or wait longer with --lock-timeout SECONDS` +
        ` (if that process is gone, delete ${e.lockFile})`,
      exit: 1,
    };
  }
  if (
    e instanceof StoreCorruptError ||
    e instanceof LedgerManifestError ||
    e instanceof LedgerSettingsConflictError
  )
    return { message: e.message, exit: 1 };
  if (e instanceof Error && "code" in e && typeof e.code === "string" && ERRNO[e.code] !== undefined) {
    const err = e as NodeJS.ErrnoException;
    return (ERRNO[e.code] as (w: string) => StoreFailure)(err.path ?? "the ledger");
  }
  return undefined;
};
