import { z } from "zod";

/** Who may do what. `reporter` only submits and reads its own reports. */
export const Role = z.enum([
  "admin",
  "analyst",
  "viewer",
  "reporter",
  "law_enforcement",
  "partner",
]);
export type Role = z.infer<typeof Role>;

export const ALL_ROLES: readonly Role[] = Role.options;

/** Roles of the people who work cases inside the provider. */
export const STAFF_ROLES: readonly Role[] = ["admin", "analyst", "viewer"];

/** Staff who change things: move cases, send notices, release quarantined reports. */
export const WORKER_ROLES: readonly Role[] = ["admin", "analyst"];

/** Who may change the inventory. */
export const ADMIN_ROLES: readonly Role[] = ["admin"];

/** Who may read reports: staff, and reporters (their own). */
export const REPORT_READERS: readonly Role[] = ["admin", "analyst", "viewer", "reporter"];

/** Who may submit reports and read what they sent. */
export const REPORT_SENDERS: readonly Role[] = ["admin", "analyst", "reporter"];
