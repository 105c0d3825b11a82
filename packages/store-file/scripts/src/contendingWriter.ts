/**
 * One of two processes writing one store: appends COUNT events to the shared hazard
 * `HZ-SHARED`, each at the exact revision it last read, retrying on a conflict (optimistic
 * concurrency), and COUNT events to a hazard of its own. Prints `A <note>` for each
 * acknowledged shared event and `C <n>` for the number of conflicts it retried.
 *
 * Usage: node contendingWriter.js DIR NAME COUNT [SEGMENT_BYTES]
 */
import { openFileEventStore } from "@hazard-ledger/store-file";

const [dir, name, countText, segmentBytes] = process.argv.slice(2);
if (dir === undefined || name === undefined || countText === undefined) {
  process.stderr.write("usage: contendingWriter DIR NAME COUNT\n");
  process.exit(2);
}
const count = Number(countText);
const actor = { id: name, role: "system" } as const;
const store = await openFileEventStore(dir, {
  lockTimeoutMs: 30_000,
  ...(segmentBytes !== undefined ? { segmentBytes: Number(segmentBytes) } : {}),
});
let conflicts = 0;
for (let i = 0; i < count; i++) {
  const note = `${name}-${i}`;
  for (;;) {
    const revision = await store.streamRevision("HZ-SHARED");
    const r = await store.appendToStream(
      "HZ-SHARED",
      [
        {
          hazardId: "HZ-SHARED",
          type: "ProgressReported",
          occurredAt: "2024-01-01T08:00:00+08:00",
          actor,
          data: { note },
        },
      ],
      { expectedRevision: revision },
    );
    if (r._tag === "Right") break;
    if (r.left.code !== "WRONG_EXPECTED_REVISION") throw new Error(r.left.message);
    conflicts++;
  }
  process.stdout.write(`A ${note}\n`);
  const own = `HZ-${name}`;
  const r = await store.appendToStream(
    own,
    [
      {
        hazardId: own,
        type: "ProgressReported",
        occurredAt: "2024-01-01T08:00:00+08:00",
        actor,
        data: { note },
      },
    ],
    { expectedRevision: i === 0 ? "no_stream" : i - 1 },
  );
  if (r._tag === "Left") throw new Error(r.left.message);
}
process.stdout.write(`C ${conflicts}\n`);
await store.close();
