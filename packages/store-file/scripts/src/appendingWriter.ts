/**
 * A live writer for the fault and concurrency tests: appends COUNT events, one append each, to
 * the hazard `HZ-<NAME>` of the store in DIR, through the library's `appendToStream`, and
 * prints `A <seq>` once each is acknowledged. A failure ends it with one line `E <code> <message>`
 * on stderr and exit 1.
 *
 * Usage: node appendingWriter.js DIR NAME COUNT
 */
import { openFileEventStore } from "@hazard-ledger/store-file";

const [dir, name, countText] = process.argv.slice(2);
if (dir === undefined || name === undefined || countText === undefined) {
  process.stderr.write("usage: appendingWriter DIR NAME COUNT\n");
  process.exit(2);
}
const hazardId = `HZ-${name}`;
const actor = { id: name, role: "system" } as const;
try {
  const store = await openFileEventStore(dir, { lockTimeoutMs: 60_000 });
  try {
    for (let i = 0; i < Number(countText); i++) {
      const r = await store.appendToStream(
        hazardId,
        [
          {
            hazardId,
            type: "ProgressReported",
            occurredAt: "2024-01-01T08:00:00+08:00",
            actor,
            commandId: `${name}-${i}`,
            data: { note: `${name}-${i}` },
          },
        ],
        { expectedRevision: i === 0 ? "no_stream" : i - 1 },
      );
      if (r._tag === "Left") throw new Error(r.left.message);
      process.stdout.write(`A ${i}\n`);
    }
  } finally {
    await store.close().catch(() => undefined);
  }
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  process.stderr.write(
    `E ${err.code ?? (err.cause as NodeJS.ErrnoException | undefined)?.code ?? "-"} ${err.message}\n`,
  );
  process.exitCode = 1;
}
