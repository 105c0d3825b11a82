import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { DateTime } from "luxon";
import type { Actor, GovLevel, HazardSource, NewHazardEvent } from "@hazard-ledger/core";

/*
 * A sample ledger in the shape of the seeds' districts: a county-level district of a city,
 * its townships, several sectors, one year of work. Every hazard follows one of the paths
 * real ledgers show (fixed on time, fixed late, still overdue, extended, immediate fixes,
 * major hazards listed by township, county, city or province, escalated listings, flood
 * hazards under long-term control, voided reports, reopened hazards, notices, enforcement).
 * Deterministic: the same seed gives the same events, ids and commandIds, so running the
 * demo twice on one store changes nothing.
 */

const ZONE = "Asia/Shanghai";
const DAY = 86_400_000;

type Rng = ReturnType<typeof xoroshiro128plus>;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[uniformInt(rng, 0, xs.length - 1)] as T;
const between = (rng: Rng, lo: number, hi: number): number => uniformInt(rng, lo, hi);

// Real codes of 长沙市雨花区 (统计用区划代码 2023), so names looked up by code match these.
const TOWNSHIPS = [
  ["430111006", "雨花亭街道"],
  ["430111001", "侯家塘街道"],
  ["430111002", "左家塘街道"],
  ["430111003", "圭塘街道"],
  ["430111004", "砂子塘街道"],
  ["430111008", "洞井街道"],
  ["430111101", "跳马镇"],
] as const;

const SECTORS: readonly { sector: string; weight: number; titles: readonly string[] }[] = [
  {
    sector: "fire",
    weight: 30,
    titles: ["疏散通道堵塞", "消防设施损坏", "电动自行车违规停放充电", "防火门常开", "消防控制室无人值守"],
  },
  {
    sector: "industry_trade",
    weight: 18,
    titles: ["配电箱未接地", "有限空间作业未审批", "粉尘涉爆除尘系统未清理", "机械防护罩缺失"],
  },
  {
    sector: "hazchem",
    weight: 10,
    titles: ["储罐区可燃气体报警器失效", "危化品仓库超量储存", "动火作业票证不全"],
  },
  {
    sector: "construction",
    weight: 12,
    titles: ["深基坑支护变形", "高支模未经论证", "塔吊限位装置失效", "临边防护缺失"],
  },
  { sector: "gas", weight: 8, titles: ["餐饮场所燃气报警器未安装", "燃气管道腐蚀", "瓶装液化气违规存放"] },
  {
    sector: "road_traffic",
    weight: 8,
    titles: ["急弯路段缺少警示标志", "校车安全设施不全", "客运车辆动态监控失效"],
  },
  {
    sector: "special_equipment",
    weight: 6,
    titles: ["电梯超期未检验", "压力容器安全阀未校验", "起重机械钢丝绳断丝"],
  },
  { sector: "flood", weight: 6, titles: ["山塘坝体渗漏", "低洼易涝点排水不畅", "地质灾害隐患点"] },
  { sector: "campus", weight: 2, titles: ["学校食堂燃气泄漏报警缺失", "校舍墙体开裂"] },
];

const UNIT_WORDS = [
  "华兴",
  "恒盛",
  "湘江",
  "金桥",
  "长兴",
  "鑫源",
  "宏达",
  "东塘",
  "新星",
  "圭塘",
  "洞井",
  "雨花",
];
const UNIT_KINDS: Readonly<Record<string, readonly string[]>> = {
  fire: ["商贸有限公司", "酒店", "大药房", "养老院", "网吧"],
  industry_trade: ["机械厂", "食品有限公司", "木业有限公司", "金属制品厂"],
  hazchem: ["化工有限公司", "加油站", "气体有限公司"],
  construction: ["建设工程有限公司(某某项目部)", "建筑工程项目部"],
  gas: ["餐饮店", "燃气有限公司", "酒楼"],
  road_traffic: ["运输有限公司", "公交公司", "驾驶培训学校"],
  special_equipment: ["物业管理有限公司", "锅炉房", "起重设备租赁公司"],
  flood: ["村民委员会", "水库管理所"],
  campus: ["小学", "幼儿园", "中学"],
};

