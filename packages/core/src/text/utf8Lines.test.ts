import { describe, expect, it } from "vitest";
import { TextInputError, utf8Lines } from "./utf8Lines.js";
import { decodeUtf8 } from "./utf8Text.js";
import * as E from "fp-ts/lib/Either.js";

const gbk = new Uint8Array([0xc5, 0xe4, 0xb5, 0xe7, 0xcf, 0xe4]); // 配电箱 in GBK
const bytes = (...parts: (string | Uint8Array | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

const read = async (chunks: Uint8Array[], maxLineBytes?: number): Promise<string[] | TextInputError> => {
  const out: string[] = [];
  try {
    for await (const line of utf8Lines(chunks, maxLineBytes === undefined ? {} : { maxLineBytes }))
      out.push(line);
    return out;
  } catch (e) {
    if (e instanceof TextInputError) return e;
    throw e;
  }
};

describe("utf8Lines", () => {
  it("non-UTF-8 input is stored as garbage (no more): a GBK line is refused with its number and a GBK hint", async () => {
    const r = await read([bytes('{"a":1}\n{"t":"', gbk, '"}\n')]);
    expect(r).toBeInstanceOf(TextInputError);
    expect((r as TextInputError).line).toBe(2);
    expect((r as TextInputError).reason).toMatch(/^not UTF-8: the bytes look like GBK \(GB 18030/);
  });

  it("skips a leading UTF-8 BOM, and only on the first line", async () => {
    expect(await read([bytes([0xef, 0xbb, 0xbf], "配电箱\nb\n")])).toEqual(["配电箱", "b"]);
  });

  it("names UTF-16 LE and BE by their byte-order mark", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}\n', "utf16le")]);
    expect(((await read([le])) as TextInputError).reason).toMatch(/UTF-16 LE \(byte-order mark FF FE\)/);
    const be = Buffer.from(Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]));
    expect(((await read([be])) as TextInputError).reason).toMatch(/UTF-16 BE/);
  });

  it("names UTF-16 without a byte-order mark (ASCII interleaved with NULs)", async () => {
    const r = await read([Buffer.from('{"hazardId":"HZ-1"}\n', "utf16le")]);
    expect((r as TextInputError).reason).toMatch(/UTF-16 LE \(no byte-order mark\)/);
  });

  it("refuses NUL bytes as binary", async () => {
    const r = await read([bytes("ok\n", [0x7b, 0x00, 0x01, 0x02, 0x7d, 0x00, 0x00, 0x41, 0x42, 0x43], "\n")]);
    expect(r).toMatchObject({ line: 2 });
    expect((r as TextInputError).reason).toMatch(/NUL bytes/);
  });

  it("calls bytes with control characters binary rather than GBK", async () => {
    const r = await read([bytes([0x89, 0x50, 0x4e, 0x47, 0x1a, 0x80], "\n")]);
    expect((r as TextInputError).reason).toMatch(/control bytes \(a binary file\?\)/);
  });

  it("reads CRLF like LF, keeps blank lines (so numbers match), and a last line without newline", async () => {
    expect(await read([bytes("a\r\n\r\nb")])).toEqual(["a", "", "b"]);
  });

  it("joins a line split across chunks, even inside a multi-byte character", async () => {
    const all = bytes("配电箱\n未接地\n");
    expect(await read([all.subarray(0, 2), all.subarray(2, 11), all.subarray(11)])).toEqual([
      "配电箱",
      "未接地",
    ]);
  });

  it("refuses a line longer than the limit, naming it, without buffering the rest", async () => {
    const r = await read([bytes("short\n"), bytes("x".repeat(40)), bytes("x".repeat(40))], 64);
    expect(r).toMatchObject({ line: 2 });
    expect((r as TextInputError).reason).toMatch(/^longer than 64 bytes/);
  });
});

describe("decodeUtf8", () => {
  it("decodes UTF-8, skipping a BOM, and refuses GBK instead of patching it with U+FFFD", () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "配电箱"))).toEqual(E.right("配电箱"));
    const r = decodeUtf8(gbk);
    expect(E.isLeft(r) && r.left).toMatch(/GBK/);
  });
});
