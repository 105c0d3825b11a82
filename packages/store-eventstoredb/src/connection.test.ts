import { EventStoreDBClient } from "@eventstore/db-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventStoreDBClientSeam } from "./clientSeam.js";
import { type EventStoreDBClientFactory, connect, withClientOptions } from "./connection.js";
import { FakeEventStoreDBClient } from "./fakeEventStoreDBClient.fixture.js";

/** A factory that records what it is asked for and hands out fakes. */
const recordingFactory = () => {
  const calls: { kind: string; args: unknown[] }[] = [];
  const factory: EventStoreDBClientFactory = {
    fromConnectionString: (s) => {
      calls.push({ kind: "connectionString", args: [s] });
      return new FakeEventStoreDBClient();
    },
    fromSettings: (...args) => {
      calls.push({ kind: "settings", args });
      return new FakeEventStoreDBClient();
    },
  };
  return { factory, calls };
};

describe("withClientOptions", () => {
  it("adds keep-alive, deadline and TLS settings to a connection string's query", () => {
    expect(
      withClientOptions("esdb://localhost:2113", {
        keepAliveInterval: 20_000,
        keepAliveTimeout: 15_000,
        defaultDeadline: 5_000,
        tls: false,
      }),
    ).toBe(
      "esdb://localhost:2113?keepAliveInterval=20000&keepAliveTimeout=15000&defaultDeadline=5000&tls=false",
    );
  });

  it("replaces a setting already in the string, whatever its spelling, and keeps the others", () => {
    expect(
      withClientOptions(
        "esdb://admin:changeit@a:2113,b:2113?TLS=true&node_preference=leader&keep-alive-interval=1",
        {
          tls: false,
          keepAliveInterval: 30_000,
        },
      ),
    ).toBe("esdb://admin:changeit@a:2113,b:2113?node_preference=leader&tls=false&keepAliveInterval=30000");
  });

  it("leaves a string alone when no option is given", () => {
    expect(withClientOptions("esdb://localhost:2113?tls=false", {})).toBe("esdb://localhost:2113?tls=false");
    expect(withClientOptions("esdb://localhost:2113", { tls: undefined })).toBe("esdb://localhost:2113");
  });

  it("refuses a value the client's parser would split, naming the option", () => {
    expect(() => withClientOptions("esdb://h", { tlsCAFile: "/certs/a&b.pem" })).toThrow(
      /clientOptions.tlsCAFile: "\/certs\/a&b.pem" cannot go in a connection string/,
    );
  });
});

describe("connect", () => {
  it("passes a connection string, with its client options merged in, to EventStoreDBClient.connectionString", () => {
    const { factory, calls } = recordingFactory();
    const { owned } = connect(
      {
        connectionString: "esdb://localhost:2113?tls=false",
        clientOptions: { keepAliveInterval: 12_000, defaultDeadline: 2_500 },
      },
      factory,
    );
    expect(owned).toBe(true);
    expect(calls).toEqual([
      {
        kind: "connectionString",
        args: ["esdb://localhost:2113?tls=false&keepAliveInterval=12000&defaultDeadline=2500"],
      },
    ]);
  });

  it("passes constructor settings, channel credentials (TLS) and user credentials as they are", () => {
    const { factory, calls } = recordingFactory();
    const settings = {
      endpoint: "db.example:2113",
      keepAliveInterval: 11_000,
      keepAliveTimeout: 9_000,
      defaultDeadline: 4_000,
    };
    const channel = { insecure: false, rootCertificate: Buffer.from("-----BEGIN CERTIFICATE-----") };
    const user = { username: "ops", password: "secret" };
    const { owned } = connect(
      { connectionSettings: settings, channelCredentials: channel, defaultUserCredentials: user },
      factory,
    );
    expect(owned).toBe(true);
    expect(calls).toEqual([{ kind: "settings", args: [settings, channel, user] }]);
  });

  it("uses a client given as it is, and does not own it", () => {
    const { factory, calls } = recordingFactory();
    const client = new FakeEventStoreDBClient();
    const connected = connect({ client }, factory);
    expect(connected.client).toBe(client);
    expect(connected.owned).toBe(false);
    expect(calls).toEqual([]);
  });

  it("reads KurrentDB's kurrentdb:// and kurrent:// schemes as the esdb:// that client 6 parses", () => {
    const { factory, calls } = recordingFactory();
    connect({ connectionString: "kurrentdb://localhost:2113?tls=false" }, factory);
    connect({ connectionString: "kurrent+discover://cluster.example:2113" }, factory);
    connect({ connectionString: "KurrentDB://a:2113", clientOptions: { tls: false } }, factory);
    expect(calls.map((c) => c.args[0])).toEqual([
      "esdb://localhost:2113?tls=false",
      "esdb+discover://cluster.example:2113",
      "esdb://a:2113?tls=false",
    ]);
  });

  it("refuses an empty connection string", () => {
    expect(() => connect({ connectionString: " " })).toThrow(
      /connectionString must be a non-empty esdb:\/\//,
    );
  });
});

describe("connect with the real client (no server is contacted: the client connects lazily)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("calls EventStoreDBClient.connectionString with the merged string, and the client gets its settings", async () => {
    const spy = vi.spyOn(EventStoreDBClient, "connectionString");
    const { client } = connect({
      connectionString: "esdb://localhost:2113?tls=false",
      clientOptions: { connectionName: "ledger-test", keepAliveInterval: 10_000 },
    });
    expect(spy).toHaveBeenCalledWith(
      "esdb://localhost:2113?tls=false&connectionName=ledger-test&keepAliveInterval=10000",
    );
    expect(client).toBeInstanceOf(EventStoreDBClient);
    expect((client as EventStoreDBClient).connectionName).toBe("ledger-test");
    await client.dispose();
  });

  it("builds a client with the constructor from settings", async () => {
    const { client } = connect({
      connectionSettings: { endpoint: "localhost:2113", connectionName: "ctor-test", defaultDeadline: 3_000 },
      channelCredentials: { insecure: true },
    });
    expect(client).toBeInstanceOf(EventStoreDBClient);
    expect((client as EventStoreDBClient).connectionName).toBe("ctor-test");
    await client.dispose();
  });

  it("reports a malformed connection string through the client's parser", () => {
    expect(() => connect({ connectionString: "http://localhost:2113" })).toThrow(/esdb:\/\//);
  });

  it("accepts a real client where the seam is expected", () => {
    const client = EventStoreDBClient.connectionString("esdb://localhost:2113?tls=false");
    const seam: EventStoreDBClientSeam = client;
    expect(typeof seam.appendToStream).toBe("function");
  });
});
