import type { Actor, EventData, HazardEventType, HazardLevel, HazardSource } from "@hazard-ledger/core";
import type { ProjectableEvent } from "./projectableEvent.js";

/*
 * Builds valid event histories by hand for tests: each call appends the next event of a
 * hazard, in the order written, with its seq, and recordedAt equal to occurredAt unless
 * given. It emits what a store would hold for a lifecycle the decider accepts; it does not
 * check the rules itself.
 */

export const INSPECTOR: Actor = { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" };

export interface ReportFields {
  readonly level?: HazardLevel;
  readonly sector?: string;
  readonly region?: string;
  readonly unit?: string;
  readonly creditCode?: string;
  readonly source?: HazardSource;
  readonly title?: string;
}

export class HistoryBuilder {
  readonly events: ProjectableEvent[] = [];
  private readonly seqs = new Map<string, number>();

  emit<K extends HazardEventType>(
    hazardId: string,
    type: K,
    data: EventData<K>,
    occurredAt: string,
    recordedAt: string = occurredAt,
  ): this {
    const seq = (this.seqs.get(hazardId) ?? -1) + 1;
    this.seqs.set(hazardId, seq);
    this.events.push({
      hazardId,
      seq,
      type,
      data,
      occurredAt,
      recordedAt,
      actor: INSPECTOR,
    } as ProjectableEvent);
    return this;
  }

  /** Starts a hazard; the returned handle appends its next events. */
  hazard(hazardId: string, reportedAt: string, fields: ReportFields = {}, recordedAt?: string): HazardHandle {
    this.emit(
      hazardId,
      "HazardReported",
      {
        title: fields.title ?? `隐患 ${hazardId}`,
        level: fields.level ?? "general",
        sector: fields.sector ?? "industry_trade",
        region: fields.region ?? "430104001",
        unit: {
          name: fields.unit ?? "某某机械厂",
          ...(fields.creditCode ? { creditCode: fields.creditCode } : {}),
        },
        source: fields.source ?? "department_inspection",
      },
      reportedAt,
      recordedAt,
    );
    return new HazardHandle(this, hazardId);
  }
}

export class HazardHandle {
  constructor(
    readonly builder: HistoryBuilder,
    readonly hazardId: string,
  ) {}

  private emit<K extends HazardEventType>(
    type: K,
    data: EventData<K>,
    at: string,
    recordedAt?: string,
  ): this {
    this.builder.emit(this.hazardId, type, data, at, recordedAt);
    return this;
  }

  assign(at: string, deadline: string, recordedAt?: string): this {
    return this.emit(
      "RectificationAssigned",
      { responsibleUnit: "某某机械厂", deadline, plan: { goals: "消除隐患" } },
      at,
      recordedAt,
    );
  }
  extend(at: string, newDeadline: string, scope: "rectification" | "supervision" = "rectification"): this {
    return this.emit("DeadlineExtended", { scope, newDeadline, reason: "工程量大" }, at);
  }
  list(at: string, authorityLevel: "province" | "city" | "county" | "township", deadline: string): this {
    return this.emit(
      "SupervisionListed",
      { authority: `${authorityLevel}政府`, authorityLevel, deadline },
      at,
    );
  }
  lift(at: string): this {
    return this.emit("SupervisionLifted", {}, at);
  }
  control(at: string, longTerm: boolean): this {
    return this.emit("ControlMeasuresApplied", { measures: "设置警戒", longTerm }, at);
  }
  complete(at: string, recordedAt?: string): this {
    return this.emit("RectificationCompleted", {}, at, recordedAt);
  }
  accept(at: string, recordedAt?: string): this {
    return this.emit("RectificationAccepted", {}, at, recordedAt);
  }
  reject(at: string): this {
    return this.emit("RectificationRejected", { reason: "未整改到位" }, at);
  }
  close(at: string, recordedAt?: string): this {
    return this.emit("HazardClosed", {}, at, recordedAt);
  }
  reopen(at: string, deadline: string): this {
    return this.emit("HazardReopened", { reason: "回头看发现反弹", deadline }, at);
  }
  void(at: string): this {
    return this.emit("HazardVoided", { reason: "duplicate" }, at);
  }
  changeLevel(at: string, to: "general" | "major"): this {
    return this.emit("LevelChanged", { to, reason: "复核" }, at);
  }
  notice(at: string, kind: "reminder" | "supervision_letter" | "interview" | "bulletin"): this {
    return this.emit("NoticeIssued", { kind }, at);
  }
  fine(at: string, fineFen: number): this {
    return this.emit("EnforcementRecorded", { action: "fine", fineFen }, at);
  }
  enforce(at: string, action: "case_filed" | "suspension_order" | "seal" | "closure_order"): this {
    return this.emit("EnforcementRecorded", { action }, at);
  }
}
