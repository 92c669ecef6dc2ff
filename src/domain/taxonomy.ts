import { z } from "zod";

/**
 * The Reference Security Incident Taxonomy as IntelMQ uses it: 44 classification types in
 * 11 taxonomies (IntelMQ keeps a few non-RSIT types such as `blacklist` and `tor` under
 * `other`). Events carry both `classification.taxonomy` and `classification.type`.
 */
export const TAXONOMY_OF_TYPE = {
  spam: "abusive-content",
  "harmful-speech": "abusive-content",
  violence: "abusive-content",
  ddos: "availability",
  dos: "availability",
  outage: "availability",
  sabotage: "availability",
  misconfiguration: "availability",
  copyright: "fraud",
  masquerade: "fraud",
  phishing: "fraud",
  "unauthorized-use-of-resources": "fraud",
  "unauthorised-information-access": "information-content-security",
  "unauthorised-information-modification": "information-content-security",
  "data-loss": "information-content-security",
  "data-leak": "information-content-security",
  scanner: "information-gathering",
  sniffing: "information-gathering",
  "social-engineering": "information-gathering",
  "brute-force": "intrusion-attempts",
  exploit: "intrusion-attempts",
  "ids-alert": "intrusion-attempts",
  "application-compromise": "intrusions",
  burglary: "intrusions",
  "privileged-account-compromise": "intrusions",
  "system-compromise": "intrusions",
  "unprivileged-account-compromise": "intrusions",
  "c2-server": "malicious-code",
  "infected-system": "malicious-code",
  "malware-configuration": "malicious-code",
  "malware-distribution": "malicious-code",
  "dga-domain": "other",
  blacklist: "other",
  malware: "other",
  other: "other",
  proxy: "other",
  tor: "other",
  undetermined: "other",
  test: "test",
  "ddos-amplifier": "vulnerable",
  "information-disclosure": "vulnerable",
  "potentially-unwanted-accessible": "vulnerable",
  "vulnerable-system": "vulnerable",
  "weak-crypto": "vulnerable",
} as const;

export type ClassificationType = keyof typeof TAXONOMY_OF_TYPE;
export type Taxonomy = (typeof TAXONOMY_OF_TYPE)[ClassificationType];

export const CLASSIFICATION_TYPES = Object.keys(TAXONOMY_OF_TYPE) as [
  ClassificationType,
  ...ClassificationType[],
];
export const TAXONOMIES = [...new Set(Object.values(TAXONOMY_OF_TYPE))] as [
  Taxonomy,
  ...Taxonomy[],
];

/** Older IntelMQ names and common spellings, mapped to today's types. */
export const TYPE_ALIASES: Record<string, ClassificationType> = {
  "c&c": "c2-server",
  c2: "c2-server",
  c2server: "c2-server",
  cnc: "c2-server",
  "botnet drone": "infected-system",
  "botnet-drone": "infected-system",
  bot: "infected-system",
  ransomware: "infected-system",
  "dga domain": "dga-domain",
  "malware configuration": "malware-configuration",
  "ids alert": "ids-alert",
  defacement: "unauthorised-information-modification",
  compromised: "system-compromise",
  backdoor: "system-compromise",
  "unauthorized-command": "system-compromise",
  "unauthorized-login": "system-compromise",
  dropzone: "other",
  leak: "data-leak",
  "vulnerable service": "vulnerable-system",
  "vulnerable-service": "vulnerable-system",
  "vulnerable client": "vulnerable-system",
  unknown: "undetermined",
  "login-attack": "brute-force",
  "login attack": "brute-force",
  bruteforce: "brute-force",
  "port-scan": "scanner",
  portscan: "scanner",
  scan: "scanner",
  "unauthorised-use-of-resources": "unauthorized-use-of-resources",
  "unauthorized-information-access": "unauthorised-information-access",
  "unauthorized-information-modification": "unauthorised-information-modification",
};

/** The type for a name or alias (case and spacing forgiven), or null when unknown. */
export function resolveType(name: string): ClassificationType | null {
  const key = name.trim().toLowerCase().replace(/_/g, "-");
  if (key in TAXONOMY_OF_TYPE) return key as ClassificationType;
  return TYPE_ALIASES[key] ?? TYPE_ALIASES[key.replace(/-/g, " ")] ?? null;
}

/** A classification type, accepting aliases (`c&c`) and turning them into the current name. */
export const ClassificationTypeSchema = z
  .string()
  .transform((v, ctx) => {
    const t = resolveType(v);
    if (!t) {
      ctx.addIssue({
        code: "custom",
        message: `unknown classification type "${v}" (see docs/intake.md for the list)`,
      });
      return z.NEVER;
    }
    return t;
  })
  .describe("an RSIT classification type as IntelMQ names it (aliases such as c&c are accepted)");
