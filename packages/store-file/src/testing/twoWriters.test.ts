import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openFileEventStore } from "../store/fileEventStore.js";
import { compiledScript, runScript } from "./spawnScript.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-two-writers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("two processes writing one store", () => {
  it("lose no update and interleave no bytes", async () => {
    const dir = path.join(root, "store");
    const count = 60;
    const script = compiledScript("contendingWriter");
    const writers = ["W1", "W2"].map((name) => ({
      name,
      run: runScript(script, [dir, name, String(count), "4096"]),
    }));
    for (const w of writers) expect(await w.run.exited, w.run.stderr()).toBe(0);

    const store = await openFileEventStore(dir);
    const shared = await store.readStream("HZ-SHARED");
    const notes = shared.map((e) => (e.type === "ProgressReported" ? e.data.note : ""));
    expect(shared.map((e) => e.seq)).toEqual(Array.from({ length: 2 * count }, (_, i) => i));
    expect(new Set(notes).size).toBe(2 * count);
    for (const w of writers) {
      const acked = w.run
        .lines()
        .filter((l) => l.startsWith("A "))
        .map((l) => l.slice(2));
      expect(acked).toHaveLength(count);
      for (const note of acked) expect(notes).toContain(note);
      expect(await store.streamRevision(`HZ-${w.name}`)).toBe(count - 1);
    }
    const report = await store.verify();
    expect(report.breaks).toEqual([]);
    expect(report.events).toBe(4 * count);
    // Small segments: both processes followed each other's segment rolls.
    expect(report.segments).toBeGreaterThan(3);
    await store.close();
  });
});
