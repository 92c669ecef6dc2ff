import type { MoguraReportInput } from "../domain/report-json.ts";
import type { ClassificationType } from "../domain/taxonomy.ts";
import { arfMail } from "./mail/arf.ts";
import { brokenMails } from "./mail/broken.ts";
import { fail2banMail } from "./mail/fail2ban.ts";
import { freeTextMail } from "./mail/free-text.ts";
import type { DemoMailIncident } from "./mail/incident.ts";
import { xarfLegacyMail } from "./mail/xarf-legacy.ts";
import { xarfV4Mail } from "./mail/xarf-v4.ts";
import type { DemoProvider, DemoService } from "./provider.ts";
import { Random } from "./random.ts";

/** One input the demo sends to the platform, through the channel a real reporter would use. */
export type Delivery =
  | { channel: "smtp"; name: string; from: string; bytes: Buffer }
  | { channel: "api"; name: string; report: MoguraReportInput }
  | { channel: "upload"; name: string; contentType: string; bytes: Buffer };

/** A web site of the demo's fictional Internet that a report points at. */
export interface DemoSite {
  host: string;
  kind: "phishing" | "malware" | "gone";
  brand?: { name: string; name_ja: string };
}

/** A day of abuse traffic, and the sites its reports name. */
export interface DemoDay {
  deliveries: Delivery[];
  sites: DemoSite[];
  /** The phishing case the tour starts from: its service and URL. */
  tour: { serviceId: string; customerId: string; url: string; host: string };
}

const DAY_MS = 86_400_000;

/** How much of each channel a day of `events` events holds. */
export function dayShape(events: number) {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  // Each mail and API report is a report of its own, read one by one; a big day's bulk comes
  // as feed rows, the way large volumes reach a desk.
  const mails = clamp(events * 0.15, 45, 600);
  const api = clamp(events * 0.04, 12, 200);
  return { mails, api, feedRows: Math.max(events - mails - api, 60) };
}

/**
 * Makes a day of abuse traffic against the provider: mails in every format the intake reads,
 * CSIRT reports over the API, Shadowserver-style feeds, and a few broken inputs. `now` ends
 * the day; `sitePort` is the port the fictional web sites answer on; same seed → same day.
 */
