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

/** A rate as a percentage without the sign (`"97.34"`), or null over a zero denominator. */
export const formatPercent = (numerator: number, denominator: number, decimals: number): string | null => {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20)
    throw new RangeError(`decimals: ${decimals} is not a whole number from 0 to 20`);
  if (denominator === 0) return null;
  return scaledQuotient(numerator, denominator, 2, decimals);
};

const EN_INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A count: plain digits in Chinese (as the reports write 37969处), grouped in English. */
export const formatCount = (n: number, lang: "zh" | "en"): string =>
  lang === "zh" ? String(n) : EN_INTEGER.format(n);

/** Money in fen as yuan, exact: whole yuan without decimals, else two. */
const yuanOf = (fen: number): string => {
  const yuan = Math.trunc(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, "0")}`;
};

/**
 * Fines as the reports print them: in 万元 when that is exact to two places (10180000 fen is
 * 10.18万元, as seed 004 writes), else in 元; in English, yuan with grouping.
 */
export const formatFen = (fen: number, lang: "zh" | "en"): string => {
  if (lang === "en") {
    const text = yuanOf(fen);
    const [whole = "0", cents] = text.split(".");
    return `${EN_INTEGER.format(Number(whole))}${cents === undefined ? "" : `.${cents}`} yuan`;
  }
  if (fen >= 1_000_000 && fen % 10_000 === 0) {
    const wan = fen / 10_000; // hundredths of 万元
    const whole = Math.trunc(wan / 100);
    const hundredths = wan % 100;
    const fraction = hundredths === 0 ? "" : `.${String(hundredths).padStart(2, "0").replace(/0$/, "")}`;
    return `${whole}${fraction}万元`;
  }
  return `${yuanOf(fen)}元`;
};
