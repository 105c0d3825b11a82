import * as t from "io-ts";
import { StructType } from "./struct.js";

/** What a {@link FastDecoder} answers for a value it does not accept. */
export const REFUSED: unique symbol = Symbol("refused");

/**
 * A decoder for the hot path of an import, compiled from an io-ts codec: the value the codec
 * decodes, or {@link REFUSED} when the codec would refuse it. It says nothing of why: on
 * {@link REFUSED} the caller runs the codec itself, which stays the contract and the only
 * source of error messages. It builds no error contexts and no `Either`s, which is what
 * io-ts's decoding of every line spent its time on.
 */
export type FastDecoder<A> = (u: unknown) => A | typeof REFUSED;

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

const hasOwn = (u: object, k: string): boolean => Object.prototype.hasOwnProperty.call(u, k);

const compiled = new WeakMap<t.Decoder<unknown, unknown>, FastDecoder<unknown>>();

const compileStruct = (codec: StructType<t.Props, t.Props>): FastDecoder<unknown> => {
  const required = Object.entries(codec.required).map(([k, c]) => [k, fastDecoder<unknown>(c)] as const);
  const optional = Object.entries(codec.optional).map(([k, c]) => [k, fastDecoder<unknown>(c)] as const);
  const known = codec.knownKeys;
  // The same pass as StructType's validate, in the same key order, without its contexts.
  return (u) => {
    if (!isObject(u)) return REFUSED;
    const out: Record<string, unknown> = {};
    for (const [k, decode] of required) {
      const v = decode(u[k]);
      if (v === REFUSED) return REFUSED;
      out[k] = v;
    }
    for (const [k, decode] of optional) {
      const raw = u[k];
      if (raw === undefined) continue;
      const v = decode(raw);
      if (v === REFUSED) return REFUSED;
      out[k] = v;
    }
    for (const k in u) if (!known.has(k) && hasOwn(u, k) && u[k] !== undefined) return REFUSED;
    return out;
  };
};

const compileArray = (codec: t.ArrayType<t.Mixed>): FastDecoder<unknown> => {
  const item = fastDecoder<unknown>(codec.type);
  return (u) => {
    if (!Array.isArray(u)) return REFUSED;
    const out: unknown[] = new Array<unknown>(u.length);
    for (let i = 0; i < u.length; i++) {
      const v = item(u[i]);
      if (v === REFUSED) return REFUSED;
      out[i] = v;
    }
    return out;
  };
};

/**
 * The {@link FastDecoder} of `codec` (compiled once, then kept). Closed structs and arrays are
 * walked; a codec whose `encode` is the identity (every string, number, enum, instant and date
 * codec of the contract, `t.unknown`, `t.UnknownRecord`) decodes a value it `is` to that very
 * value (io-ts's law `decode(encode(a)) = a`), so its guard is all it takes; any other codec is
 * decoded by io-ts itself.
 */
export const fastDecoder = <A>(codec: t.Decoder<unknown, A>): FastDecoder<A> => {
  let fast = compiled.get(codec);
  if (fast === undefined) {
    if (codec instanceof StructType) fast = compileStruct(codec as StructType<t.Props, t.Props>);
    else if (codec instanceof t.ArrayType) fast = compileArray(codec as t.ArrayType<t.Mixed>);
    else if (codec instanceof t.Type && codec.encode === t.identity) {
      const is = codec.is.bind(codec);
      fast = (u) => (is(u) ? u : REFUSED);
    } else
      fast = (u) => {
        const r = codec.decode(u);
        return r._tag === "Right" ? r.right : REFUSED;
      };
    compiled.set(codec, fast);
  }
  return fast as FastDecoder<A>;
};