export function generateDay(
  provider: DemoProvider,
  opts: { seed: number; events: number; now: Date; sitePort: number },
): DemoDay {
  const rnd = new Random(opts.seed ^ 0x5eed);
  const { spec } = provider;
  const to = spec.company.abuse;
  const shape = dayShape(opts.events);
  const deliveries: Delivery[] = [];
  const sites = new Map<string, DemoSite>();
  let seq = 0;
  const at = () => new Date(opts.now.getTime() - rnd.int(5 * 60_000, DAY_MS - 60_000));
  const url = (host: string, path: string) => `http://${host}:${opts.sitePort}${path}`;

  const byKind = (k: DemoService["kind"]) => provider.services.filter((s) => s.kind === k);
  const fraud = provider.services.filter((s) => s.fraudulent);
  const shared = byKind("shared");
  const servers = provider.services.filter((s) => s.kind !== "shared" && !s.fraudulent);
  // Trouble gathers: most reports name a few services, so cases hold several events.
  const troubled = servers.filter(() => rnd.chance(0.3));
  const troubledShared = shared.filter(() => rnd.chance(0.25));
  const aim = (pool: DemoService[], hot: DemoService[]) =>
    hot.length > 0 && rnd.chance(0.75) ? rnd.pick(hot) : rnd.pick(pool);
  const sourceIp = (s: DemoService) => (s.ipv4 && !rnd.chance(0.2) ? s.ipv4 : s.ipv6);
  const notOursIp = () => `203.0.113.${rnd.int(130, 250)}`;

  const tourService = fraud[0];
  if (!tourService?.brand || !tourService.domains[0]) {
    throw new Error("the demo provider has no fraudulent VPS for the tour's phishing case");
  }
  const tourHost = `secure.${tourService.domains[0]}`;
  const tourUrl = url(tourHost, "/login");
  sites.set(tourHost, { host: tourHost, kind: "phishing", brand: tourService.brand });

  const incident = (
    type: ClassificationType,
    reporter: { name: string; email: string; org?: string },
    fields: Partial<DemoMailIncident>,
  ): DemoMailIncident => ({
    type,
    at: at(),
    reporter,
    to,
    messageId: `demo-${++seq}.${opts.seed}@${reporter.email.split("@")[1] ?? "reporter.example"}`,
    ...fields,
  });
  const mail = (name: string, i: DemoMailIncident, bytes: Buffer) =>
    deliveries.push({ channel: "smtp", name, from: i.reporter.email, bytes });

  /** A phishing URL on a fraudulent VPS or on a broken-into shared site. */
  const phishingTarget = (): { url: string; ip?: string; service: DemoService } => {
    if (fraud.length > 0 && rnd.chance(0.5)) {
      const s = rnd.pick(fraud);
      const host = `${rnd.pick(["secure", "www", "login", "account"])}.${s.domains[0]}`;
      sites.set(host, { host, kind: "phishing", ...(s.brand ? { brand: s.brand } : {}) });
      return { url: url(host, rnd.pick(["/login", "/auth/index.php", "/verify"])), service: s };
    }
    const s = aim(shared, troubledShared);
    const host = s.domains[0] as string;
    const brand = rnd.pick(spec.phishing_brands);
    // One planted page in ten is gone by the time the capture looks.
    sites.set(host, { host, kind: rnd.chance(0.1) ? "gone" : "phishing", brand });
    return { url: url(host, `/wp-content/uploads/2026/11/${brand.slug}/index.php`), service: s };
  };
  const malwareTarget = () => {
    const s = aim(shared, troubledShared);
    const host = s.domains[0] as string;
    if (!sites.has(host)) sites.set(host, { host, kind: "malware" });
    return { url: url(host, `/docs/invoice_${rnd.int(1000, 9999)}.zip`), service: s };
  };

  // The tour's case: a CSIRT reports the bank phishing over the API, a person by mail.
  const csirt = spec.reporters.csirt;
  deliveries.push({
    channel: "api",
    name: "tour-phishing-csirt.json",
    report: {
      category: "phishing",
      resource: { url: tourUrl, ...(tourService.ipv4 ? { ip: tourService.ipv4 } : {}) },
      observed_at: new Date(opts.now.getTime() - 3 * 3600_000).toISOString(),
      reporter: { name: csirt.name, email: csirt.email, org: csirt.org, type: "csirt" as const },
      description: `SMS phishing imitating ${tourService.brand.name} (${tourService.brand.name_ja}); 14 users reported the SMS since this morning.`,
      tlp: "amber",
      consent_to_forward: true,
      request_updates: true,
      external_ref: `EXCERT-${opts.now.getUTCFullYear()}-${String(rnd.int(1000, 9999))}`,
    },
  });
  const firstPerson = spec.reporters.people.find((p) => p.language === "ja");
  if (firstPerson) {
    const i = incident("phishing", firstPerson, { url: tourUrl, brand: tourService.brand });
    mail(
      "tour-phishing-person.eml",
      i,
      freeTextMail(i, { language: "ja", charset: "iso-2022-jp" }),
    );
  }

  const kinds = {
    arf: 20,
    fail2ban: 18,
    xarfLegacy: 8,
    xarfV4: 12,
    textIso: 8,
    textSjis: 7,
    textUtf8: 7,
    textEn: 10,
    notOurs: 4,
  };
  const charsetOf = {
    textIso: ["ja", "iso-2022-jp"],
    textSjis: ["ja", "shift_jis"],
    textUtf8: ["ja", "utf-8"],
    textEn: ["en", "utf-8"],
  } as const;
  for (let m = deliveries.filter((d) => d.channel === "smtp").length; m < shape.mails; m++) {
    const kind = rnd.weighted(kinds);
    const n = String(m).padStart(5, "0");
    if (kind === "arf") {
      const s = aim(servers, troubled);
      const i = incident("spam", spec.reporters.mailbox, { ip: s.ipv4 ?? s.ipv6 });
      mail(`${n}-arf-spam.eml`, i, arfMail(i));
    } else if (kind === "fail2ban" || kind === "notOurs") {
      const s = aim(servers, troubled);
      const admin = rnd.pick(["mx1.shop-eu.example", "gw.kaisha.example", "vpn.school.example"]);
      const i = incident(
        "brute-force",
        { name: "Fail2Ban", email: `fail2ban@${admin}` },
        { ip: kind === "notOurs" ? notOursIp() : sourceIp(s) },
      );
      mail(
        `${n}-fail2ban.eml`,
        i,
        fail2banMail({
          ...i,
          jail: rnd.pick(["sshd", "postfix-sasl", "dovecot"]),
          attempts: rnd.int(5, 40),
        }),
      );
    } else if (kind === "xarfLegacy") {
      const s = aim(servers, troubled);
      const i = incident("brute-force", spec.reporters.honeypot, { ip: sourceIp(s), port: 22 });
      mail(`${n}-xarf-login.eml`, i, xarfLegacyMail(i));
    } else if (kind === "xarfV4") {
      const pick = rnd.weighted({ phishing: 4, malware: 3, scanner: 3 });
      let i: DemoMailIncident;
      if (pick === "phishing") {
        i = incident("phishing", spec.reporters.honeypot, { url: phishingTarget().url });
      } else if (pick === "malware") {
        i = incident("malware-distribution", spec.reporters.honeypot, {
          url: malwareTarget().url,
        });
      } else {
        const s = aim(servers, troubled);
        i = incident("scanner", spec.reporters.honeypot, { ip: sourceIp(s) });
      }
      mail(`${n}-xarf-v4-${pick}.eml`, i, xarfV4Mail(i));
    } else {
      const [language, charset] = charsetOf[kind];
      const people = spec.reporters.people.filter((p) => p.language === language);
      const person = rnd.pick(people.length > 0 ? people : spec.reporters.people);
      const what = rnd.weighted({ phishing: 5, spam: 2, "brute-force": 2 });
      const i =
        what === "phishing"
          ? incident("phishing", person, { url: phishingTarget().url })
          : incident(what, person, { ip: aim(servers, troubled).ipv4 ?? notOursIp() });
      mail(`${n}-text-${language}-${charset}.eml`, i, freeTextMail(i, { language, charset }));
    }
  }

  for (let a = 0; a < shape.api; a++) {
    const pick = rnd.weighted({ phishing: 4, malware: 3, c2: 2, notOurs: 1 });
    const base = {
      observed_at: at().toISOString(),
      reporter: { name: csirt.name, email: csirt.email, org: csirt.org, type: "csirt" as const },
      tlp: "amber" as const,
      consent_to_forward: rnd.chance(0.7),
      request_updates: rnd.chance(0.5),
      external_ref: `EXCERT-${opts.now.getUTCFullYear()}-${String(rnd.int(1000, 9999))}`,
    };
    let report: MoguraReportInput;
    if (pick === "phishing") {
      const t = phishingTarget();
      report = { ...base, category: "phishing", resource: { url: t.url } };
    } else if (pick === "malware") {
      const t = malwareTarget();
      report = {
        ...base,
        category: "malware-distribution",
        resource: { url: t.url },
        malware: rnd.pick(["emotet", "qakbot", "agenttesla"]),
      };
    } else if (pick === "c2") {
      const s = aim(servers, troubled);
      report = {
        ...base,
        category: "c2-server",
        resource: { ip: s.ipv4 ?? s.ipv6, port: rnd.pick([443, 8080, 4444]) },
        description: "Botnet controller seen in sandbox runs of a loader sample.",
      };
    } else {
      report = { ...base, category: "scanner", resource: { ip: notOursIp() } };
    }
    deliveries.push({
      channel: "api",
      name: `${String(a).padStart(5, "0")}-api-${pick}.json`,
      report,
    });
  }

  deliveries.push(
    ...feeds(provider, { rnd, rows: shape.feedRows, now: opts.now, servers, troubled }),
  );

  const now = opts.now;
  for (const b of brokenMails(to, now)) {
    deliveries.push({
      channel: "smtp",
      name: `broken-${b.name}.eml`,
      from: "someone@broken.example",
      bytes: b.bytes,
    });
  }
  deliveries.push({
    channel: "upload",
    name: "broken-api-report.json",
    contentType: "application/json",
    bytes: Buffer.from(JSON.stringify({ category: "phishing", description: "no resource given" })),
  });
  deliveries.push({
    channel: "upload",
    name: "broken-feed.csv",
    contentType: "text/csv",
    bytes: Buffer.from("when,what,who\n2026-11-28,something,somebody\n"),
  });

  return {
    deliveries,
    sites: [...sites.values()],
    tour: {
      serviceId: tourService.id,
      customerId: tourService.customerId,
      url: tourUrl,
      host: tourHost,
    },
  };
}

