import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { isProcessAlive } from "@hazard-ledger/core/store-kit";

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly since: string;
  /** What the holder is doing (`import`, `append`), so that a waiter can say what it waits for. */
  readonly activity?: string;
}

/** A held lock: release it once. */
export interface HeldLock {
  readonly owner: LockOwner;
  release(): void;
}

/** The lock could not be taken in time; the message names the holder. */
export class LockTimeoutError extends Error {
  override readonly name = "LockTimeoutError";
  /** A stable code, as every error of the ledger has. */
  readonly code = "LOCK_TIMEOUT";
  constructor(
    message: string,
    readonly holder: LockOwner | undefined,
    /** The store's directory. */
    readonly dir: string,
    /** The lock file (to delete by hand if its holder is gone for good). */
    readonly lockFile: string,
  ) {
    super(message);
  }
}

const LOCK_FILE = "writer.lock";
/** Tokens: a random prefix per process and a counter, unique without a syscall per lock. */
const TOKEN_PREFIX = randomBytes(8).toString("hex");
let tokenCount = 0;
const newToken = (): string => `${TOKEN_PREFIX}-${process.pid}-${tokenCount++}`;
const BREAK_FILE = "writer.lock.break";
/** A lock file still empty after this long was left by a writer that died while creating it. */
const EMPTY_LOCK_GRACE_MS = 2000;

const readOwner = (file: string): LockOwner | undefined => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const o = parsed as Record<string, unknown>;
    return typeof o["pid"] === "number" && typeof o["token"] === "string"
      ? {
          pid: o["pid"],
          host: String(o["host"]),
          token: o["token"],
          since: String(o["since"]),
          ...(typeof o["activity"] === "string" ? { activity: o["activity"] } : {}),
        }
      : undefined;
  } catch {
    return undefined;
  }
};

const ageMs = (file: string): number => {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const tryCreate = (file: string, owner: LockOwner): boolean => {
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
};

const unlinkQuietly = (file: string): void => {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
};

/** A holder is stale when its process is gone (same host), or it never wrote who it is. */
const isStale = (file: string, owner: LockOwner | undefined): boolean =>
  owner === undefined
    ? ageMs(file) > EMPTY_LOCK_GRACE_MS
    : owner.host === hostname() && !isProcessAlive(owner.pid);

/**
 * Removes a stale lock. Breakers serialise on a second lock file, and only remove the lock
 * if it still holds the very token judged stale, so a lock taken meanwhile by a live writer
 * is never removed. Returns false when another breaker is at work.
 */
const breakStale = (dir: string, stale: LockOwner | undefined, self: LockOwner): boolean => {
  const breakFile = path.join(dir, BREAK_FILE);
  if (!tryCreate(breakFile, self)) {
    const breaker = readOwner(breakFile);
    // A breaker that died in its few syscalls of work leaves its file behind.
    if (isStale(breakFile, breaker)) unlinkQuietly(breakFile);
    return false;
  }
  try {
    const lockFile = path.join(dir, LOCK_FILE);
    const now = readOwner(lockFile);
    if (now?.token === stale?.token && isStale(lockFile, now)) unlinkQuietly(lockFile);
  } finally {
    unlinkQuietly(breakFile);
  }
  return true;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the writer lock of the store in `dir`: a lock file created exclusively (O_EXCL),
 * holding the owner's pid, host and a fresh token. A live holder is waited for, up to
 * `timeoutMs`; a holder whose process is gone is broken. Readers never take it.
 */
export const acquireWriterLock = async (
  dir: string,
  timeoutMs: number,
  activity?: string,
): Promise<HeldLock> => {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: newToken(),
    since: new Date().toISOString(),
    ...(activity !== undefined ? { activity } : {}),
  };
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    if (tryCreate(file, owner)) return heldLock(file, owner);
    const holder = readOwner(file);
    if (isStale(file, holder)) {
      if (breakStale(dir, holder, owner)) continue;
    }
    if (Date.now() >= deadline) {
      const who =
        holder === undefined
          ? "a writer that has not yet written its name"
          : `process ${holder.pid} on ${holder.host} (${holder.activity ?? "writing"} since ${holder.since})`;
      throw new LockTimeoutError(
        `file event store ${dir}: the writer lock is held by ${who}; gave up after ${timeoutMs} ms ` +
          `(if that process is gone, delete ${file})`,
        holder,
        dir,
        file,
      );
    }
    await sleep(Math.min(wait, Math.max(1, deadline - Date.now())));
    wait = Math.min(wait * 2, 25);
  }
};

/** Takes the lock only if it is free right now (or stale); never waits. */
export const tryAcquireWriterLock = (dir: string): HeldLock | undefined => {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: newToken(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file, owner)) return heldLock(file, owner);
    const holder = readOwner(file);
    if (!isStale(file, holder) || !breakStale(dir, holder, owner)) return undefined;
  }
  return undefined;
};

const heldLock = (file: string, owner: LockOwner): HeldLock => {
  let released = false;
  return {
    owner,
    release: () => {
      if (released) return;
      released = true;
      // Only our own lock is removed, never one that replaced it.
      if (readOwner(file)?.token === owner.token) unlinkQuietly(file);
    },
  };
};