const COUNTY_INSPECTOR: Actor = {
  id: "insp-yh-01",
  role: "inspector",
  org: "雨花区应急管理局",
  level: "county",
};
const FIRE_INSPECTOR: Actor = {
  id: "insp-yh-fire",
  role: "inspector",
  org: "雨花区消防救援大队",
  level: "county",
};
const EXPERT: Actor = { id: "exp-007", role: "expert", org: "长沙市安全生产专家库" };
const AUTHORITIES: Readonly<Record<GovLevel, Actor>> = {
  township: { id: "gov-jd-01", role: "authority", org: "圭塘街道办事处", level: "township" },
  county: { id: "gov-yh", role: "authority", org: "雨花区人民政府", level: "county" },
  city: { id: "gov-cs", role: "authority", org: "长沙市人民政府", level: "city" },
  province: { id: "gov-hn", role: "authority", org: "湖南省人民政府", level: "province" },
};

/** The demo's year, and the instant its report is taken at: the first moment of the next year. */
export const DEMO_PERIOD = { from: "2023-01-01", to: "2024-01-01" } as const;

type Scenario =
  | "on_time"
  | "immediate"
  | "late"
  | "overdue"
  | "extended"
  | "major_closed"
  | "major_listed_open"
  | "major_supervision_overdue"
  | "major_escalated"
  | "upgraded"
  | "long_term"
  | "voided"
  | "reopened"
  | "pending";

const SCENARIOS: readonly [Scenario, number][] = [
  ["on_time", 70],
  ["immediate", 24],
  ["late", 7],
  ["overdue", 5],
  ["extended", 5],
  ["major_closed", 6],
  ["major_listed_open", 3],
  ["major_supervision_overdue", 2],
  ["major_escalated", 2],
  ["upgraded", 2],
  ["long_term", 3],
  ["voided", 4],
  ["reopened", 3],
  ["pending", 4],
];

const weighted = <T>(rng: Rng, items: readonly [T, number][]): T => {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = between(rng, 1, total);
  for (const [item, w] of items) {
    r -= w;
    if (r <= 0) return item;
  }
  return items[items.length - 1]![0];
};

/**
 * The demo ledger: events in the order they were recorded, with deterministic commandIds.
 * `firstHazard` (default 1) numbers the hazards from there, so a large ledger can be built
 * block by block (each block with its own seed) without holding every event at once.
 */
