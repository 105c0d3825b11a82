/** What a route answers: a status, a content type and a body, as a value the server then sends. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A JSON reply. */
export const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: `${JSON.stringify(value)}\n`,
});

/** A plain-text reply (reports rendered in Chinese or English). */
export const text = (status: number, body: string): Reply => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body: body.endsWith("\n") ? body : `${body}\n`,
});

/**
 * An error reply: `{code, message}` plus any fields that locate the problem. The message is
 * one line, so a client can log it as it is.
 */
export const problem = (
  status: number,
  code: string,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): Reply => json(status, { code, message: message.replace(/\s*\n\s*/g, " "), ...extra });