/** Shadowserver-style CSV files: exposed memcached and RDP, and infected hosts. */
function feeds(
  provider: DemoProvider,
  ctx: { rnd: Random; rows: number; now: Date; servers: DemoService[]; troubled: DemoService[] },
): Delivery[] {
  const { rnd, now } = ctx;
  const date = now.toISOString().slice(0, 10);
  const stamp = () =>
    new Date(now.getTime() - rnd.int(60_000, DAY_MS)).toISOString().replace("T", " ").slice(0, 19);
  const ip = () => {
    if (rnd.chance(0.08)) return `203.0.113.${rnd.int(130, 250)}`;
    const pool = rnd.chance(0.6) && ctx.troubled.length > 0 ? ctx.troubled : ctx.servers;
    const s = rnd.pick(pool.length > 0 ? pool : provider.services);
    return s.ipv4 ?? s.ipv6;
  };
  const q = (v: string) => `"${v}"`;
  const files: { type: string; header: string[]; row: () => string[] }[] = [
    {
      type: "scan_memcached",
      header: [
        "timestamp",
        "ip",
        "protocol",
        "port",
        "hostname",
        "tag",
        "asn",
        "geo",
        "region",
        "city",
      ],
      row: () => [
        q(stamp()),
        ip(),
        "udp",
        "11211",
        "",
        "memcached",
        "64500",
        "JP",
        "TOKYO",
        "CHIYODA",
      ],
    },
    {
      type: "scan_rdp",
      header: ["timestamp", "ip", "port", "hostname", "tag", "asn", "geo", "region", "city"],
      row: () => [q(stamp()), ip(), "3389", "", "rdp", "64500", "JP", "OSAKA", "OSAKA"],
    },
    {
      type: "botnet_drone",
      header: [
        "timestamp",
        "ip",
        "port",
        "asn",
        "geo",
        "hostname",
        "type",
        "infection",
        "cc",
        "cc_port",
        "family",
      ],
      row: () => {
        const family = rnd.pick(["mirai", "emotet", "qakbot", "andromeda"]);
        return [
          q(stamp()),
          ip(),
          String(rnd.int(1024, 65000)),
          "64500",
          "JP",
          "",
          "tcp",
          family,
          `203.0.113.${rnd.int(2, 120)}`,
          "443",
          family,
        ];
      },
    },
  ];
  const out: Delivery[] = [];
  // Big days come as several files per type, as feeds split them.
  const perFile = 20_000;
  let left = ctx.rows;
  for (let f = 0; left > 0; f++) {
    const spec = files[f % files.length] as (typeof files)[number];
    const n = Math.min(left, Math.ceil(ctx.rows / files.length), perFile);
    left -= n;
    const lines = [spec.header.map(q).join(",")];
    for (let r = 0; r < n; r++) lines.push(spec.row().join(","));
    const part = f >= files.length ? `-part${Math.floor(f / files.length) + 1}` : "";
    out.push({
      channel: "upload",
      name: `${date}-${spec.type}-asn-jp${part}.csv`,
      contentType: "text/csv",
      bytes: Buffer.from(`${lines.join("\n")}\n`),
    });
  }
  return out;
}
