import ipaddr from "ipaddr.js";
import { z } from "zod";

/** What a person needs to know about one setting; attached to its schema. */
export interface SettingMeta {
  env: string;
  expected: string;
  doc: string;
}

const metas = new WeakMap<z.ZodType, SettingMeta>();
function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  // Schemas such as `bool` are shared between settings; each setting needs its own instance.
  const own = schema.clone() as T;
  metas.set(own, meta);
  return own;
}

const bool = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(s)) return true;
  if (["0", "false", "no", "off", ""].includes(s)) return false;
  return v;
}, z.boolean());

const int = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );

const seconds = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
    z.number().min(min).max(max),
  );

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const byteSize = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const m = /^\s*(\d+)\s*([kmg]?b?)\s*$/i.exec(v);
  const unit = m ? UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : v;
}, z.number().int().min(1024));

const nonEmpty = z.string().trim().min(1);
const urlOrOff = z
  .string()
  .trim()
  .refine((v) => v === "off" || /^https?:\/\/[^\s]+$/.test(v), "is not an http(s) URL or off");

/** A comma-separated list (from the environment) or a YAML list, of items matching `item`. */
const listOf = (item: z.ZodType<string>) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean)
        : v,
    z.array(item),
  );

const list = listOf(
  z.string().regex(/^([^@\s]+@[^@\s]+|@[^@\s]+)$/, "is not an address or @domain"),
);
// `address`, `address:port`, `[v6]:port` or a bare IPv6 address; the resolver checks the rest.
const serverList = listOf(z.string().regex(/^[0-9a-f.:[\]]+$/, "is not an address[:port]"));
const cidrList = listOf(
  z.string().refine((v) => {
    try {
      ipaddr.parseCIDR(v);
      return true;
    } catch {
      return false;
    }
  }, "is not a CIDR"),
);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * Every setting Mogura reads, in the shape of the YAML file. Each leaf carries its
 * environment variable and the words a person sees when the value is wrong; the schema also
 * coerces the strings environment variables give. The README's table is checked against it.
 */
