// Evidence packages against a real (migrated) database, blob store and signed ledger: what
// each audience gets, that the bytes verify offline, and that tampering is caught precisely.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, testStore } from "../../test/support/database.ts";
import { canonicalJson } from "../domain/canonical-json.ts";
import type { SqlRunner, Store } from "../store/database.ts";
import { BlobStore } from "./blob-store.ts";
import { appendLedger, type LedgerEntry, type LedgerInput, registerSigner } from "./ledger.ts";
import { type LedgerSigner, loadOrCreateSigner } from "./ledger-key.ts";
import {
  buildEvidencePackage,
  type PackageManifest,
  PackageVerification,
  verifyEvidencePackage,
} from "./package.ts";
import { readTar, writeTar } from "./tar.ts";

let store: Store;
let dir: string;
let blobs: BlobStore;
let signer: LedgerSigner;
let caseId: number;
const ids = {
  bodySha: "",
  recordSha: "",
  pngSha: "",
  attachmentSha: "",
  attachmentSeq: 0,
  noteActionSeq: 0,
  hiddenCaptureId: 0,
  redEventId: 0,
};

const EVIL_URL = "http://evil.example/login?<script>alert(1)</script>";
const REPORTER_SECRETS = [
  "Taro Yamada",
  "taro@victim.example",
  "フィッシングサイトの報告",
  "Secret Agency",
  "hidden.example",
  "customer looks fraudulent",
  "Internal: the customer",
];

async function report(meta: Record<string, unknown>, n: number): Promise<string> {
  const [r] = await store.query<{ id: string }>(
    `INSERT INTO reports (tracking_number, channel, owner, size, sha256, raw, meta, status)
     VALUES ($1, $2, 'test', 1, 'x', $3, $4::jsonb, 'processed') RETURNING id`,
    [`R-${n}`, meta.from ? "smtp" : "api", Buffer.from("raw"), JSON.stringify(meta)],
  );
  return String(r?.id);
}

async function event(reportId: string, data: Record<string, unknown>): Promise<number> {
  const [r] = await store.query<{ id: string }>(
    `INSERT INTO events (report_id, dedup_key, classification_type, data, first_seen, last_seen, case_id, resolution)
     VALUES ($1, md5(random()::text), 'phishing', $2::jsonb, '2025-03-01T10:00:00Z', '2025-03-02T11:00:00Z', $3, $4::jsonb)
     RETURNING id`,
    [
      reportId,
      JSON.stringify({ "feed.name": "mogura", "classification.type": "phishing", ...data }),
      caseId,
      JSON.stringify({
        ownership: "customer",
        via: "ip",
        host: "evil.example",
        ip: "192.0.2.10",
        service_id: null,
        customer_id: "C-secret-42",
        customer_verification: "failed-kyc",
      }),
    ],
  );
  return Number(r?.id);
}

const ledger = (input: LedgerInput) =>
  store.transaction((tx: SqlRunner) => appendLedger(tx, signer, input));

/** A finished capture sealed the way capture.ts seals them: record blob first, then the bytes. */
async function capture(
  kind: string,
  target: string,
  eventId: number | null,
  record: Record<string, unknown>,
  extra: Buffer[] = [],
): Promise<{ id: number; entry: LedgerEntry; blobs: string[] }> {
  const [row] = await store.query<{ id: string }>(
    "INSERT INTO evidence_captures (case_id, event_id, kind, target) VALUES ($1, $2, $3, $4) RETURNING id",
    [caseId, eventId, kind, target],
  );
  const id = Number(row?.id);
  const extraShas = extra.map((b) => blobs.put(b));
  const full = { capture_id: id, kind, target, status: "done", ...record, blobs: extraShas };
  const shas = [blobs.put(Buffer.from(canonicalJson(full))), ...extraShas];
  const summary = `${kind} of ${target}`;
  const entry = await ledger({
    kind: "capture",
    caseId,
    eventId,
    blobs: shas,
    actor: "system",
    details: { capture_id: id, kind, target, status: "done", summary },
  });
  await store.query(
    `UPDATE evidence_captures SET status = 'done', summary = $2, result = $3::jsonb, blobs = $4::jsonb,
       ledger_seq = $5, finished_at = now() WHERE id = $1`,
    [id, summary, canonicalJson(full), JSON.stringify(shas), entry.seq],
  );
  await timeline("evidence", "system", { capture_id: id, kind, target, status: "done", summary });
  return { id, entry, blobs: shas };
}

