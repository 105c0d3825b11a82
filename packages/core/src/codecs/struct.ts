import * as t from "io-ts";

/** What a {@link struct} decodes to: its required props and its optional ones. */
export type Struct<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>;
/** What a {@link struct} encodes to. */
export type StructOutput<R extends t.Props, O extends t.Props> = t.OutputOf<t.TypeC<R>> &
  t.OutputOf<t.PartialC<O>>;

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

/** Options of {@link struct}. */
export interface StructOptions {
  /**
   * Keys another codec decodes from the same object (the `type` and `data` an envelope
   * shares with the event body in an intersection): neither refused nor kept here.
   */
  readonly siblingKeys?: readonly string[];
}

/**
 * A closed object codec with required and optional properties: a key the contract does not
 * name is refused (`unit.nmae: unknown field`), never dropped, so a misspelled optional field
 * cannot vanish on its way into the ledger, and what is stored (and hashed) is exactly what
 * the contract names. A key whose value is `undefined` counts as absent (it has no JSON form).
 * Its type is that of io-ts's `exact(intersection([type(required), partial(optional)]))`; it
 * is written as one pass over the properties because decoding every line of a million-event
 * import through io-ts's intersection and key stripping cost several times more.
 */
export class StructType<R extends t.Props, O extends t.Props> extends t.Type<
  Struct<R, O>,
  StructOutput<R, O>,
  unknown
> {
  readonly _tag = "StructType" as const;
  /** Every key it decodes or leaves to a sibling codec: any other key is an unknown field. */
  readonly knownKeys: ReadonlySet<string>;
  constructor(
    name: string,
    readonly required: R,
    readonly optional: O,
    options: StructOptions = {},
  ) {
    const requiredKeys = Object.keys(required);
    const optionalKeys = Object.keys(optional);
    const known = new Set([...requiredKeys, ...optionalKeys, ...(options.siblingKeys ?? [])]);
    super(
      name,
      (u): u is Struct<R, O> =>
        isObject(u) &&
        requiredKeys.every((k) => required[k]!.is(u[k])) &&
        optionalKeys.every((k) => u[k] === undefined || optional[k]!.is(u[k])),
      (u, c) => {
        if (!isObject(u)) return t.failure(u, c, "must be a JSON object");
        const out: Record<string, unknown> = {};
        let errors: t.Errors | undefined;
        const take = (k: string, codec: t.Mixed) => {
          const v = u[k];
          const r = codec.validate(v, [...c, { key: k, type: codec, actual: v }]);
          if (r._tag === "Left") (errors ??= []).push(...r.left);
          else out[k] = r.right;
        };
        for (const k of requiredKeys) take(k, required[k]!);
        for (const k of optionalKeys) if (u[k] !== undefined) take(k, optional[k]!);
        for (const k in u)
          if (!known.has(k) && Object.prototype.hasOwnProperty.call(u, k) && u[k] !== undefined)
            (errors ??= []).push({
              value: u[k],
              context: [...c, { key: k, type: t.unknown, actual: u[k] }],
              message: "unknown field",
            });
        return errors === undefined ? t.success(out as Struct<R, O>) : t.failures(errors);
      },
      (a) => {
        const out: Record<string, unknown> = {};
        const all = a as Record<string, unknown>;
        for (const k of requiredKeys) out[k] = required[k]!.encode(all[k]);
        for (const k of optionalKeys) if (all[k] !== undefined) out[k] = optional[k]!.encode(all[k]);
        return out as StructOutput<R, O>;
      },
    );
    this.knownKeys = known;
  }
}

/** See {@link StructType}. */
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
  options: StructOptions = {},
) => new StructType(name, required, optional, options);
