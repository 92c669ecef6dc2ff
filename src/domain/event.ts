import { z } from "zod";
import { canonicalJson, sha256Hex } from "./canonical-json.ts";
import {
  CLASSIFICATION_TYPES,
  type ClassificationType,
  TAXONOMIES,
  TAXONOMY_OF_TYPE,
} from "./taxonomy.ts";

/** TLP 2.0 labels. */
export const Tlp = z.enum(["clear", "green", "amber", "amber+strict", "red"]);
export type Tlp = z.infer<typeof Tlp>;

const port = z.number().int().min(0).max(65535);
const iso = z.string().describe("UTC ISO-8601");

/**
 * One normalised observation, with IntelMQ's harmonization field names so events move
 * between Mogura, IntelMQ, n6 and other CSIRT tools without renaming.
 */
export const Event = z
  .object({
    "feed.name": z.string(),
    "feed.provider": z.string().optional(),
    "feed.url": z.string().optional(),
    "time.source": iso.optional(),
    "time.observation": iso,
    "classification.taxonomy": z.enum(TAXONOMIES),
    "classification.type": z.enum(CLASSIFICATION_TYPES),
    "classification.identifier": z.string().optional(),
    "source.ip": z.string().optional(),
    "source.network": z.string().optional(),
    "source.port": port.optional(),
    "source.fqdn": z.string().optional(),
    "source.url": z.string().optional(),
    "source.account": z
      .string()
      .optional()
      .describe("an e-mail address or account name at the source"),
    "source.asn": z.number().int().optional(),
    "source.reverse_dns": z.string().optional(),
    "source.geolocation.cc": z.string().optional(),
    "destination.ip": z.string().optional(),
    "destination.port": port.optional(),
    "destination.fqdn": z.string().optional(),
    "destination.url": z.string().optional(),
    "destination.asn": z.number().int().optional(),
    "protocol.application": z.string().optional(),
    "protocol.transport": z.string().optional(),
    "malware.name": z.string().optional(),
    "event_description.text": z.string().optional(),
    tlp: Tlp.optional(),
    raw: z.string().optional().describe("the line or part this event came from"),
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Event = z.infer<typeof Event>;

/**
 * The fields that make two events "the same observation". Times are left out: the same
 * thing reported again is counted on the first event within the dedup window.
 */
export const DEDUP_FIELDS = [
  "feed.name",
  "classification.type",
  "classification.identifier",
  "source.ip",
  "source.port",
  "source.fqdn",
  "source.url",
  "source.account",
  "destination.ip",
  "destination.port",
  "destination.fqdn",
  "malware.name",
] as const satisfies readonly (keyof Event)[];

/**
 * SHA-256 (hex) over the canonical JSON (keys sorted, no whitespace, absent fields left
 * out) of the event's DEDUP_FIELDS. In Python:
 * `sha256(json.dumps({k: e[k] for k in FIELDS if k in e}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()`.
 */
export function dedupKey(e: Event): string {
  const picked: Record<string, unknown> = {};
  for (const f of DEDUP_FIELDS) if (e[f] !== undefined) picked[f] = e[f];
  return sha256Hex(canonicalJson(picked));
}

/** The classification fields for a type. */
export const classify = (type: ClassificationType) => ({
  "classification.taxonomy": TAXONOMY_OF_TYPE[type],
  "classification.type": type,
});