async function timeline(kind: string, actor: string, detail: Record<string, unknown>) {
  await store.query(
    "INSERT INTO case_timeline (case_id, kind, actor, detail) VALUES ($1, $2, $3, $4::jsonb)",
    [caseId, kind, actor, JSON.stringify(detail)],
  );
}

beforeAll(async () => {
  store = await testStore();
  dir = mkdtempSync(join(tmpdir(), "mogura-package-"));
  blobs = new BlobStore(join(dir, "blobs"));
  signer = loadOrCreateSigner(join(dir, "keys", "ledger.pem"));
  await registerSigner(store, signer);

  const consenting = await report(
    {
      reporterName: "Hanako Suzuki",
      reporterEmail: "abuse@cert.example",
      reporterOrg: "Example CERT",
      reporterType: "csirt",
      consentToForward: true,
      tlp: "amber",
    },
    1,
  );
  const mail = await report(
    {
      from: "Taro Yamada <taro@victim.example>",
      subject: "フィッシングサイトの報告",
      reporterName: "Taro Yamada",
      reporterEmail: "taro@victim.example",
    },
    2,
  );
  const red = await report({ reporterOrg: "Secret Agency", consentToForward: true, tlp: "red" }, 3);
  const [c] = await store.query<{ id: string }>(
    `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, resource, first_event_at,
       last_event_at, assignee, customer_id, event_count, misuse_type)
     VALUES ('g:evil', 'phishing', 'fraud', 'customer', 'evil.example', '2025-03-01T10:00:00Z',
       '2025-03-02T11:00:00Z', 'ana-analyst', NULL, 3, 'fraudulent_contract') RETURNING id`,
  );
  caseId = Number(c?.id);
  // Another case's entry first, so this case's entries are not contiguous in the ledger.
  await ledger({ kind: "action", caseId: caseId + 1000, actor: "someone", details: { x: 1 } });

  const e1 = await event(consenting, {
    "feed.provider": "Example CERT",
    "source.url": EVIL_URL,
    "source.fqdn": "evil.example",
    extra: { consent_to_forward: true },
  });
  await event(mail, {
    "feed.provider": "Taro Yamada",
    "source.url": "http://evil.example/login",
    raw: "From: Taro Yamada <taro@victim.example>",
    extra: { original_rcpt_to: "taro@victim.example", user_agent: "Mozilla/5.0" },
  });
  ids.redEventId = await event(red, { "source.url": "http://hidden.example/x", tlp: "red" });
  await timeline("created", "system", { report_id: consenting, events: 1, group_key: "g:evil" });

  const body = Buffer.from("<html><title>Log in to Example Bank</title></html>");
  const http = await capture(
    "http",
    EVIL_URL,
    e1,
    {
      outcome: "fetched",
      url: EVIL_URL,
      hops: [
        {
          url: EVIL_URL,
          at: "2025-03-02T12:00:00.000Z",
          status: 302,
          location: "https://evil.example/login",
          remote: { ip: "192.0.2.10", port: 80 },
        },
        {
          url: "https://evil.example/login",
          at: "2025-03-02T12:00:01.000Z",
          status: 200,
          remote: { ip: "192.0.2.10", port: 443 },
          tls: {
            subject: "CN=evil.example",
            issuer: "CN=Let's <Encrypt> R3",
            valid_from: "Mar  1 00:00:00 2025 GMT",
            valid_to: "May 30 00:00:00 2025 GMT",
            fingerprint256: "AA:BB",
            authorized: true,
          },
        },
      ],
      final: {
        url: "https://evil.example/login",
        status: 200,
        content_type: "text/html",
        size: body.length,
      },
    },
    [body],
  );
  ids.recordSha = http.blobs[0] as string;
  ids.bodySha = http.blobs[1] as string;
  await capture("dns", "evil.example", e1, {
    resolver: "192.0.2.53",
    at: "2025-03-02T12:00:02.000Z",
    records: [{ name: "evil.example", type: "A", values: ["192.0.2.10"] }],
  });
  await capture("rdap_domain", "evil.example", e1, {
    ok: true,
    fetched_at: "2025-03-02T12:00:03.000Z",
    data: {
      query: "evil.example",
      url: "https://rdap.example/domain/evil.example",
      registrar: "Example Registrar, Inc.",
      events: [{ action: "registration", date: "2025-02-28T00:00:00Z" }],
      nameservers: ["ns1.example"],
      abuse_contacts: [{ email: "abuse@registrar.example" }],
    },
  });
  const shot = await capture("screenshot", EVIL_URL, e1, { media_type: "image/png" }, [
    Buffer.from("\x89PNG fake"),
  ]);
  ids.pngSha = shot.blobs[1] as string;
  // Retention let the screenshot go: the purge is on record, the bytes are gone.
  const purge = await ledger({
    kind: "purge",
    blobs: [ids.pngSha],
    actor: "system",
    details: { reason: "retention", case_ids: [caseId] },
  });
  await store.query("INSERT INTO evidence_purged (sha256, ledger_seq) VALUES ($1, $2)", [
    ids.pngSha,
    purge.seq,
  ]);
  blobs.remove(ids.pngSha);
  ids.hiddenCaptureId = (await capture("http", "http://hidden.example/x", ids.redEventId, {})).id;

  // The mail reporter's attachment, stored the way storeAttachments does.
  const eml = Buffer.from("From: Taro Yamada <taro@victim.example>\r\n\r\nplease look");
  ids.attachmentSha = blobs.put(eml);
  const details = {
    report_id: mail,
    kind: "mail",
    media_type: "message/rfc822",
    description: null,
    filename: "phish.eml",
    sha256: ids.attachmentSha,
    stored: true,
    from_reporter: true,
  };
  const [att] = await store.query<{ id: string }>(
    `INSERT INTO evidence_captures (case_id, report_id, kind, target, status, summary, result, blobs, finished_at)
     VALUES ($1, $2, 'attachment', $3, 'done', 'mail from the reporter (message/rfc822, phish.eml)', $4::jsonb, $5::jsonb, now())
     RETURNING id`,
    [caseId, mail, ids.attachmentSha, JSON.stringify(details), JSON.stringify([ids.attachmentSha])],
  );
  const attEntry = await ledger({
    kind: "attachment",
    caseId,
    blobs: [ids.attachmentSha],
    actor: "system",
    details: { capture_id: Number(att?.id), ...details },
  });
  ids.attachmentSeq = attEntry.seq;
  await store.query("UPDATE evidence_captures SET ledger_seq = $2 WHERE id = $1", [
    att?.id,
    attEntry.seq,
  ]);

  await timeline("note", "ana-analyst", { text: "Internal: the customer failed KYC twice" });
  await timeline("assigned", "ana-analyst", { from: null, to: "ana-analyst" });
  const action = {
    action: "suspend_service",
    legal_basis: "利用規約第12条（禁止事項） / Terms of service §12",
    reason: "phishing confirmed",
    // It cites the reporter's attachment too: the customer copy must still leave those bytes out.
    evidence: [ids.bodySha, ids.attachmentSha],
  };
  await timeline("action", "ana-analyst", action);
  await ledger({
    kind: "action",
    caseId,
    blobs: action.evidence,
    actor: "ana-analyst",
    details: action,
  });
  const noted = {
    action: "notify_customer",
    legal_basis: "Terms of service §8",
    note: "customer looks fraudulent",
    evidence: [],
  };
  await timeline("action", "ana-analyst", noted);
  ids.noteActionSeq = (
    await ledger({ kind: "action", caseId, actor: "ana-analyst", details: noted })
  ).seq;
});

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function unpack(bytes: Buffer): Map<string, Buffer> {
  return new Map(readTar(gunzipSync(bytes)).map((f) => [f.name, f.data]));
}
function pack(files: Map<string, Buffer>): Buffer {
  return gzipSync(writeTar([...files].map(([name, data]) => ({ name, data }))));
}
function manifestOf(files: Map<string, Buffer>): PackageManifest {
  return JSON.parse(String(files.get("manifest.json")));
}
const reasons = (v: PackageVerification) => v.problems.map((p) => p.reason).join("\n");

