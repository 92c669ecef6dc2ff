import { describe, expect, it } from "vitest";
import { breaches, moveClock, nextDeadline, type SlaClock, startClock } from "./sla.ts";

const H = 3_600_000;
const sla = { first_action_hours: 4, resolution_hours: 24, pause_while_waiting_customer: true };
const t0 = new Date("2026-11-28T00:00:00Z");
const at = (hours: number) => new Date(t0.getTime() + hours * H);

function fresh(): SlaClock {
  return {
    state: "new",
    ...startClock(sla, t0),
    first_action_at: null,
    resolved_at: null,
    paused_since: null,
    paused_seconds: 0,
  };
}

describe("SLA clocks", () => {
  it("start with both deadlines; the queue sees the first-action one", () => {
    const c = fresh();
    expect(c.first_action_due).toEqual(at(4));
    expect(c.resolution_due).toEqual(at(24));
    expect(nextDeadline(c)).toEqual(at(4));
  });

  it("count the first move out of new as the first action", () => {
    const c = moveClock(fresh(), "acknowledged", sla, at(1));
    expect(c.first_action_at).toEqual(at(1));
    expect(nextDeadline(c)).toEqual(at(24));
    expect(breaches(c, at(5))).toEqual({ first_action: false, resolution: false });
  });

  it("flag a missed first action, and a late one stays missed", () => {
    expect(breaches(fresh(), at(5)).first_action).toBe(true);
    const late = moveClock(fresh(), "acknowledged", sla, at(6));
    expect(breaches(late, at(7)).first_action).toBe(true);
  });

  it("stand still while waiting for the customer and move the deadlines by the wait", () => {
    const waiting = moveClock(
      moveClock(fresh(), "acknowledged", sla, at(1)),
      "waiting_customer",
      sla,
      at(2),
    );
    expect(waiting.paused_since).toEqual(at(2));
    expect(nextDeadline(waiting)).toBeNull();
    // Forty hours later the resolution deadline has not been missed: the clock stood still.
    expect(breaches(waiting, at(42)).resolution).toBe(false);
    const back = moveClock(waiting, "action_taken", sla, at(12));
    expect(back.paused_since).toBeNull();
    expect(back.paused_seconds).toBe(10 * 3600);
    expect(back.resolution_due).toEqual(at(34));
    expect(nextDeadline(back)).toEqual(at(34));
  });

  it("do not pause when the policy says so", () => {
    const noPause = { ...sla, pause_while_waiting_customer: false };
    const c = moveClock(fresh(), "waiting_customer", noPause, at(1));
    expect(c.paused_since).toBeNull();
    expect(nextDeadline(c)).toEqual(at(24));
  });

  it("stop when resolved; a rejected case breaches nothing on resolution", () => {
    const done = moveClock(moveClock(fresh(), "acknowledged", sla, at(1)), "resolved", sla, at(30));
    expect(done.resolved_at).toEqual(at(30));
    expect(nextDeadline(done)).toBeNull();
    expect(breaches(done, at(100)).resolution).toBe(true);
    const rejected = moveClock(fresh(), "rejected", sla, at(1));
    expect(rejected.first_action_at).toEqual(at(1));
    expect(breaches(rejected, at(100)).first_action).toBe(false);
    expect(breaches(rejected, at(100)).resolution).toBe(false);
  });
});
