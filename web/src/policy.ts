// The states and misuse types the queue's filters offer. What a case may do next (moves,
// actions and why not) comes from the server with the case.
//
// Both lists are the API's own unions (types.ts, generated from the OpenAPI document) in the
// order the UI shows them. A type cannot become a list at run time, so each is spelled out as
// the keys of a Record over its union: the compiler refuses a missing or an unknown value.
import type { CaseState, MisuseType } from "./types.ts";

/** The keys of an object literal typed as a Record over a union, in the order written. */
export const keysOf = <K extends string>(record: Record<K, true>): readonly K[] =>
  Object.keys(record) as K[];

export const STATES = keysOf<CaseState>({
  new: true,
  acknowledged: true,
  waiting_customer: true,
  action_taken: true,
  resolved: true,
  closed: true,
  rejected: true,
});

/** Every state, as the queue's `state` filter writes it. */
export const ALL_STATES = STATES.join(",");

export const MISUSE_TYPES = keysOf<MisuseType>({
  undetermined: true,
  fraudulent_contract: true,
  compromised_customer: true,
  downstream_reseller: true,
  grey_use: true,
});
