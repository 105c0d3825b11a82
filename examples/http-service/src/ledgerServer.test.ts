import { type EventStore, getInMemoryEventStore } from "@hazard-ledger/core";
import { sampleReportedData } from "@hazard-ledger/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningLedgerServer, startLedgerServer } from "./ledgerServer.js";
import { rivalWriterStore } from "./rivalWriterStore.fixture.js";

// Every request gives up after this long, so a hung server fails the test instead of stalling it.
const REQUEST_TIMEOUT_MS = 10_000;

const inspector = { id: "insp-1", role: "inspector", org: "区应急管理局", level: "county" };

const reportCommand = (hazardId: string, occurredAt: string, commandId?: string) => ({
  type: "ReportHazard",
  hazardId,
  occurredAt,
  actor: inspector,
  data: sampleReportedData,
  ...(commandId !== undefined ? { commandId } : {}),
});

const assignCommand = (hazardId: string, occurredAt: string, deadline: string) => ({
  type: "AssignRectification",
  hazardId,
  occurredAt,
  actor: inspector,
  data: { responsibleUnit: "设备科", deadline },
});

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
  readonly json: () => Record<string, unknown>;
}

const request = async (url: string, init: RequestInit = {}): Promise<Answer> => {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    headers: res.headers,
    text,
    json: () => JSON.parse(text) as Record<string, unknown>,
  };
};

/** A service over a memory store whose clock the test sets. */
const serviceFixture = (makeStore: () => EventStore = getInMemoryEventStore, maxAttempts?: number) => {
  let now = new Date("2023-03-01T02:00:00Z");
  const fixture = {
    store: makeStore(),
    running: undefined as RunningLedgerServer | undefined,
    setClock: (iso: string) => {
      now = new Date(iso);
    },
    url: (path: string) => `${fixture.running?.url}${path}`,
    post: (body: unknown, path = "/commands") =>
      request(fixture.url(path), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
      }),
    get: (path: string) => request(fixture.url(path)),
  };
  beforeAll(async () => {
    fixture.running = await startLedgerServer({
      store: fixture.store,
      clock: () => now,
      maxBodyBytes: 4096,
      onError: () => undefined,
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    });
  });
  afterAll(async () => {
    await fixture.running?.close();
    await fixture.store.close();
  });
  return fixture;
};

