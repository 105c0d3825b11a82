/**
 * Where the events of one command landed in its stream: the seqs of the append it first came
 * in, both ends inclusive, which is what a repeat of the command is answered with. A
 * one-event append, the usual case, is kept as its seq alone, which costs the heap nothing in
 * a store that keeps a span for every command.
 */
export type CommandSpan = number | { readonly from: number; readonly to: number };

/** The span of seqs `from` to `to`. */
export const commandSpan = (from: number, to: number): CommandSpan => (from === to ? from : { from, to });
/** The first seq of a span. */
export const spanFrom = (span: CommandSpan): number => (typeof span === "number" ? span : span.from);
/** The last seq of a span. */
export const spanTo = (span: CommandSpan): number => (typeof span === "number" ? span : span.to);
