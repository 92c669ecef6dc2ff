import type { CaseState } from "../domain/case.ts";
import type { Sla } from "./policy.ts";

const HOUR = 3_600_000;

/** The clock fields of a case. */
export interface SlaClock {
  state: CaseState;
  first_action_due: Date | null;
  resolution_due: Date | null;
  first_action_at: Date | null;
  resolved_at: Date | null;
  paused_since: Date | null;
  paused_seconds: number;
}

const FINISHED: readonly CaseState[] = ["resolved", "closed", "rejected"];

/** Deadlines of a case that starts now. */
export function startClock(
  sla: Sla,
  now: Date,
): Pick<SlaClock, "first_action_due" | "resolution_due"> {
  return {
    first_action_due: new Date(now.getTime() + sla.first_action_hours * HOUR),
    resolution_due: new Date(now.getTime() + sla.resolution_hours * HOUR),
  };
}

/** The nearest deadline still running: none when the case is finished or its clock stands still. */
export function nextDeadline(c: SlaClock): Date | null {
  if (FINISHED.includes(c.state) || c.paused_since) return null;
  if (!c.first_action_at && c.first_action_due) {
    return c.resolution_due && c.resolution_due < c.first_action_due
      ? c.resolution_due
      : c.first_action_due;
  }
  return c.resolution_due;
}

/**
 * The clock after a move from `from` to `to` at `now`: the first move out of `new` (or the
 * first action) is the first action; waiting for the customer stops the clock when the SLA
 * says so, and the wait is added to the deadlines when the case moves on.
 */
export function moveClock(c: SlaClock, to: CaseState, sla: Sla, now: Date): SlaClock {
  const next: SlaClock = { ...c, state: to };
  if (c.paused_since && to !== "waiting_customer") {
    const paused = now.getTime() - c.paused_since.getTime();
    next.paused_seconds = c.paused_seconds + Math.round(paused / 1000);
    if (!c.first_action_at && c.first_action_due)
      next.first_action_due = new Date(c.first_action_due.getTime() + paused);
    if (c.resolution_due) next.resolution_due = new Date(c.resolution_due.getTime() + paused);
    next.paused_since = null;
  }
  if (to === "waiting_customer" && sla.pause_while_waiting_customer && !c.paused_since)
    next.paused_since = now;
  // Any answer counts as the first action, rejecting a false positive too.
  if (!next.first_action_at && to !== "new") next.first_action_at = now;
  if (to === "resolved") next.resolved_at = now;
  return next;
}

/** Whether a deadline was missed (or, still running, is already past). */
export function breaches(c: SlaClock, now: Date): { first_action: boolean; resolution: boolean } {
  const clockNow = c.paused_since ?? now;
  const firstAt = c.first_action_at ?? clockNow;
  const resolvedAt =
    c.resolved_at && ["resolved", "closed"].includes(c.state) ? c.resolved_at : clockNow;
  return {
    first_action: !!c.first_action_due && firstAt > c.first_action_due,
    resolution: c.state !== "rejected" && !!c.resolution_due && resolvedAt > c.resolution_due,
  };
}