describe("POST /commands", () => {
  const service = serviceFixture();

  it("stores a command's events at the server's clock and answers 201 with them", async () => {
    service.setClock("2023-03-01T02:05:00.000Z");
    const answer = await service.post(reportCommand("HZ-HTTP-1", "2023-03-01T09:30:00+08:00"));
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe("/hazards/HZ-HTTP-1/status");
    const body = answer.json();
    const stored = await service.store.readStream("HZ-HTTP-1");
    expect(body["status"]).toBe("reported");
    expect(body["events"]).toEqual(stored.map(({ position: _position, ...e }) => e));
    expect(stored.map((e) => e.recordedAt)).toEqual(["2023-03-01T02:05:00.000Z"]);
  });

  it("unknown fields are silently dropped (no more): a recordedAt in a command is 400 naming it, nothing stored", async () => {
    service.setClock("2023-03-01T02:05:00.000Z");
    // A client cannot choose when its command is recorded: recordedAt is not a command field.
    const sent = {
      ...reportCommand("HZ-HTTP-0", "2023-03-01T09:30:00+08:00"),
      recordedAt: "2020-01-01T00:00:00Z",
    };
    const answer = await service.post(sent);
    expect(answer.status).toBe(400);
    expect(answer.json()["message"]).toBe("command: recordedAt: unknown field");
    expect(await service.store.streamRevision("HZ-HTTP-0")).toBe("no_stream");
  });

  it("answers a repeated commandId with the original events (200), and stores nothing more", async () => {
    service.setClock("2023-03-01T02:10:00.000Z");
    const command = reportCommand("HZ-HTTP-2", "2023-03-01T10:00:00+08:00", "cmd-http-2");
    const first = await service.post(command);
    service.setClock("2023-03-01T03:00:00.000Z");
    const again = await service.post(command);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json()["idempotentReplay"]).toBe(true);
    expect(again.json()["events"]).toEqual(first.json()["events"]);
    expect(await service.store.streamRevision("HZ-HTTP-2")).toBe(0);
  });

  it("answers 422 with {code, message, hazardId, seq} when the rules refuse the command", async () => {
    service.setClock("2023-03-02T01:00:00.000Z");
    await service.post(reportCommand("HZ-HTTP-3", "2023-03-02T08:30:00+08:00"));
    const revision = await service.store.streamRevision("HZ-HTTP-3");
    const early = await service.post(assignCommand("HZ-HTTP-3", "2023-03-02T08:40:00+08:00", "2023-02-01"));
    expect(early.status).toBe(422);
    expect(early.json()).toMatchObject({
      code: "DEADLINE_BEFORE_DISCOVERY",
      hazardId: "HZ-HTTP-3",
      seq: (revision as number) + 1,
      field: "data.deadline",
    });
    const twice = await service.post(reportCommand("HZ-HTTP-3", "2023-03-02T08:50:00+08:00"));
    expect(twice.status).toBe(422);
    expect(twice.json()["code"]).toBe("HAZARD_ALREADY_REPORTED");
    expect(await service.store.streamRevision("HZ-HTTP-3")).toBe(revision);
  });

  it("answers 422 NOT_PERMITTED when the policy refuses the actor", async () => {
    service.setClock("2023-03-02T02:00:00.000Z");
    await service.post(reportCommand("HZ-HTTP-4", "2023-03-02T09:00:00+08:00"));
    const byPublic = {
      ...assignCommand("HZ-HTTP-4", "2023-03-02T09:30:00+08:00", "2023-03-31"),
      actor: { id: "pub-1", role: "public" },
    };
    const answer = await service.post(byPublic);
    expect(answer.status).toBe(422);
    expect(answer.json()).toMatchObject({ code: "NOT_PERMITTED", hazardId: "HZ-HTTP-4", field: "actor" });
  });

  it("non-UTF-8 input is stored as garbage (no more): a GBK body is 400 naming GBK, nothing stored", async () => {
    // A body saved as GBK: every character GBK, so only the title's 配 (C5 E4) is not ASCII.
    const command = reportCommand("HZ-HTTP-6", "2023-03-02T09:00:00+08:00");
    const text = JSON.stringify({
      ...command,
      actor: { id: "u-1", role: "inspector" },
      data: { ...command.data, title: "配", unit: { name: "works" } },
    });
    const [before, after] = text.split("配") as [string, string];
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xc5, 0xe4]), Buffer.from(after)]);
    const answer = await service.post(bytes);
    expect(answer.status).toBe(400);
    expect(answer.json()["message"]).toMatch(/^body: not UTF-8: the bytes look like GBK/);
    expect(await service.store.streamRevision("HZ-HTTP-6")).toBe("no_stream");
  });

  it("answers 400 with one line when the body is not a command", async () => {
    const notJson = await service.post("{ not json");
    const notACommand = await service.post({
      ...reportCommand("HZ-HTTP-5", "2023-03-02T09:00:00+08:00"),
      type: "Nope",
    });
    const badDate = await service.post(assignCommand("HZ-HTTP-5", "2023-03-02T09:00:00+08:00", "2023-02-30"));
    const empty = await service.post("");
    for (const answer of [notJson, notACommand, badDate, empty]) {
      expect(answer.status).toBe(400);
      expect(answer.json()["code"]).toBe("BAD_REQUEST");
      expect(answer.json()["message"]).not.toMatch(/\n/);
    }
    expect(notACommand.json()["message"]).toContain('"Nope"');
    expect(badDate.json()["message"]).toContain("data.deadline");
    expect(await service.store.streamRevision("HZ-HTTP-5")).toBe("no_stream");
  });

  it("answers 413 to a body over the limit", async () => {
    const command = reportCommand("HZ-HTTP-6", "2023-03-02T09:00:00+08:00");
    const huge = { ...command, data: { ...command.data, description: "长".repeat(4096) } };
    const answer = await service.post(huge);
    expect(answer.status).toBe(413);
    expect(await service.store.streamRevision("HZ-HTTP-6")).toBe("no_stream");
  });

  it("answers 405 to other methods and 404 to unknown paths", async () => {
    const get = await service.get("/commands");
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    const post = await service.post({}, "/report");
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
    expect((await service.get("/nowhere")).status).toBe(404);
  });
});

describe("POST /commands on a contended stream", () => {
  const MAX_ATTEMPTS = 3;
  let rival: ReturnType<typeof rivalWriterStore> | undefined;
  const service = serviceFixture(() => {
    rival = rivalWriterStore(getInMemoryEventStore());
    return rival;
  }, MAX_ATTEMPTS);

  it("answers 409 once every attempt met a concurrent write, and stores none of the command", async () => {
    service.setClock("2023-03-03T01:00:00.000Z");
    expect((await service.post(reportCommand("HZ-HTTP-7", "2023-03-03T08:30:00+08:00"))).status).toBe(201);
    const answer = await service.post(assignCommand("HZ-HTTP-7", "2023-03-03T08:40:00+08:00", "2023-03-31"));
    expect(answer.status).toBe(409);
    expect(answer.json()).toMatchObject({
      code: "RETRY_EXHAUSTED",
      hazardId: "HZ-HTTP-7",
      attempts: MAX_ATTEMPTS,
    });
    const types = (await service.store.readStream("HZ-HTTP-7")).map((e) => e.type);
    expect(types).not.toContain("RectificationAssigned");
    expect(types.filter((t) => t === "ProgressReported")).toHaveLength(rival?.rivalWrites() ?? -1);
  });
});

