import type { Readable } from "node:stream";

/** The world a CLI run touches, injected so tests can run it in-process. */
export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly stdin: Readable;
  /** The wall clock, read only here at the edge. */
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A problem with what the user asked (bad flag value): exit 2. */
export class UsageError extends Error {}

/** Input rejected or a check failed: exit 1, one line on stderr, no stack trace. */
export class RejectedError extends Error {}
