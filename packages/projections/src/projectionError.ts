/**
 * Why a projection could not answer, as a value. `message` is one line that names where
 * and why (`asOf: "2023-13-01" is not ...`, `hazard HZ-1: event seq 5 follows seq 3`).
 */
export interface ProjectionError {
  readonly code:
    | "INVALID_OPTION" // an option (time zone, period, instant, grouping) is malformed
    | "INVALID_HISTORY" // the events are not a folded stream: a gap in seq, a foreign hazard
    | "UNKNOWN_HAZARD" // no event of the hazard is visible on the chosen time axes
    | "CHECKPOINT"; // a stored checkpoint cannot be read or written
  readonly message: string;
}

export const projectionError = (code: ProjectionError["code"], message: string): ProjectionError => ({
  code,
  message,
});
