import { describe, expect, it } from "vitest";
import { learnerDayKey, learnerDayStart, zonedWallTimeToInstant } from "@/lib/srs/day";

const utc4 = { timeZone: "UTC", dayStartHour: 4 };
const shanghai = { timeZone: "Asia/Shanghai", dayStartHour: 4 };
const berlin = { timeZone: "Europe/Berlin", dayStartHour: 4 };

describe("the learner day", () => {
  it("starts at 04:00 by default, so 01:00 still belongs to the evening before", () => {
    expect(learnerDayKey(new Date("2026-03-03T01:00:00Z"), utc4)).toBe("2026-03-02");
    expect(learnerDayKey(new Date("2026-03-03T04:00:00Z"), utc4)).toBe("2026-03-03");
    expect(learnerDayStart(new Date("2026-03-03T01:00:00Z"), utc4).toISOString()).toBe("2026-03-02T04:00:00.000Z");
  });

  it("follows the learner's time zone", () => {
    // 21:00 UTC on the 2nd is 05:00 on the 3rd in Shanghai.
    expect(learnerDayKey(new Date("2026-03-02T21:00:00Z"), shanghai)).toBe("2026-03-03");
    expect(learnerDayStart(new Date("2026-03-02T21:00:00Z"), shanghai).toISOString()).toBe("2026-03-02T20:00:00.000Z");
    expect(learnerDayStart(new Date("2026-03-02T21:00:00Z"), shanghai, 6).toISOString()).toBe(
      "2026-03-08T20:00:00.000Z",
    );
  });

  it("keeps 04:00 local across a daylight-saving change", () => {
    // Berlin switches to summer time on 2026-03-29 (UTC+1 → UTC+2).
    const before = new Date("2026-03-28T12:00:00Z");
    expect(learnerDayStart(before, berlin).toISOString()).toBe("2026-03-28T03:00:00.000Z");
    expect(learnerDayStart(before, berlin, 1).toISOString()).toBe("2026-03-29T02:00:00.000Z");
    expect(learnerDayStart(before, berlin, 2).toISOString()).toBe("2026-03-30T02:00:00.000Z");
  });

  it("maps a wall time in a DST gap to the instant after the gap", () => {
    // 02:30 does not exist in Berlin on 2026-03-29.
    const instant = zonedWallTimeToInstant(2026, 3, 29, 2, "Europe/Berlin");
    expect(instant.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });
});
