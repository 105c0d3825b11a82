import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { getInMemoryEventStore, importEventLog, toEventLogLine, verifyAll } from "@hazard-ledger/core";
import { renderReport } from "@hazard-ledger/projections";
import { openFileEventStore, verifyStoreDirectory } from "@hazard-ledger/store-file";
import * as E from "fp-ts/lib/Either.js";
import { FILING, buildAuditLedger } from "./auditLedger.js";
import { changedFigures } from "./changedFigures.js";
import { copyRecordedUpTo, filedReport } from "./filedReport.js";
import { auditHazard, handOut } from "./hazardProof.js";
import { flipFineBit, flipFineBitOnDisk } from "./tamper.js";
import { verifyEventLog } from "./verifyEventLog.js";

/** Ends the run with one line on stderr when a step that cannot fail here does. */
const must = <A>(step: string, result: E.Either<{ message: string } | string, A>): A => {
  if (E.isRight(result)) return result.right;
  console.error(`${step}: ${typeof result.left === "string" ? result.left : result.left.message}`);
  process.exit(1);
};

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "hazard-audit-"));
const store = await openFileEventStore(dir).catch((e: unknown) => {
  console.error(`store ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const built = must("build", await buildAuditLedger(store, new Date().toISOString()));
console.log(`The ledger: ${dir} (${built.appended} events written, ${built.duplicates} already there)\n`);

// 1. The same question on the known-at axis: what the ledger said when the figures were filed, and today.
const filed = must("report", await filedReport(store, FILING.filedAt));
const today = must("report", await filedReport(store, null));
console.log(`Filed on ${FILING.filedAt}:\n${renderReport(filed, { lang: "en" }).trimEnd()}\n`);
console.log(
  `The same figures as the ledger gives them today:\n${renderReport(today, { lang: "en" }).trimEnd()}\n`,
);
console.log("What changed since the filing (entries recorded later about facts before it):");
for (const c of changedFigures(filed.totals, today.totals))
  console.log(`  ${c.path}: ${c.before} → ${c.after}`);

// 2. A store that only ever held what was recorded up to the filing gives the filed figures.
const then = getInMemoryEventStore();
const copied = must("copy", await copyRecordedUpTo(store, FILING.filedAt, then));
const replayed = must("report", await filedReport(then, null));
const same = isDeepStrictEqual({ ...filed, knownAt: null }, replayed);
console.log(
  `\nA store holding only the ${copied.appended} events recorded by ${FILING.filedAt} gives the filed report: ${same ? "identical" : "DIFFERENT"}`,
);

// 3. The hash chains, then one flipped bit, in an export and on disk.
const breaks = await verifyAll(store.readAll());
console.log(`\nHash chains of every hazard: ${breaks.length === 0 ? "intact" : `${breaks.length} breaks`}`);
const lines: string[] = [];
for await (const event of store.readAll()) lines.push(toEventLogLine(event));
const fineAt = lines.findIndex((l) => l.includes('"action":"fine"'));
const original = lines[fineAt] as string;
const tampered = flipFineBit(original);

// 4. One hazard's history, proven offline: the office hands out its lines and a proof; the
// auditor checks them against the digest printed on the report, with no store at all.
const finedHazard = (JSON.parse(original) as { hazardId: string }).hazardId;
const handed = must("proof", await handOut(store, finedHazard));
const proven = must("audit", auditHazard(handed.history, handed.proof, handed.digest));
console.log(
  `\n${proven.hazardId}: its ${proven.events} events are in the ledger at digest ${proven.ledger.digest.slice(0, 16)}… (${proven.ledger.events} events), proven offline`,
);
const forged = auditHazard(
  handed.history.map((l) => (l === original ? tampered : l)),
  handed.proof,
  handed.digest,
);
if (E.isLeft(forged)) console.log(`  with the fine's bit flipped: refused (${forged.left.message})`);

await store.close();
console.log("");
console.log(
  `Flip one bit of line ${fineAt + 1} of the export (a fine of ${/"fineFen":(\d+)/.exec(original)?.[1]} fen becomes ${/"fineFen":(\d+)/.exec(tampered)?.[1]}):`,
);
const found = must("verify", verifyEventLog(lines.map((l, i) => (i === fineAt ? tampered : l))));
for (const b of found) console.log(`  detected: ${b.message}`);

const refused = await importEventLog(
  getInMemoryEventStore(),
  lines.map((l, i) => (i === fineAt ? tampered : l)),
  { now: new Date().toISOString() },
);
if (E.isLeft(refused))
  console.log(`  and the import refuses it: line ${refused.left.line}: ${refused.left.message}`);

const copyDir = mkdtempSync(join(tmpdir(), "hazard-audit-tampered-"));
cpSync(dir, copyDir, { recursive: true });
flipFineBitOnDisk(copyDir, original);
const disk = await verifyStoreDirectory(copyDir);
console.log(`The same bit flipped in a copy of the store's files:`);
for (const b of disk.breaks) console.log(`  detected: ${b.message}`);
rmSync(copyDir, { recursive: true, force: true });

console.log(`\nAsk the same of the ledger from the command line:
  pnpm exec hazard-ledger report --store ${dir} --from ${FILING.period.from} --to ${FILING.period.to} --known-at ${FILING.filedAt} --lang en
  pnpm exec hazard-ledger verify --store ${dir}`);