const tarVersion = spawnSync("tar", ["--version"], { encoding: "utf8" });
const hasSystemTar = () => tarVersion.status === 0;

/**
 * A package unpacked with the system's tar into a folder named like the file (long enough
 * that paths inside a repacked archive pass 100 bytes), and a way to pack it again there.
 */
function unpackWithTar(pkg: { bytes: Buffer; filename: string }) {
  const work = mkdtempSync(join(dir, "repack-"));
  const folder = pkg.filename.replace(/\.tar\.gz$/, "");
  writeFileSync(join(work, pkg.filename), pkg.bytes);
  mkdirSync(join(work, folder));
  execFileSync("tar", ["-xf", pkg.filename, "-C", folder], { cwd: work });
  return {
    path: (name: string) => join(work, folder, name),
    /** `tar <args>` run in the folder above the unpacked one; the bytes of `out`. */
    repack: (out: string, args: string[]) => {
      execFileSync("tar", args, { cwd: work });
      return readFileSync(join(work, out));
    },
    folder,
  };
}

describe(`evidence package (${backend})`, () => {
  it("internal: everything, and it verifies offline", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    expect(pkg.filename).toMatch(
      new RegExp(`^mogura-case-${caseId}-internal-\\d{8}T\\d{6}Z\\.tar\\.gz$`),
    );
    const v = verifyEvidencePackage(pkg.bytes);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(PackageVerification.parse(v)).toEqual(v);
    expect(v.key_ids).toEqual([signer.keyId]);

    const files = unpack(pkg.bytes);
    const m = manifestOf(files);
    expect(m).toEqual(JSON.parse(JSON.stringify(pkg.manifest)));
    expect(m.format).toBe("mogura-evidence-package/1");
    expect(m.events).toHaveLength(3);
    expect(m.captures.map((c) => c.kind)).toEqual([
      "http",
      "dns",
      "rdap_domain",
      "screenshot",
      "http",
      "attachment",
    ]);
    // 5 captures + attachment + 2 actions of this case, and the purge of its screenshot
    expect(m.ledger.map((e) => e.kind)).toEqual([
      "capture",
      "capture",
      "capture",
      "capture",
      "purge",
      "capture",
      "attachment",
      "action",
      "action",
    ]);
    expect(v.entries).toBe(9);
    expect(m.case.assignee).toBe("ana-analyst");
    expect(m.case.misuse_type).toBe("fraudulent_contract");
    expect(m.timeline.map((t) => t.kind)).toContain("note");
    expect(m.reports.find((r) => r.tracking_number === "R-2")?.reporter?.email).toBe(
      "taro@victim.example",
    );
    expect(m.withheld).toEqual([]);
    expect(m.missing_blobs).toEqual([
      expect.objectContaining({ sha256: ids.pngSha, reason: expect.stringMatching(/purged/) }),
    ]);
    expect(files.has(`blobs/${ids.attachmentSha}`)).toBe(true);
    expect(files.has(`blobs/${ids.pngSha}`)).toBe(false);
    expect(files.get(`public-keys/${signer.keyId}.pem`)?.toString()).toBe(signer.publicKeyPem);
    const roles = Object.fromEntries(m.blobs.map((b) => [b.sha256, b.role]));
    expect(roles[ids.recordSha]).toBe("record");
    expect(roles[ids.bodySha]).toBe("body");
    expect(roles[ids.attachmentSha]).toBe("attachment");
    expect(m.blobs.find((b) => b.sha256 === ids.bodySha)?.media_type).toBe("text/html");
  });

  it("customer: no reporter identity, no attachment, no TLP:RED, no notes; says so; verifies", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "customer");
    const v = verifyEvidencePackage(pkg.bytes);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);

    const files = unpack(pkg.bytes);
    const m = manifestOf(files);
    for (const [name, data] of files) {
      for (const secret of REPORTER_SECRETS)
        expect(data.toString("utf8"), `${secret} in ${name}`).not.toContain(secret);
    }
    expect(files.get("manifest.json")?.toString()).not.toContain("C-secret-42");
    expect(files.get("manifest.json")?.toString()).not.toContain("failed-kyc");
    // The consenting reporter may be named.
    expect(m.reports.find((r) => r.tracking_number === "R-1")?.reporter?.org).toBe("Example CERT");
    expect(m.reports.find((r) => r.tracking_number === "R-2")?.reporter).toBeNull();

    expect(m.events).toHaveLength(2);
    const mailEvent = m.events.find((e) => e.data["source.url"] === "http://evil.example/login");
    expect(mailEvent?.data["feed.provider"]).toBeUndefined();
    expect(mailEvent?.data.raw).toBeUndefined();
    expect(mailEvent?.data.extra).toEqual({ user_agent: "Mozilla/5.0" });

    expect(m.captures.map((c) => c.kind)).toEqual(["http", "dns", "rdap_domain", "screenshot"]);
    expect(files.has(`blobs/${ids.attachmentSha}`)).toBe(false);
    expect(m.ledger.map((e) => e.seq)).not.toContain(ids.attachmentSeq);
    expect(m.ledger.map((e) => e.seq)).not.toContain(ids.noteActionSeq);
    expect(m.case.assignee).toBeUndefined();
    expect(m.case.misuse_type).toBeUndefined();
    expect(m.timeline.map((t) => t.kind)).not.toContain("note");
    expect(m.timeline.map((t) => t.kind)).not.toContain("assigned");
    expect(m.timeline.every((t) => !("note" in t.detail) && !("group_key" in t.detail))).toBe(true);

    const byWhat = (what: string) => m.withheld.filter((w) => w.what === what);
    expect(byWhat("ledger_entry")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          seq: ids.attachmentSeq,
          reason: "reporter did not consent to forwarding",
          blobs: [ids.attachmentSha],
        }),
        expect.objectContaining({
          seq: ids.noteActionSeq,
          reason: expect.stringMatching(/internal note.*notify_customer.*Terms of service §8/),
        }),
      ]),
    );
    expect(byWhat("reporter_identity").map((w) => [w.ref, w.reason])).toEqual(
      expect.arrayContaining([
        ["report R-2", "reporter did not consent to forwarding"],
        ["report R-3", expect.stringMatching(/TLP:RED/)],
      ]),
    );
    expect(byWhat("event")).toEqual([
      expect.objectContaining({
        ref: `event ${ids.redEventId}`,
        reason: expect.stringMatching(/TLP:RED/),
      }),
    ]);
    expect(byWhat("capture").map((w) => w.ref)).toEqual(
      expect.arrayContaining([`capture ${ids.hiddenCaptureId} (http)`]),
    );
    expect(byWhat("event_fields")[0]?.fields).toEqual(
      expect.arrayContaining(["feed.provider", "raw", "extra.original_rcpt_to"]),
    );
    expect(byWhat("case_fields")[0]?.fields).toContain("assignee");

    const html = files.get("summary.html")?.toString() ?? "";
    expect(html).toContain("非開示とした情報");
    expect(html).toContain("What was withheld");
    expect(html).toContain("reporter did not consent to forwarding");
    expect(html).not.toContain("C-secret-42");
  });

  it("summary.html: Japanese and English, self-contained, everything escaped", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const html = unpack(pkg.bytes).get("summary.html")?.toString() ?? "";
    expect(html).toContain("証拠パッケージ");
    expect(html).toContain("Evidence package");
    expect(html).toContain("フィッシング");
    expect(html).toContain("不正アクセス禁止法");
    expect(html).toContain("impersonates");
    // The attacker's markup shows as text, never as markup.
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("CN=Let&#39;s &lt;Encrypt&gt; R3");
    // No remote resource, no link.
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    // What the captures show, when, where, and the rule.
    expect(html).toContain("2025-03-02 12:00:00 UTC");
    expect(html).toContain("Example Registrar, Inc.");
    expect(html).toContain("abuse@registrar.example");
    expect(html).toContain("192.0.2.10");
    expect(html).toContain("利用規約第12条（禁止事項） / Terms of service §12");
    expect(html).toContain(ids.bodySha);
    expect(html).toContain(signer.keyId);
    expect(html).toContain("Taro Yamada"); // internal copy names the reporter
  });

  it("a flipped byte in a blob inside the tar is caught", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const tar = gunzipSync(pkg.bytes);
    const at = tar.indexOf(Buffer.from(`blobs/${ids.bodySha}`));
    expect(at).toBeGreaterThan(0);
    tar[at + 512 + 3] = (tar[at + 512 + 3] as number) ^ 0x01;
    const v = verifyEvidencePackage(gzipSync(tar));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { file: `blobs/${ids.bodySha}`, reason: "its bytes do not hash to its name (altered)" },
        expect.objectContaining({
          reason: `blob ${ids.bodySha} it vouches for does not match its hash (altered)`,
        }),
      ]),
    );
  });

  it("an edited ledger entry in the manifest is caught, and so is an edited capture", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const files = unpack(pkg.bytes);
    const m = manifestOf(files);
    const action = m.ledger.find((e) => e.kind === "action");
    if (!action) throw new Error("no action entry");
    action.details.legal_basis = "nothing at all";
    const http = m.captures[0];
    if (!http) throw new Error("no capture");
    http.target = "http://innocent.example/";
    files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    const v = verifyEvidencePackage(pack(files));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { seq: action.seq, reason: "its content does not match its hash (altered)" },
        {
          seq: http.ledger_seq,
          reason: `capture ${http.id}: its target in manifest.json differs from its signed ledger entry`,
        },
      ]),
    );
  });

  it("a public key swapped for another key is caught", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const files = unpack(pkg.bytes);
    const other = loadOrCreateSigner(join(dir, "keys", "other.pem"));
    files.set(`public-keys/${signer.keyId}.pem`, Buffer.from(other.publicKeyPem));
    const v = verifyEvidencePackage(pack(files));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        {
          file: `public-keys/${signer.keyId}.pem`,
          reason: `it holds the key with id ${other.keyId}, not ${signer.keyId} (replaced)`,
        },
        {
          file: `public-keys/${signer.keyId}.pem`,
          reason: "it differs from the key manifest.json lists under the same id",
        },
      ]),
    );
    // Every entry says so, not only the first.
    const sigs = v.problems.filter((p) => p.reason === "its signature does not verify");
    expect(sigs).toHaveLength(manifestOf(files).ledger.length);
  });

  it("a missing blob and a stray file are caught", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const files = unpack(pkg.bytes);
    files.delete(`blobs/${ids.bodySha}`);
    files.set("extra/notes.txt", Buffer.from("stray"));
    const v = verifyEvidencePackage(pack(files));
    expect(v.ok).toBe(false);
    const r = reasons(v);
    expect(r).toContain(
      `blob ${ids.bodySha} it vouches for is neither in the package nor listed as missing or withheld`,
    );
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { file: `blobs/${ids.bodySha}`, reason: "listed in manifest.json but not in the archive" },
        { file: "extra/notes.txt", reason: "a file this format does not have" },
      ]),
    );
    // The body is vouched for by its capture and by the action: both say so.
    expect(v.problems.filter((p) => p.reason.startsWith(`blob ${ids.bodySha}`))).toHaveLength(2);
  });

  it("a purge claimed without its purge entry is caught", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const files = unpack(pkg.bytes);
    const m = manifestOf(files);
    const purge = m.ledger.find((e) => e.kind === "purge");
    if (!purge) throw new Error("no purge entry");
    m.ledger = m.ledger.filter((e) => e !== purge);
    files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    const v = verifyEvidencePackage(pack(files));
    expect(v.problems).toEqual([
      {
        seq: purge.seq,
        file: `blobs/${ids.pngSha}`,
        reason: `blob ${ids.pngSha} is said to be accounted for by ledger entry ${purge.seq}, which is not in the package or does not name it`,
      },
    ]);
  });

  it("a broken chain link between consecutive entries is caught", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
    const files = unpack(pkg.bytes);
    const m = manifestOf(files);
    const i = m.ledger.findIndex((e, k) => k > 0 && e.seq === (m.ledger[k - 1]?.seq ?? 0) + 1);
    expect(i).toBeGreaterThan(0);
    const e = m.ledger[i] as LedgerEntry;
    e.prev_hash = "f".repeat(64);
    files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    const v = verifyEvidencePackage(pack(files));
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { seq: e.seq, reason: "its content does not match its hash (altered)" },
        {
          seq: e.seq,
          reason: `it does not link to entry ${e.seq - 1} (its prev_hash is not that entry's hash)`,
        },
      ]),
    );
  });

  it("corrupt gzip, tar or manifest: a clear failure, not a crash", async () => {
    const pkg = await buildEvidencePackage(store, blobs, caseId, "customer");
    const one = (b: Buffer) => {
      const v = verifyEvidencePackage(b);
      expect(v.ok).toBe(false);
      expect(v.problems).toHaveLength(1);
      return v.problems[0]?.reason ?? "";
    };
    expect(one(Buffer.from("not gzip at all"))).toMatch(/^not a gzip file/);
    expect(one(pkg.bytes.subarray(0, pkg.bytes.length - 100))).toMatch(/gzip/);
    expect(one(Buffer.alloc(0))).toMatch(/gzip/);
    const tar = gunzipSync(pkg.bytes);
    tar[10] = (tar[10] as number) ^ 0xff;
    expect(one(gzipSync(tar))).toMatch(/^the tar archive inside is damaged: .*bad checksum/);
    const whole = gunzipSync(pkg.bytes);
    expect(one(gzipSync(whole.subarray(0, 700)))).toMatch(/damaged: .*truncated/);
    const files = unpack(pkg.bytes);
    files.set("manifest.json", Buffer.from("{not json"));
    expect(one(pack(files))).toMatch(/^manifest\.json is not JSON/);
    files.set("manifest.json", Buffer.from('{"format":"something-else"}'));
    expect(one(pack(files))).toMatch(
      /^manifest\.json is not a mogura-evidence-package\/1 manifest/,
    );
    files.delete("manifest.json");
    expect(one(pack(files))).toBe("manifest.json is missing");
  });

  it.skipIf(!hasSystemTar())(
    "unpacked and packed again with tar (GNU, pax, gzipped, './' names): still verifies",
    async () => {
      const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
      const { repack, folder } = unpackWithTar(pkg);
      const gnu = repack("gnu.tar", ["-cf", "gnu.tar", folder]);
      // The folder, its blobs/ directory, and paths past 100 bytes as GNU long names.
      expect(gnu.includes(`${folder}/blobs/`)).toBe(true);
      if (tarVersion.stdout?.includes("GNU tar")) expect(gnu.includes("././@LongLink")).toBe(true);
      const pax = repack("pax.tar", ["--format=pax", "-cf", "pax.tar", folder]);
      expect(pax.includes(`path=${folder}/blobs/${ids.bodySha}`)).toBe(true);
      const dotted = repack("dot.tar.gz", [
        "--format=pax",
        "-czf",
        "dot.tar.gz",
        "-C",
        folder,
        ".",
      ]);
      for (const [how, bytes] of Object.entries({ gnu, pax, dotted })) {
        const v = verifyEvidencePackage(bytes);
        expect(v.problems, how).toEqual([]);
        expect(v.ok, how).toBe(true);
        expect(v.entries, how).toBe(9);
        expect(v.key_ids, how).toEqual([signer.keyId]);
      }
    },
  );

  it.skipIf(!hasSystemTar())(
    "unpacked, changed and packed again with tar: refused, naming what changed",
    async () => {
      const pkg = await buildEvidencePackage(store, blobs, caseId, "internal");
      const { path, repack, folder } = unpackWithTar(pkg);
      const body = path(`blobs/${ids.bodySha}`);
      const original = readFileSync(body);
      const changed = Buffer.from(original);
      changed[5] = (changed[5] as number) ^ 0x01;
      writeFileSync(body, changed);
      const altered = verifyEvidencePackage(repack("altered.tar", ["-cf", "altered.tar", folder]));
      expect(altered.ok).toBe(false);
      expect(altered.problems).toEqual(
        expect.arrayContaining([
          { file: `blobs/${ids.bodySha}`, reason: "its bytes do not hash to its name (altered)" },
        ]),
      );

      writeFileSync(body, original);
      writeFileSync(path("notes.txt"), "added after export");
      const stray = verifyEvidencePackage(repack("stray.tar", ["-cf", "stray.tar", folder]));
      expect(stray.problems).toEqual([
        { file: "notes.txt", reason: "a file this format does not have" },
      ]);

      unlinkSync(path("notes.txt"));
      unlinkSync(body);
      const missing = verifyEvidencePackage(repack("missing.tar", ["-cf", "missing.tar", folder]));
      expect(missing.problems).toEqual(
        expect.arrayContaining([
          {
            file: `blobs/${ids.bodySha}`,
            reason: "listed in manifest.json but not in the archive",
          },
        ]),
      );
    },
  );

  it("a plain tar that is no package, and a file that is neither gzip nor tar, are refused", () => {
    const one = (b: Buffer) => verifyEvidencePackage(b).problems.map((p) => p.reason);
    expect(one(writeTar([{ name: "readme.txt", data: Buffer.from("hi") }]))).toEqual([
      "manifest.json is missing",
    ]);
    const broken = writeTar([{ name: "manifest.json", data: Buffer.from("{}") }]);
    broken[0] = 0x78;
    expect(one(broken)).toEqual([
      expect.stringMatching(/^the tar archive is damaged: tar header at byte 0: bad checksum/),
    ]);
    expect(one(Buffer.alloc(2048, 0x41))).toEqual([
      expect.stringMatching(/^not a gzip file nor a tar archive/),
    ]);
  });

  it("an unknown case is not found", async () => {
    await expect(buildEvidencePackage(store, blobs, 987654, "internal")).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
  });
});
