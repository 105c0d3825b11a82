import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AuthorizationPolicy,
  DEFAULT_TIME_ZONE,
  type EventStore,
  decideContext,
  hazardCommandHandler,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { postCommand } from "./commandRoute.js";
import { type QueryDeps, getOverdue, getReport, getStatus } from "./queryRoutes.js";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./readJsonBody.js";
import { type Reply, problem } from "./reply.js";

/** How the service is put together. Only the store is required. */
export interface LedgerServiceOptions {
  readonly store: EventStore;
  /** The clock that gives commands their `now` (recordedAt) and queries their default `asOf`. */
  readonly clock?: () => Date;
  /** IANA zone of the ledger's calendar; default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Who may do what; default the policy of domain.md. */
  readonly policy?: AuthorizationPolicy;
  /** Attempts of a command on a stream other writers keep changing; default 5. */
  readonly maxAttempts?: number;
  readonly maxBodyBytes?: number;
  /** Where failures of the server itself (not of requests) are told; default console.error. */
  readonly onError?: (error: unknown) => void;
}

const HAZARD_STATUS_PATH = /^\/hazards\/([^/]+)\/status$/;

const send = (res: ServerResponse, reply: Reply): void => {
  res.writeHead(reply.status, {
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
};

const methodNotAllowed = (allow: string): Reply => ({
  ...problem(405, "METHOD_NOT_ALLOWED", `use ${allow} here`),
  headers: { allow },
});

/**
 * The ledger as an HTTP service (node:http, no framework):
 * - `POST /commands`: a JSON command → 201 with the stored events (200 for a repeated
 *   commandId), 400 for a body that is not a command, 422 with {code, message, hazardId,
 *   seq} when the rules refuse it, 409 when other writers kept the stream busy;
 * - `GET /hazards/:id/status`, `GET /overdue`, `GET /report`: the projections, with `asOf`
 *   and `knownAt`, in JSON or (`format=text`) rendered in `lang` zh or en.
 *
 * The service reads the clock only here, at the edge; the engine behind it never does.
 */
export const createLedgerServer = (options: LedgerServiceOptions): Server => {
  const clock = options.clock ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const onError = options.onError ?? ((e: unknown) => console.error(e));
  // #region handler
  const contextNow = () =>
    decideContext(clock().toISOString(), {
      timeZone,
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
    });
  // Fail at start-up, not at the first command, on a zone that does not exist.
  contextNow();
  const handle = hazardCommandHandler(
    options.store,
    options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {},
  );
  // #endregion handler
  const deps: QueryDeps = { store: options.store, timeZone, now: () => clock().toISOString() };

  const route = async (req: IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    if (path === "/commands") {
      if (req.method !== "POST") return methodNotAllowed("POST");
      const body = await readJsonBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      return E.isLeft(body) ? body.left : postCommand(body.right, handle, contextNow);
    }
    const status = HAZARD_STATUS_PATH.exec(path);
    const isQuery = status !== null || path === "/overdue" || path === "/report";
    if (!isQuery) return problem(404, "NOT_FOUND", `no route ${path}`);
    if (req.method !== "GET") return methodNotAllowed("GET");
    if (path === "/overdue") return getOverdue(deps, url.searchParams);
    if (path === "/report") return getReport(deps, url.searchParams);
    let hazardId: string;
    try {
      hazardId = decodeURIComponent(status?.[1] ?? "");
    } catch {
      return problem(400, "BAD_REQUEST", `path: ${path} is not a well-formed hazard id`);
    }
    return getStatus(deps, hazardId, url.searchParams);
  };

  return createServer((req, res) => {
    route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        // A store that failed (I/O, closed): the request is not at fault.
        onError(error);
        if (!res.headersSent)
          send(res, problem(500, "INTERNAL", "the ledger could not answer; see the server log"));
        else res.destroy();
      },
    );
  });
};

/** A listening service, and how to stop it. */
export interface RunningLedgerServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, ends idle keep-alive connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Starts the service on `host:port` (port 0: any free port) and resolves once it listens. */
export const startLedgerServer = async (
  options: LedgerServiceOptions & { readonly port?: number; readonly host?: string },
): Promise<RunningLedgerServer> => {
  const server = createLedgerServer(options);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeIdleConnections();
      }),
  };
};
