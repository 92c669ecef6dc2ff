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
