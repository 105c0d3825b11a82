import { bench, describe } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { buildReportSync } from "./report.js";

/*
 * Throughput of a report over a million events in memory: `npx vitest bench packages/projections`.
 * 200 000 hazards of five events each (some fewer), spread over 2023, interleaved as a log.
 */

const HAZARDS = 200_000;
const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const date = (ms: number) => iso(ms).slice(0, 10);

const builder = new HistoryBuilder();
for (let i = 0; i < HAZARDS; i += 1) {
  const t = START + (i % 360) * DAY + (i % 1000) * 60_000;
  const h = builder.hazard(`HZ-${i}`, iso(t), {
    level: i % 6 === 0 ? "major" : "general",
    sector: ["fire", "flood", "gas", "road_traffic", "hazchem"][i % 5] ?? "fire",
    region: `43010${i % 9}00${i % 7}`,
    unit: `单位${i % 5000}`,
  });
  h.assign(iso(t + 3_600_000), date(t + 20 * DAY));
  if (i % 10 === 0) continue;
  h.complete(iso(t + (i % 30) * DAY));
  h.accept(iso(t + 31 * DAY));
  h.close(iso(t + 32 * DAY));
}
// Interleave the streams as a global log would: by recordedAt (stable, so seq order holds).
const events = builder.events.sort((a, b) =>
  a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0,
);

const measure = (name: string, run: () => void) => {
  const t0 = performance.now();
  run();
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${name}: ${events.length} events in ${seconds.toFixed(2)} s = ${Math.round(events.length / seconds)} events/s`,
  );
};

describe(`report over ${events.length} events`, () => {
  const year = { period: { from: "2023-01-01", to: "2024-01-01" } };
  bench("totals as of the period end", () => measure("totals", () => void buildReportSync(events, year)), {
    iterations: 3,
    time: 0,
    warmupIterations: 1,
  });
  bench(
    "by region (county) as of and known at mid-year",
    () =>
      measure(
        "by region, as of and known at",
        () =>
          void buildReportSync(events, {
            ...year,
            asOf: "2023-07-01T00:00:00+08:00",
            knownAt: "2023-07-01T00:00:00+08:00",
            by: "region",
            regionLevel: "county",
          }),
      ),
    { iterations: 3, time: 0, warmupIterations: 1 },
  );
});
