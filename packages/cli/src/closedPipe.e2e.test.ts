import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, binWorkspace } from "./bin.fixture.js";

const ws = binWorkspace("closed-pipe");
afterAll(() => ws.remove());

describe("a reader that stops early (export | head)", () => {
  it("ends the command quietly: no EPIPE stack trace, exit 0", async () => {
    expect(ws.cli(["demo", "--quiet", "--store", "ledger"]).code).toBe(0);
    const child = spawn(process.execPath, [BIN, "export", "--store", "ledger"], {
      cwd: ws.work,
      env: { ...process.env, HAZARD_LEDGER_STORE: "" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    // Like `head -1`: read one chunk, then close the pipe while the export still writes.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
