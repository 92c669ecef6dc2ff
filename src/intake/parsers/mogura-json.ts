import { createHash } from "node:crypto";
import { classify, Event } from "../../domain/event.ts";
import { MoguraReport } from "../../domain/report-json.ts";
import { sourceFields } from "../resources.ts";
import { fail, type ParsedEvidence, type ParseInput, type ParseResult } from "./types.ts";

const PARSER = "mogura-json";

/** Turns an already-decoded JSON value in the Mogura report shape into events. */
export function parseMoguraObject(json: unknown, input: ParseInput): ParseResult {
  const parsed = MoguraReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "report";
    return fail(PARSER, `not a valid Mogura report: ${where}: ${issue?.message ?? "invalid"}`);
  }
  const r = parsed.data;
  const resources = [...(r.resource ? [r.resource] : []), ...(r.resources ?? [])];
  const events: Event[] = [];
  for (const [i, res] of resources.entries()) {
    const src = sourceFields(res);
    if (
      !src["source.ip"] &&
      !src["source.url"] &&
      !src["source.fqdn"] &&
      !src["source.network"] &&
      !src["source.account"]
    ) {
      return fail(PARSER, `resources[${i}] has no usable ip, cidr, fqdn, url or email`);
    }
    events.push(
      Event.parse({
        "feed.name": "mogura",
        "feed.provider": r.reporter?.org ?? r.reporter?.name,
        "time.observation": input.receivedAt.toISOString(),
        "time.source": r.observed_at ? new Date(r.observed_at).toISOString() : undefined,
        ...classify(r.category),
        ...src,
        "malware.name": r.malware?.toLowerCase(),
        "event_description.text": r.description?.slice(0, 2000),
        tlp: r.tlp,
        extra: {
          ...(r.observed_until ? { observed_until: new Date(r.observed_until).toISOString() } : {}),
          ...(r.external_ref ? { external_ref: r.external_ref } : {}),
          consent_to_forward: r.consent_to_forward,
        },
      }),
    );
  }
  const evidence: ParsedEvidence[] = r.evidence.map((e) => {
    const data =
      e.data_base64 !== undefined
        ? new Uint8Array(Buffer.from(e.data_base64, "base64"))
        : undefined;
    return {
      kind: e.kind,
      mediaType: e.media_type,
      description: e.description,
      data,
      sha256: data ? createHash("sha256").update(data).digest("hex") : e.sha256,
    };
  });
  return {
    ok: true,
    parser: PARSER,
    events,
    evidence,
    meta: {
      reporterEmail: r.reporter?.email,
      reporterName: r.reporter?.name,
      reporterOrg: r.reporter?.org,
      reporterType: r.reporter?.type,
      externalRef: r.external_ref,
      tlp: r.tlp,
      consentToForward: r.consent_to_forward,
      requestUpdates: r.request_updates,
      description: r.description,
    },
  };
}

/** The Mogura report JSON (the common language) as bytes. */
export function parseMoguraJson(input: ParseInput): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(input.bytes).toString("utf8"));
  } catch (e) {
    return fail(PARSER, `not valid JSON: ${(e as Error).message}`);
  }
  return parseMoguraObject(json, input);
}
