import { describe, expect, it } from "vitest";
import {
  DEFAULT_ESCALATION_DELAYS,
  escalationDelays,
  escalationDueAt,
  formatReportReference,
  nextReportStatus,
  reportYear,
} from "../../src/domain/report-status.js";

const HOUR = 60 * 60 * 1000;

describe("report statuses", () => {
  it("lets officers move a report forward and not back", () => {
    expect(nextReportStatus("new", "acknowledge")).toBe("acknowledged");
    expect(nextReportStatus("escalated", "acknowledge")).toBe("acknowledged");
    expect(nextReportStatus("acknowledged", "progress")).toBe("in_progress");
    expect(nextReportStatus("in_progress", "refer")).toBe("referred");
    expect(nextReportStatus("referred", "resolve")).toBe("resolved");
    expect(nextReportStatus("new", "unconfirm")).toBe("unconfirmed");
    expect(nextReportStatus("in_progress", "acknowledge")).toBeUndefined();
    expect(nextReportStatus("resolved", "progress")).toBeUndefined();
    expect(nextReportStatus("unconfirmed", "resolve")).toBeUndefined();
  });

  it("reopens only a resolved report, into in progress", () => {
    expect(nextReportStatus("resolved", "reopen")).toBe("in_progress");
    expect(nextReportStatus("unconfirmed", "reopen")).toBeUndefined();
  });

  it("escalates only new reports, and hides any visible report as spam or abuse", () => {
    expect(nextReportStatus("new", "escalate")).toBe("escalated");
    expect(nextReportStatus("acknowledged", "escalate")).toBeUndefined();
    expect(nextReportStatus("resolved", "spam")).toBe("spam");
    expect(nextReportStatus("escalated", "abuse")).toBe("abuse");
    expect(nextReportStatus("spam", "abuse")).toBeUndefined();
    expect(nextReportStatus("draft", "spam")).toBeUndefined();
  });

  it("escalates urgent reports after an hour and others after 48 hours unless told otherwise", () => {
    expect(DEFAULT_ESCALATION_DELAYS).toEqual({ urgentMs: HOUR, otherMs: 48 * HOUR });
    expect(escalationDueAt({ urgent: true, submittedAt: 0 }, DEFAULT_ESCALATION_DELAYS)).toBe(HOUR);
    expect(escalationDueAt({ urgent: false, submittedAt: 0 }, escalationDelays({ otherMs: 5 }))).toBe(5);
  });

  it("numbers reports per year in Kyrgyzstan's time", () => {
    expect(formatReportReference(2026, 42)).toBe("R-2026-0042");
    expect(formatReportReference(2026, 12345)).toBe("R-2026-12345");
    expect(reportYear(Date.parse("2026-12-31T18:30:00Z"))).toBe(2027);
    expect(reportYear(Date.parse("2026-12-31T17:30:00Z"))).toBe(2026);
  });
});
