import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allowedActions, groupRuleOf, loadPolicy, PolicyError, slaOf } from "./policy.ts";

function policyFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "mogura-policy-")), "policy.yaml");
  writeFileSync(path, text);
  return path;
}

describe("the case policy", () => {
  it("has the issue's defaults", () => {
    const p = loadPolicy();
    expect(slaOf(p, "phishing")).toEqual({
      first_action_hours: 4,
      resolution_hours: 24,
      pause_while_waiting_customer: true,
    });
    expect(slaOf(p, "c2-server")).toMatchObject({ first_action_hours: 24, resolution_hours: 72 });
    expect(slaOf(p, "spam")).toMatchObject({ first_action_hours: 72, resolution_hours: 168 });
    expect(slaOf(p, "brute-force")).toMatchObject({ resolution_hours: 336 });
    expect(slaOf(p, "ddos")).toMatchObject({ first_action_hours: 72, resolution_hours: 720 });
    expect(groupRuleOf(p, "spam", "vps")).toEqual(["service", "type"]);
    expect(groupRuleOf(p, "spam", "shared")).toEqual(["service", "host", "type"]);
    expect(groupRuleOf(p, "spam", "not_ours")).toEqual(["resource", "type"]);
    expect(allowedActions(p, "vps")).not.toContain("inspect_files");
    expect(allowedActions(p, "shared")).toContain("inspect_files");
    expect(p.actions.catalog.inspect_files?.requires_reason).toBe(true);
  });

  it("merges an operator's file over the defaults (the example in docs/cases.md)", () => {
    const p = loadPolicy(
      policyFile(`sla:
  types:
    phishing: { first_action_hours: 2, resolution_hours: 12 }
grouping:
  types:
    scanner: { vps: [service, ip, type], dedicated: [service, ip, type] }
`),
    );
    expect(slaOf(p, "phishing")).toMatchObject({ first_action_hours: 2, resolution_hours: 12 });
    expect(slaOf(p, "spam")).toMatchObject({ first_action_hours: 72 });
    expect(groupRuleOf(p, "scanner", "vps")).toEqual(["service", "ip", "type"]);
    expect(groupRuleOf(p, "scanner", "shared")).toEqual(["service", "host", "type"]);
    expect(p.misuse_rules.length).toBeGreaterThan(0);
  });

  it("refuses a file with a mistake, naming the field", () => {
    expect(() =>
      loadPolicy(policyFile("sla:\n  types:\n    phishing: { first_action_hours: -1 }\n")),
    ).toThrow(/sla\.types\.phishing\.first_action_hours/);
    expect(() =>
      loadPolicy(policyFile("grouping:\n  default:\n    vps: [service, colour]\n")),
    ).toThrow(PolicyError);
    expect(() =>
      loadPolicy(policyFile("actions:\n  allowed:\n    vps: [launch_missiles]\n")),
    ).toThrow(/launch_missiles.*not in actions.catalog/);
    expect(() => loadPolicy(policyFile("sla: [unclosed\n"))).toThrow(/not valid YAML/);
    expect(() => loadPolicy("/nonexistent/policy.yaml")).toThrow(/no such file/);
    expect(() =>
      loadPolicy(policyFile("sla:\n  types:\n    phishng: { first_action_hours: 1 }\n")),
    ).toThrow(PolicyError);
  });
});