export const ConfigSchema = z.object({
  dataDir: setting(nonEmpty, {
    env: "MOGURA_DATA_DIR",
    expected: "a directory path",
    doc: "Where the embedded database (PGlite), evidence blobs and the outbox live.",
  }).default("./data"),
  databaseUrl: setting(z.string().regex(/^postgres(ql)?:\/\/.+/), {
    env: "DATABASE_URL",
    expected: "a URL such as postgres://user@host:5432/dbname",
    doc: "Use this PostgreSQL server instead of the embedded database.",
  }).optional(),
  http: z
    .object({
      host: setting(nonEmpty, {
        env: "MOGURA_HTTP_HOST",
        expected: "a host name or IP address to listen on",
        doc: "Address the HTTP server listens on.",
      }).default("127.0.0.1"),
      port: setting(int(0, 65535), {
        env: "MOGURA_HTTP_PORT",
        expected: "an integer port from 0 to 65535 (0 picks a free port)",
        doc: "HTTP port (API, UI, metrics).",
      }).default(8080),
      bodyLimit: setting(byteSize, {
        env: "MOGURA_HTTP_BODY_LIMIT",
        expected: "a size of at least 1kB, in bytes or with kB/MB/GB",
        doc: "Largest request body accepted (default 25MB).",
      }).default(25 * 1024 ** 2),
      publicUrl: setting(z.string().regex(/^https?:\/\/[^\s]+$/, "an http(s) URL"), {
        env: "MOGURA_PUBLIC_URL",
        expected: "an http(s) URL",
        doc: "The address customers reach this server at, for the reply portal links in notices (default: the listen address).",
      }).optional(),
      trustProxy: setting(bool, {
        env: "MOGURA_TRUST_PROXY",
        expected: "true or false",
        doc: "Take the client address from X-Forwarded-For (only behind your own reverse proxy).",
      }).default(false),
      metricsPublic: setting(bool, {
        env: "MOGURA_METRICS_PUBLIC",
        expected: "true or false",
        doc: "Serve /metrics without an API key (only where the port is reachable by your scraper alone); by default a staff key is needed.",
      }).default(false),
    })
    .prefault({}),
  smtp: z
    .object({
      host: setting(nonEmpty, {
        env: "MOGURA_SMTP_HOST",
        expected: "a host name or IP address to listen on",
        doc: "Address the SMTP intake listens on.",
      }).default("127.0.0.1"),
      port: setting(int(0, 65535), {
        env: "MOGURA_SMTP_PORT",
        expected: "an integer port from 0 to 65535",
        doc: "SMTP intake port for abuse mail (0 turns the SMTP intake off).",
      }).default(2525),
      recipients: setting(list, {
        env: "MOGURA_SMTP_RECIPIENTS",
        expected: "a comma-separated list of e-mail addresses or @domains",
        doc: "Addresses the SMTP intake accepts mail for (e.g. `abuse@example.net,@abuse.example.net`); empty accepts any.",
      }).default([]),
      maxMessageBytes: setting(byteSize, {
        env: "MOGURA_SMTP_MAX_MESSAGE",
        expected: "a size of at least 1kB, in bytes or with kB/MB/GB",
        doc: "Largest mail accepted; larger ones are refused with 552 (default 25MB).",
      }).default(25 * 1024 ** 2),
      tlsCert: setting(nonEmpty, {
        env: "MOGURA_SMTP_TLS_CERT",
        expected: "the path of a PEM certificate file",
        doc: "Offer STARTTLS with this certificate (with MOGURA_SMTP_TLS_KEY).",
      }).optional(),
      tlsKey: setting(nonEmpty, {
        env: "MOGURA_SMTP_TLS_KEY",
        expected: "the path of a PEM private key file",
        doc: "The private key for MOGURA_SMTP_TLS_CERT.",
      }).optional(),
    })
    .prefault({}),
  mail: z
    .object({
      relay: setting(z.string().regex(/^smtps?:\/\/.+/), {
        env: "MOGURA_MAIL_RELAY",
        expected: "a URL such as smtp://user:pass@relay.example:587",
        doc: "Send mail through this relay; unset, mail is written to the outbox folder under the data directory.",
      }).optional(),
      from: setting(z.string().min(3), {
        env: "MOGURA_MAIL_FROM",
        expected: "an address such as 'Abuse Desk <abuse@example.net>'",
        doc: "The From of mail Mogura sends (acknowledgements, notices).",
      }).default("Mogura abuse desk <abuse@localhost>"),
    })
    .prefault({}),
  intake: z
    .object({
      trackingPrefix: setting(z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/), {
        env: "MOGURA_TRACKING_PREFIX",
        expected: "2 to 10 upper-case letters or digits, starting with a letter",
        doc: "Prefix of tracking numbers (`MGR-2026-000123`).",
      }).default("MGR"),
      dedupWindowHours: setting(int(0, 24 * 365), {
        env: "MOGURA_DEDUP_WINDOW_HOURS",
        expected: "a whole number of hours from 0 to 8760",
        doc: "An event seen again within this window is counted on the first one instead of stored again.",
      }).default(24),
      maxEventsPerReport: setting(int(1, 10_000_000), {
        env: "MOGURA_MAX_EVENTS_PER_REPORT",
        expected: "a whole number from 1 to 10000000",
        doc: "A report yielding more events is quarantined.",
      }).default(1_000_000),
      maxAttachments: setting(int(0, 10_000), {
        env: "MOGURA_MAX_ATTACHMENTS",
        expected: "a whole number from 0 to 10000",
        doc: "A report carrying more attachments or evidence items is quarantined.",
      }).default(100),
      maxLineLength: setting(int(100, 100_000_000), {
        env: "MOGURA_MAX_LINE_LENGTH",
        expected: "a whole number of characters, at least 100",
        doc: "A feed row longer than this is skipped and named in the report's row problems.",
      }).default(100_000),
      maxFeedBytes: setting(byteSize, {
        env: "MOGURA_MAX_FEED_BYTES",
        expected: "a size of at least 1kB, in bytes or with kB/MB/GB",
        doc: "Largest CSV feed accepted; feeds are streamed into the database in chunks (default 2GB).",
      }).default(2 * 1024 ** 3),
      rateLimitPerMinute: setting(int(1, 1_000_000), {
        env: "MOGURA_INTAKE_RATE_LIMIT",
        expected: "a whole number of reports per minute",
        doc: "Reports one API key (or address) may submit per minute.",
      }).default(600),
    })
    .prefault({}),
  resolve: z
    .object({
      dns: setting(bool, {
        env: "MOGURA_RESOLVE_DNS",
        expected: "true or false",
        doc: "Resolve host names that are not in the inventory through DNS and match their addresses (off: such names are not ours).",
      }).default(true),
      dnsServers: setting(serverList, {
        env: "MOGURA_DNS_SERVERS",
        expected: "a comma-separated list of `address` or `address:port` (IPv6 as `[addr]:port`)",
        doc: "DNS servers for those lookups; empty uses the system's resolvers.",
      }).default([]),
      dnsTimeoutMs: setting(int(50, 60_000), {
        env: "MOGURA_DNS_TIMEOUT_MS",
        expected: "milliseconds from 50 to 60000",
        doc: "How long one DNS query may take before the next try.",
      }).default(2000),
    })
    .prefault({}),
  evidence: z
    .object({
      capture: setting(bool, {
        env: "MOGURA_EVIDENCE_CAPTURE",
        expected: "true or false",
        doc: "Capture evidence (page, DNS, RDAP, screenshot) for cases of the policy's capture types.",
      }).default(true),
      allowPrivateTargets: setting(bool, {
        env: "MOGURA_EVIDENCE_ALLOW_PRIVATE_TARGETS",
        expected: "true or false",
        doc: "Let the fetcher reach loopback and private addresses: for tests only, never in production (warned at start).",
      }).default(false),
      internalRanges: setting(cidrList, {
        env: "MOGURA_EVIDENCE_INTERNAL_RANGES",
        expected: "a comma-separated list of CIDRs",
        doc: "Your own internal networks the fetcher must never reach, beyond the private and special ranges it always refuses.",
      }).default([]),
      ports: setting(
        z.preprocess(
          (v) =>
            typeof v === "string"
              ? v
                  .split(",")
                  .map((x) => x.trim())
                  .filter(Boolean)
                  .map(Number)
              : v,
          z.array(z.number().int().min(1).max(65535)).min(1),
        ),
        {
          env: "MOGURA_EVIDENCE_PORTS",
          expected: "a comma-separated list of ports",
          doc: "Ports the fetcher may connect to.",
        },
      ).default([80, 443, 8080, 8443]),
      maxBytes: setting(byteSize, {
        env: "MOGURA_EVIDENCE_MAX_BYTES",
        expected: "a size in bytes or with kB/MB/GB",
        doc: "Largest page body kept (after decompression; default 10MB).",
      }).default(10 * 1024 ** 2),
      timeoutSeconds: setting(seconds(1, 600), {
        env: "MOGURA_EVIDENCE_TIMEOUT",
        expected: "seconds from 1 to 600",
        doc: "Time one fetch (with its redirects) or screenshot may take.",
      }).default(20),
      userAgent: setting(nonEmpty, {
        env: "MOGURA_EVIDENCE_USER_AGENT",
        expected: "a User-Agent string",
        doc: "The User-Agent the fetcher sends (browser-like: phishing kits hide from robots).",
      }).default(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      ),
      concurrency: setting(int(1, 64), {
        env: "MOGURA_EVIDENCE_CONCURRENCY",
        expected: "an integer from 1 to 64",
        doc: "Captures one process runs at a time (apart from intake, which they never hold up).",
      }).default(4),
      chromium: setting(nonEmpty, {
        env: "MOGURA_CHROMIUM",
        expected: "the path of a Chromium executable",
        doc: "Chromium for screenshots; when it is not there, captures say so and go on.",
      }).default("/usr/bin/chromium"),
      rdapBootstrap: setting(nonEmpty, {
        env: "MOGURA_RDAP_BOOTSTRAP",
        expected: "the path of an RDAP bootstrap JSON file",
        doc: "Your own RDAP bootstrap (IANA's dns/ipv4/ipv6/asn files under one key each); by default IANA's files as bundled, or the newer copy the weekly job fetched.",
      }).optional(),
      witnessFile: setting(nonEmpty, {
        env: "MOGURA_LEDGER_WITNESS_FILE",
        expected: "the path of a file outside the data directory",
        doc: "Where the ledger's signed head is appended every 5 minutes (and packages and `mogura evidence verify` check against the newest one); keep it where the data directory's owner cannot rewrite it.",
      }).optional(),
      ledgerKeyFile: setting(nonEmpty, {
        env: "MOGURA_LEDGER_KEY_FILE",
        expected: "the path of a PEM file",
        doc: "The instance's Ed25519 key that signs the evidence ledger (made on first start; default <data dir>/keys/ledger-ed25519.pem).",
      }).optional(),
      retentionDays: setting(int(1, 36500), {
        env: "MOGURA_EVIDENCE_RETENTION_DAYS",
        expected: "days from 1 to 36500",
        doc: "Blobs of a case closed this long ago may be purged (the purge is a ledger entry; hashes stay).",
      }).default(365),
    })
    .prefault({}),
  notify: z
    .object({
      templateDir: setting(nonEmpty, {
        env: "MOGURA_TEMPLATE_DIR",
        expected: "the path of a directory",
        doc: "Your notice templates: files here replace the bundled ones of the same name (docs/notifications.md).",
      }).optional(),
      tokenKeyFile: setting(nonEmpty, {
        env: "MOGURA_REPLY_TOKEN_KEY_FILE",
        expected: "the path of a file",
        doc: "Key the reply tokens of notices are made from, created on first start (default <data dir>/keys/reply-token.key); every process that sends notices needs the same file.",
      }).optional(),
    })
    .prefault({}),
  contacts: z
    .object({
      rdapRoot: setting(urlOrOff, {
        env: "MOGURA_RDAP_ROOT",
        expected: "an http(s) URL, or off",
        doc: "IANA's root RDAP server, asked who runs a top-level domain (the registry of a domain).",
      }).default("https://rdap.iana.org/"),
      bootstrapUrl: setting(urlOrOff, {
        env: "MOGURA_RDAP_BOOTSTRAP_URL",
        expected: "an http(s) URL ending in /, or off",
        doc: "Where the weekly job fetches IANA's RDAP bootstrap files (dns.json, ipv4.json, ipv6.json, asn.json) into the data directory; off keeps the bundled copy.",
      }).default("https://data.iana.org/rdap/"),
      contactDbZone: setting(nonEmpty, {
        env: "MOGURA_CONTACTDB_ZONE",
        expected: "a DNS zone, e.g. abuse-contacts.abusix.zone",
        doc: "A DNS contact database (TXT records at `<reversed address>.<zone>`, as abusix's contactdb) asked for each address; not asked when unset.",
      }).optional(),
      cacheHours: setting(int(0, 24 * 90), {
        env: "MOGURA_CONTACT_CACHE_HOURS",
        expected: "a whole number of hours from 0 to 2160",
        doc: "How long a contact lookup is kept before RDAP and DNS are asked again (0: every time).",
      }).default(24),
      platformsFile: setting(nonEmpty, {
        env: "MOGURA_PLATFORMS_FILE",
        expected: "the path of a YAML file like src/contacts/platforms.yaml",
        doc: "More shared platforms and URL shorteners, added to the bundled list.",
      }).optional(),
    })
    .prefault({}),
  watch: z
    .object({
      enabled: setting(bool, {
        env: "MOGURA_WATCH",
        expected: "true or false",
        doc: "Re-check the URLs of cases that are not ours on a schedule: down (two checks in a row), back up, and the same page on another case (docs/watch.md).",
      }).default(true),
      intervalSeconds: setting(int(10, 86_400), {
        env: "MOGURA_WATCH_INTERVAL",
        expected: "seconds from 10 to 86400",
        doc: "Seconds between checks of a site that is up; a site seen down is checked again after a minute, then less and less often (at most daily).",
      }).default(300),
      concurrency: setting(int(1, 1000), {
        env: "MOGURA_WATCH_CONCURRENCY",
        expected: "a whole number from 1 to 1000",
        doc: "Checks one process runs at once.",
      }).default(32),
    })
    .prefault({}),
  takedown: z
    .object({
      autoEscalate: setting(bool, {
        env: "MOGURA_TAKEDOWN_AUTO_ESCALATE",
        expected: "true or false",
        doc: "When a takedown request's deadline passes unanswered, send its escalation (host → registrar → registry → national CERT) at once; off: the escalation waits as a draft for the desk.",
      }).default(true),
    })
    .prefault({}),
  cases: z
    .object({
      policyFile: setting(nonEmpty, {
        env: "MOGURA_POLICY_FILE",
        expected: "the path of a YAML policy file",
        doc: "Case policy (grouping, SLA, allowed actions, misuse rules) merged over the defaults; see docs/cases.md.",
      }).optional(),
    })
    .prefault({}),
  log: z
    .object({
      level: setting(z.enum(LOG_LEVELS), {
        env: "MOGURA_LOG_LEVEL",
        expected: `one of ${LOG_LEVELS.join(", ")}`,
        doc: "Level of the JSON logs written to standard output.",
      }).default("info"),
    })
    .prefault({}),
  auth: z
    .object({
      bootstrapAdminKey: setting(z.string().min(32).max(256), {
        env: "MOGURA_BOOTSTRAP_ADMIN_KEY",
        expected: "a secret of 32 to 256 characters",
        doc: "On first start, make this the admin API key instead of generating one.",
      }).optional(),
      sessionTtlHours: setting(int(1, 24 * 30), {
        env: "MOGURA_SESSION_TTL_HOURS",
        expected: "a whole number of hours from 1 to 720",
        doc: "How long a browser login lasts.",
      }).default(12),
      cookieSecure: setting(bool, {
        env: "MOGURA_COOKIE_SECURE",
        expected: "true or false",
        doc: "Mark the session cookie Secure (set true when served over HTTPS).",
      }).default(false),
      loginMaxFailures: setting(int(1, 1000), {
        env: "MOGURA_LOGIN_MAX_FAILURES",
        expected: "a whole number from 1 to 1000",
        doc: "Failed logins for one user name from one address within the window before further tries from that address are refused (other addresses are only slowed down).",
      }).default(5),
      loginWindowMinutes: setting(int(1, 24 * 60), {
        env: "MOGURA_LOGIN_WINDOW_MINUTES",
        expected: "a whole number of minutes from 1 to 1440",
        doc: "The window in which failed logins are counted.",
      }).default(15),
    })
    .prefault({}),
  jobs: z
    .object({
      enabled: setting(bool, {
        env: "MOGURA_JOBS_ENABLED",
        expected: "true or false",
        doc: "Run background jobs in the server process (false when `mogura worker` processes do it).",
      }).default(true),
      pollSeconds: setting(seconds(0.5, 60), {
        env: "MOGURA_JOBS_POLL_SECONDS",
        expected: "a number of seconds from 0.5 to 60",
        doc: "How often an idle worker looks for new jobs.",
      }).default(2),
    })
    .prefault({}),
  shutdownTimeoutSeconds: setting(int(1, 600), {
    env: "MOGURA_SHUTDOWN_TIMEOUT",
    expected: "a whole number of seconds from 1 to 600",
    doc: "How long a stop waits for requests and jobs in flight.",
  }).default(20),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** One leaf of the configuration, for tables, error messages and the environment mapping. */
export interface SettingInfo extends SettingMeta {
  path: string;
  default: unknown;
}

/** Every setting, in declaration order. */
export function listSettings(): SettingInfo[] {
  const out: SettingInfo[] = [];
  const walk = (shape: Record<string, z.ZodType>, prefix: string) => {
    for (const [key, node] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      let inner: z.ZodType = node;
      let dflt: unknown;
      for (;;) {
        if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) {
          dflt = inner.def.defaultValue;
          inner = inner.unwrap() as z.ZodType;
        } else if (inner instanceof z.ZodOptional) {
          inner = inner.unwrap() as z.ZodType;
        } else break;
      }
      if (inner instanceof z.ZodObject) {
        walk(inner.shape as Record<string, z.ZodType>, path);
        continue;
      }
      const meta = metas.get(inner);
      if (!meta) throw new Error(`setting ${path} has no description`);
      out.push({ path, default: dflt, ...meta });
    }
  };
  walk(ConfigSchema.shape as Record<string, z.ZodType>, "");
  return out;
}