export const buildDemoLedger = (
  options: { hazards?: number; seed?: number; firstHazard?: number } = {},
): NewHazardEvent[] => {
  const rng = xoroshiro128plus(options.seed ?? 2023);
  const first = options.firstHazard ?? 1;
  const count = options.hazards ?? 240;
  const yearStart = DateTime.fromISO(`${DEMO_PERIOD.from}T08:00:00`, { zone: ZONE }).toMillis();
  const yearEnd = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00:00`, { zone: ZONE }).toMillis() - 1;
  const all: NewHazardEvent[] = [];

  for (let i = first; i < first + count; i++) {
    const hazardId = `HZ-2023-${String(i).padStart(6, "0")}`;
    const flood = i % 17 === 0;
    const scenario: Scenario = flood
      ? pick(rng, ["long_term", "long_term", "on_time"] as const)
      : weighted(rng, SCENARIOS);
    const sectorSpec = flood
      ? SECTORS.find((s) => s.sector === "flood")!
      : weighted(
          rng,
          SECTORS.map((s) => [s, s.weight] as [typeof s, number]),
        );
    const sector = sectorSpec.sector;
    const [region, townshipName] = pick(rng, TOWNSHIPS);
    const unitName = `长沙${pick(rng, UNIT_WORDS)}${pick(rng, UNIT_KINDS[sector] ?? ["有限公司"])}`;
    const enterprise: Actor = { id: `ent-${String(i).padStart(4, "0")}`, role: "enterprise", org: unitName };
    const inspector = sector === "fire" ? FIRE_INSPECTOR : COUNTY_INSPECTOR;
    const major = scenario.startsWith("major_");

    const source: HazardSource = weighted(rng, [
      ["self_inspection", 35],
      ["department_inspection", 40],
      ["supervision_check", 10],
      ["commissioned_inspection", 8],
      ["public_report", 7],
    ]);
    const reporter: Actor =
      source === "self_inspection"
        ? enterprise
        : source === "public_report"
          ? { id: `pub-${i}`, role: "public" }
          : inspector;

    // Leave room after discovery for the hazard's path to play out within the year, mostly.
    let t = yearStart + between(rng, 0, 330) * DAY + between(rng, 0, 9 * 3600) * 1000;
    let recorded = t;
    let n = 0;
    const events: NewHazardEvent[] = [];
    const day = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
    const discovery = day(t);
    let stopped = false;
    const emit = <E extends NewHazardEvent>(
      type: E["type"],
      actor: Actor,
      data: E["data"],
      afterDays = 0,
    ) => {
      if (stopped) return false;
      const next = t + afterDays * DAY + between(rng, 600, 6 * 3600) * 1000;
      // The year ends before the hazard's path does: the ledger shows it still in progress.
      if (next > yearEnd) {
        stopped = true;
        return false;
      }
      t = next;
      recorded = Math.max(recorded, t + between(rng, 5, 240) * 60_000);
      events.push({
        hazardId,
        type,
        occurredAt: DateTime.fromMillis(t, { zone: ZONE }).toISO({ suppressMilliseconds: true })!,
        recordedAt: new Date(recorded).toISOString(),
        actor,
        data,
        commandId: `demo-${hazardId}-${n++}`,
      } as NewHazardEvent);
      return true;
    };
    const plusDays = (date: string, days: number) =>
      DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;

    emit("HazardReported", reporter, {
      title: pick(rng, sectorSpec.titles),
      level: major ? "major" : "general",
      sector,
      region,
      unit: { name: unitName },
      source,
      location: `${townshipName}`,
      category: pick(rng, ["object", "behaviour", "management", "environment"] as const),
    });

    if (scenario === "voided") {
      emit(
        "HazardVoided",
        inspector,
        { reason: pick(rng, ["duplicate", "false_report"] as const), comment: "经核查" },
        between(rng, 1, 5),
      );
      all.push(...events);
      continue;
    }
    if (scenario === "immediate") {
      emit("RectificationCompleted", enterprise, { measuresTaken: "现场立即整改" });
      emit("RectificationAccepted", enterprise, { comment: "即查即改" });
      emit("HazardClosed", enterprise, {});
      all.push(...events);
      continue;
    }

    const assignDays = between(rng, 0, 3);
    const deadline = plusDays(discovery, assignDays + (major ? between(rng, 45, 120) : between(rng, 7, 30)));
    const plan = major
      ? {
          goals: "消除重大事故隐患",
          measures: "停产整改、专项治理",
          fundsFen: between(rng, 50, 500) * 10_000_00,
        }
      : undefined;
    emit(
      "RectificationAssigned",
      inspector,
      {
        responsibleUnit: unitName,
        deadline,
        responsiblePerson: "主要负责人",
        ...(plan !== undefined ? { plan, fundsFen: plan.fundsFen } : {}),
      },
      assignDays,
    );
    const deadlineEnd = DateTime.fromISO(deadline, { zone: ZONE }).endOf("day").toMillis();
    const daysToDeadline = Math.max(0, Math.floor((deadlineEnd - t) / DAY));

    const listingLevel: GovLevel = pick(rng, [
      "township",
      "county",
      "county",
      "city",
      "city",
      "province",
    ] as const);
    const list = (level: GovLevel, supervisionDays: number) =>
      emit(
        "SupervisionListed",
        AUTHORITIES[level],
        {
          authority: AUTHORITIES[level].org!,
          authorityLevel: level,
          deadline: plusDays(day(t), supervisionDays),
          noticeNo: `${AUTHORITIES[level].org!.slice(0, 2)}安督〔2023〕${String(i).padStart(3, "0")}号`,
        },
        between(rng, 1, 5),
      );

    const completeAccept = (acceptor: Actor, lateDays = 0) => {
      emit(
        "ProgressReported",
        enterprise,
        { note: "整改方案已落实，正在施工" },
        Math.max(1, Math.floor(daysToDeadline / 2)),
      );
      emit(
        "RectificationCompleted",
        enterprise,
        { measuresTaken: "已按要求整改", costFen: between(rng, 1, 300) * 100_00 },
        lateDays,
      );
      emit("RectificationAccepted", acceptor, { comment: "验收通过" }, between(rng, 1, 7));
    };

    switch (scenario) {
      case "on_time":
        completeAccept(sector === "fire" || rng.next() % 2 === 0 ? enterprise : inspector);
        emit("HazardClosed", enterprise, {}, 1);
        break;
      case "pending":
        emit(
          "RectificationCompleted",
          enterprise,
          { measuresTaken: "已整改，待验收" },
          between(rng, 1, Math.max(1, daysToDeadline)),
        );
        break;
      case "late":
        emit(
          "NoticeIssued",
          inspector,
          { kind: "reminder", ref: `提醒函〔2023〕${i}号` },
          daysToDeadline + 2,
        );
        completeAccept(inspector, between(rng, 2, 20));
        emit("HazardClosed", inspector, {}, 1);
        break;
      case "overdue":
        emit(
          "ProgressReported",
          enterprise,
          { note: "资金未到位，整改滞后" },
          Math.max(1, Math.floor(daysToDeadline / 2)),
        );
        emit(
          "NoticeIssued",
          inspector,
          { kind: "reminder", ref: `提醒函〔2023〕${i}号` },
          daysToDeadline - Math.floor(daysToDeadline / 2) + 3,
        );
        if (rng.next() % 2 === 0)
          emit(
            "EnforcementRecorded",
            inspector,
            { action: "fine", fineFen: between(rng, 1, 20) * 1000_00, caseNo: `雨应急罚〔2023〕${i}号` },
            10,
          );
        break;
      case "extended":
        emit(
          "DeadlineExtended",
          inspector,
          {
            scope: "rectification",
            newDeadline: plusDays(deadline, between(rng, 10, 30)),
            reason: "需采购专用设备",
          },
          Math.max(0, daysToDeadline - 1),
        );
        completeAccept(inspector, between(rng, 1, 8));
        emit("HazardClosed", enterprise, {}, 1);
        break;
      case "major_closed":
      case "major_listed_open":
      case "major_supervision_overdue":
      case "major_escalated": {
        const supervisionDays = between(rng, 60, 150);
        list(scenario === "major_escalated" ? "county" : listingLevel, supervisionDays);
        if (scenario === "major_escalated") {
          emit(
            "NoticeIssued",
            AUTHORITIES.city,
            { kind: "supervision_letter", ref: `督办函〔2023〕${i}号` },
            5,
          );
          list("city", supervisionDays);
        }
        emit(
          "EnforcementRecorded",
          inspector,
          { action: "suspension_order", caseNo: `雨应急责〔2023〕${i}号` },
          2,
        );
        if (scenario === "major_supervision_overdue") {
          emit("NoticeIssued", AUTHORITIES.county, { kind: "interview" }, supervisionDays + 5);
          emit("NoticeIssued", AUTHORITIES.county, { kind: "bulletin", ref: "安委办通报第12期" }, 1);
          break;
        }
        completeAccept(rng.next() % 2 === 0 ? EXPERT : inspector, 0);
        if (scenario === "major_listed_open") break;
        emit(
          "SupervisionLifted",
          scenario === "major_escalated" ? AUTHORITIES.city : AUTHORITIES[listingLevel],
          { comment: "整改到位，同意摘牌" },
          between(rng, 3, 10),
        );
        emit("HazardClosed", inspector, { comment: "销号" }, 1);
        break;
      }
      case "upgraded":
        emit("LevelChanged", inspector, { to: "major", reason: "经专家论证属重大事故隐患" }, 3);
        emit(
          "RectificationAssigned",
          inspector,
          { responsibleUnit: unitName, deadline, plan: { goals: "消除重大事故隐患", measures: "专项治理" } },
          1,
        );
        emit("EnforcementRecorded", inspector, { action: "case_filed", caseNo: `雨应急立〔2023〕${i}号` }, 2);
        completeAccept(EXPERT);
        emit("HazardClosed", inspector, {}, 2);
        break;
      case "long_term":
        emit(
          "ControlMeasuresApplied",
          enterprise,
          { measures: "设置警示标志，汛期专人巡查，制定应急预案", longTerm: true },
          between(rng, 1, 10),
        );
        break;
      case "reopened": {
        completeAccept(inspector);
        emit("HazardClosed", enterprise, {}, 1);
        const reopenDays = between(rng, 20, 60);
        emit(
          "HazardReopened",
          inspector,
          { reason: "回头看发现隐患反弹", deadline: plusDays(day(t), reopenDays + between(rng, 10, 30)) },
          reopenDays,
        );
        emit(
          "EnforcementRecorded",
          inspector,
          { action: "fine", fineFen: between(rng, 5, 50) * 1000_00, caseNo: `雨应急罚〔2023〕${i}号` },
          3,
        );
        break;
      }
    }
    all.push(...events);
  }
  // The log in the order it was written.
  return all
    .map((e, index) => ({ e, index }))
    .sort((a, b) =>
      a.e.recordedAt! < b.e.recordedAt! ? -1 : a.e.recordedAt! > b.e.recordedAt! ? 1 : a.index - b.index,
    )
    .map(({ e }) => e);
};