describe("GET routes", () => {
  const service = serviceFixture();
  const hazardId = "HZ-HTTP-Q";
  const deadline = "2023-03-31";
  const reportedAt = "2023-03-06T01:00:00.000Z";
  const assignedAt = "2023-03-07T01:00:00.000Z";

  beforeAll(async () => {
    service.setClock(reportedAt);
    await service.post(reportCommand(hazardId, "2023-03-06T08:30:00+08:00"));
    await service.post(reportCommand("HZ-HTTP-Q2", "2023-03-06T08:45:00+08:00"));
    service.setClock(assignedAt);
    await service.post(assignCommand(hazardId, "2023-03-07T08:30:00+08:00", deadline));
  });

  it("status: as the ledger says now, and as it said between the report and the assignment", async () => {
    const now = await service.get(`/hazards/${hazardId}/status`);
    expect(now.status).toBe(200);
    expect(now.json()).toMatchObject({ hazardId, status: "rectifying", deadline });
    const before = await service.get(`/hazards/${hazardId}/status?knownAt=2023-03-06T12:00:00Z`);
    expect(before.json()).toMatchObject({ status: "reported", deadline: null });
  });

  it("status: overdue as of a day after the deadline, rendered as text on request", async () => {
    const late = await service.get(`/hazards/${hazardId}/status?asOf=2023-04-01T00:00:00%2B08:00`);
    expect(late.json()["overdue"]).toEqual({ rectification: true, supervision: false });
    const text = await service.get(`/hazards/${hazardId}/status?format=text&lang=en`);
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.text).toContain(hazardId);
  });

  it("status: 404 for an unknown hazard, 400 for a bad instant or an unknown parameter", async () => {
    expect((await service.get("/hazards/HZ-NOBODY/status")).status).toBe(404);
    const badInstant = await service.get(`/hazards/${hazardId}/status?asOf=yesterday`);
    expect(badInstant.status).toBe(400);
    expect(badInstant.json()["message"]).toMatch(/^asOf/);
    const typo = await service.get(`/hazards/${hazardId}/status?as_of=2023-04-01T00:00:00Z`);
    expect(typo.status).toBe(400);
    expect(typo.json()["message"]).toContain("as_of");
    // Reported later than the asked instant: not yet in the ledger then.
    expect((await service.get(`/hazards/${hazardId}/status?asOf=2023-01-01T00:00:00Z`)).status).toBe(404);
  });

  it("overdue: lists the hazard once its deadline has passed, and only then", async () => {
    const after = await service.get("/overdue?asOf=2023-04-02T00:00:00%2B08:00");
    const before = await service.get("/overdue?asOf=2023-03-31T23:00:00%2B08:00");
    expect(after.json()).toEqual([
      expect.objectContaining({ hazardId, kind: "rectification", deadline, daysOverdue: 2 }),
    ]);
    expect(before.json()).toEqual([]);
    const supervision = await service.get("/overdue?asOf=2023-04-02T00:00:00%2B08:00&kind=supervision");
    expect(supervision.json()).toEqual([]);
    expect((await service.get("/overdue?kind=fire")).status).toBe(400);
  });

  it("report: the period's figures, grouped, as JSON or text, and what the ledger said earlier", async () => {
    const reported = [hazardId, "HZ-HTTP-Q2"];
    const year = await service.get("/report?from=2023-01-01&to=2024-01-01");
    expect(year.status).toBe(200);
    const totals = year.json()["totals"] as Record<string, unknown>;
    expect(totals["discovered"]).toBe(reported.length);
    expect(totals["open"]).toBe(reported.length);
    const bySector = await service.get("/report?from=2023-01-01&to=2024-01-01&by=sector");
    expect((bySector.json()["groups"] as { key: string }[]).map((g) => g.key)).toEqual(["industry_trade"]);
    const knownEarlier = "2023-03-05T00:00:00.000Z";
    const known = await service.get(`/report?from=2023-01-01&to=2024-01-01&knownAt=${knownEarlier}`);
    expect(known.json()).toMatchObject({ knownAt: knownEarlier, totals: { discovered: 0 } });
    const text = await service.get("/report?from=2023-01-01&to=2024-01-01&format=text&lang=en");
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.text).not.toBe(year.text);
  });

  it("report: 400 for a bad grouping, language, format or date", async () => {
    for (const query of ["by=colour", "lang=fr", "format=xml", "from=2023-13-01"]) {
      const answer = await service.get(`/report?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json()["message"], query).toContain(query.split("=")[0]);
    }
  });
});
