import { z } from "zod";
import { canonicalJson, sha256Hex } from "./canonical-json.ts";
import {
  AsNumber,
  CountryCode,
  HostName,
  IpAddress,
  LowerText,
  Network,
  Port,
  StorableRecord,
  StorableText,
  Transport,
  Url,
  UtcTime,
} from "./fields.ts";
import {
  CLASSIFICATION_TYPES,
  type ClassificationType,
  TAXONOMIES,
  TAXONOMY_OF_TYPE,
} from "./taxonomy.ts";

/** TLP 2.0 labels. */
export const Tlp = z.enum(["clear", "green", "amber", "amber+strict", "red"]);
export type Tlp = z.infer<typeof Tlp>;

/**
 * One normalised observation, with IntelMQ's harmonization field names so events move
 * between Mogura, IntelMQ, n6 and other CSIRT tools without renaming. Like IntelMQ's
 * harmonization, every field has a type that cleans and checks its value (fields.ts):
 * addresses, networks, host names, URLs, ports and times come out canonical, and every
 * string is storable. Parsing a draft is the one step that makes it an Event.
 */
export const Event = z
  .object({
    "feed.name": StorableText,
    "feed.provider": StorableText.optional(),
    "feed.url": StorableText.optional(),
    "time.source": UtcTime.optional(),
    "time.observation": UtcTime,
    "classification.taxonomy": z.enum(TAXONOMIES),
    "classification.type": z.enum(CLASSIFICATION_TYPES),
    "classification.identifier": StorableText.optional(),
    "source.ip": IpAddress.optional(),
    "source.network": Network.optional(),
    "source.port": Port.optional(),
    "source.fqdn": HostName.optional(),
    "source.url": Url.optional(),
    "source.account": StorableText.optional().describe(
      "an e-mail address or account name at the source",
    ),
    "source.asn": AsNumber.optional(),
    "source.reverse_dns": HostName.optional(),
    "source.geolocation.cc": CountryCode.optional(),
    "destination.ip": IpAddress.optional(),
    "destination.port": Port.optional(),
    "destination.fqdn": HostName.optional(),
    "destination.url": Url.optional(),
    "destination.asn": AsNumber.optional(),
    "protocol.application": LowerText.optional(),
    "protocol.transport": Transport.optional(),
    "malware.name": LowerText.optional(),
    "event_description.text": StorableText.optional(),
    tlp: Tlp.optional(),
    raw: StorableText.optional().describe("the line or part this event came from"),
    extra: StorableRecord.optional(),
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
