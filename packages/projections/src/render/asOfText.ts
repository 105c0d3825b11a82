import { DateTime } from "luxon";
import { DEFAULT_TIME_ZONE } from "../time/ledgerCalendar.js";
import type { Lang } from "./labels.js";

/**
 * An instant as the work reports write a cut-off ("截至2023年12月31日"), one way in every
 * rendered text (report, status, overdue). The first instant of a local day is the end of
 * the day before: a report as of 2024-01-01T00:00+08:00 is 截至2023年12月31日, the moment a
 * deadline on 31 December is overdue. Any other instant keeps its time of day
 * (2024年1月15日10时30分). A zone other than the default is named after it.
 */
export const instantPhrase = (instant: string, zone: string, lang: Lang): string => {
  const t = DateTime.fromISO(instant, { zone });
  const midnight = t.hour === 0 && t.minute === 0 && t.second === 0 && t.millisecond === 0;
  const day = midnight ? t.minus({ days: 1 }) : t;
  const seconds = t.second !== 0 || t.millisecond !== 0;
  const named = zone === DEFAULT_TIME_ZONE ? "" : lang === "zh" ? `（${zone}）` : ` (${zone})`;
  if (lang === "zh") {
    const date = `${day.year}年${day.month}月${day.day}日`;
    if (midnight) return `${date}${named}`;
    return `${date}${t.hour}时${t.toFormat("mm")}分${seconds ? `${t.toFormat("ss")}秒` : ""}${named}`;
  }
  const date = day.toFormat("d LLL yyyy");
  if (midnight) return `the end of ${date}${named}`;
  return `${date} ${t.toFormat(seconds ? "HH:mm:ss" : "HH:mm")}${named}`;
};

/** "截至…" / "as of …", with "以…台账记载为准" / "as recorded by …" when a known-at is given. */
export const asOfClause = (asOf: string, knownAt: string | null, zone: string, lang: Lang): string =>
  lang === "zh"
    ? `截至${instantPhrase(asOf, zone, lang)}` +
      (knownAt === null ? "" : `，以${instantPhrase(knownAt, zone, lang)}台账记载为准`)
    : `as of ${instantPhrase(asOf, zone, lang)}` +
      (knownAt === null ? "" : `, as recorded by ${instantPhrase(knownAt, zone, lang)}`);
