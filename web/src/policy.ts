// The states and misuse types the queue's filters offer. What a case may do next (moves,
// actions and why not) comes from the server with the case.
import type { CaseState, MisuseType } from "./types.ts";

export const STATES: readonly CaseState[] = [
  "new",
  "acknowledged",
  "waiting_customer",
  "action_taken",
  "resolved",
  "closed",
  "rejected",
];

/** Every state, as the queue's `state` filter writes it. */
export const ALL_STATES = STATES.join(",");

export const MISUSE_TYPES: readonly MisuseType[] = [
  "undetermined",
  "fraudulent_contract",
  "compromised_customer",
  "downstream_reseller",
  "grey_use",
];
