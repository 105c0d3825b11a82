import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_STORE, serviceConfig } from "./serviceConfig.js";

describe("serviceConfig", () => {
  it("takes the store from the argument, else the environment, else the CLI's default", () => {
    const fromArg = serviceConfig(["/srv/ledger"], { HAZARD_LEDGER_STORE: "/elsewhere" });
    const fromEnv = serviceConfig([], { HAZARD_LEDGER_STORE: "/elsewhere", PORT: "0" });
    const byDefault = serviceConfig([], {});
    expect(E.map((c: { store: string }) => c.store)(fromArg)).toEqual(E.right("/srv/ledger"));
    expect(fromEnv).toEqual(E.right(expect.objectContaining({ store: "/elsewhere", port: 0 })));
    expect(byDefault).toEqual(E.right(expect.objectContaining({ store: DEFAULT_STORE, host: "127.0.0.1" })));
  });

  it("refuses a bad port, an unknown time zone and extra arguments, naming which", () => {
    for (const [argv, env, name] of [
      [[], { PORT: "80a" }, "PORT"],
      [[], { PORT: "70000" }, "PORT"],
      [[], { HAZARD_LEDGER_TZ: "Mars/Olympus" }, "HAZARD_LEDGER_TZ"],
      [["a", "b"], {}, "usage"],
    ] as const) {
      const config = serviceConfig(argv, env);
      expect(E.isLeft(config) && config.left.startsWith(name)).toBe(true);
    }
  });
});
