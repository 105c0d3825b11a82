/*
 * Exact decimal text for figures: rates are printed from their numerator and denominator in
 * integer arithmetic, so 3730/3832 at 1 decimal is "97.3" and 106/112 at 2 is "94.64", with
 * no binary floating point in between. Halves round up (away from zero).
 */

/** numerator ÷ denominator × 10^shift, rounded half up to `decimals` places, as text. */
const scaledQuotient = (numerator: number, denominator: number, shift: number, decimals: number): string => {
  const scale = 10n ** BigInt(decimals);
  const num = BigInt(numerator) * 10n ** BigInt(shift) * scale;
  const den = BigInt(denominator);
  const rounded = (2n * num + den) / (2n * den);
  const whole = rounded / scale;
  const fraction = (rounded % scale).toString().padStart(decimals, "0");
  return decimals === 0 ? whole.toString() : `${whole}.${fraction}`;
};

/**
 * A rate as a percentage without the sign (`"97.34"`), or null over a zero denominator.
 * Rounding never claims what is not so: a rate short of 100% never prints as "100", a rate
 * above 0 never as "0" (199/200 at 0 decimals is "99.5", not "100"). Such a rate gets the
 * fewest extra decimals that tell it apart; a whole count of hazards always needs few.
 */
export const formatPercent = (numerator: number, denominator: number, decimals: number): string | null => {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20)
    throw new RangeError(`decimals: ${decimals} is not a whole number from 0 to 20`);
  if (denominator === 0) return null;
  const misleading = (text: string) =>
    (numerator !== denominator && /^100(\.0*)?$/.test(text)) || (numerator !== 0 && /^0(\.0*)?$/.test(text));
  let places = decimals;
  let text = scaledQuotient(numerator, denominator, 2, places);
  while (misleading(text) && places < 20) {
    places += 1;
    text = scaledQuotient(numerator, denominator, 2, places);
  }
  return text;
};

const EN_INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A count: plain digits in Chinese (as the reports write 37969处), grouped in English. */
export const formatCount = (n: number, lang: "zh" | "en"): string =>
  lang === "zh" ? String(n) : EN_INTEGER.format(n);

/** Money in fen as yuan, exact: whole yuan without decimals, else two. */
export const formatYuan = (fen: number): string => {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}${cents === 0 ? "" : `.${String(cents).padStart(2, "0")}`}`;
};

/**
 * Money as the reports print it, one way everywhere: in Chinese, 万元 rounded half up to at
 * most two decimals, trailing zeros dropped (10180000 fen is "10.18万元", as seed 004 writes;
 * 635792671 fen is "635.79万元"); a sum under 0.005万元 but not nothing is "不足0.01万元", never
 * "0万元". In English, exact yuan with grouping ("101,800.50 yuan").
 */
export const formatFen = (fen: number, lang: "zh" | "en"): string => {
  if (lang === "en") {
    const [whole = "0", cents] = formatYuan(fen).split(".");
    return `${EN_INTEGER.format(Number(whole))}${cents === undefined ? "" : `.${cents}`} yuan`;
  }
  if (fen === 0) return "0万元";
  const text = scaledQuotient(fen, 1_000_000, 0, 2).replace(/\.?0+$/, "");
  if (text === "0") return "不足0.01万元";
  return `${text}万元`;
};
