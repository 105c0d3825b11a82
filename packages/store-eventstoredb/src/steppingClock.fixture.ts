/** A clock that moves one second a call, from a fixed instant. */
export const steppingClock = (start = Date.parse("2024-05-01T00:00:00Z")): (() => Date) => {
  let t = start;
  return () => new Date((t += 1000));
};
