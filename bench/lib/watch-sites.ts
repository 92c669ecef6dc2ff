// The sites bench/watch.ts watches, in a process of their own (forked by it, so that serving
// them does not share the watcher's thread): HTTP servers on 127.0.0.1 serving one phishing-
// like kit page per URL, and a DNS server (src/demo/dns-zone-server.ts) answering their host
// names with 127.0.0.1. Told over IPC which hosts answer 404 and which new hosts serve a
// copy of another URL's kit. Not a benchmark itself: bench/run.ts only runs bench/*.ts.
import { createServer, type Server } from "node:http";
import { startDnsServer } from "../../src/demo/dns-zone-server.ts";
import { seeded } from "../support.ts";

export interface SitesConfig {
  urls: number;
  hosts: number;
  ports: number;
  /** A session token of its own in every answer (as kits do); false: the same bytes each time. */
  tokens: boolean;
}

/** The token of every answer when `tokens` is off. */
export const STATIC_TOKEN = "3f9c2a7d1e";

/** What the parent asks; every request is answered with `{ id, ... }`. */
export type SitesRequest =
  | { id: number; type: "down"; hosts: string[] }
  | { id: number; type: "clone"; host: string; like: number }
  | { id: number; type: "served" };

export const hostOf = (i: number, hosts: number) =>
  `login-${i % hosts}.acct-verify-${(i % hosts) % 97}.example`;
export const pathOf = (i: number) => `/u${i}/secure/signin.php`;

const random = seeded(20261201);
const syllables = ["ka", "ri", "mo", "ten", "sa", "lu", "vor", "ne", "pi", "dan", "qu", "el"];
const VOCAB = Array.from({ length: 600 }, () => {
  let w = "";
  const n = 2 + Math.floor(random() * 3);
  for (let s = 0; s < n; s++) w += syllables[Math.floor(random() * syllables.length)];
  return w;
});

const STYLE = `<style>
body{font-family:Arial,Helvetica,sans-serif;background:#f3f5f8;margin:0;color:#1b2733}
.top{background:#0b3d91;color:#fff;padding:14px 24px;font-size:20px;font-weight:bold}
.box{max-width:420px;margin:40px auto;background:#fff;border:1px solid #d4dae3;border-radius:6px;padding:28px}
.box h1{font-size:22px;margin:0 0 12px}.box p{font-size:14px;line-height:1.5;color:#43505e}
label{display:block;font-size:13px;margin:12px 0 4px;color:#2a3642}
input{width:100%;padding:9px;border:1px solid #b8c2cf;border-radius:4px;font-size:15px;box-sizing:border-box}
button{margin-top:18px;width:100%;padding:11px;background:#0b3d91;color:#fff;border:0;border-radius:4px;font-size:16px}
.foot{text-align:center;font-size:11px;color:#7a8694;margin:24px 0}
.warn{background:#fff4e5;border:1px solid #f0c27b;padding:10px;font-size:13px;border-radius:4px}
</style>`;

/** Text that differs from URL to URL, so that two URLs' pages are not near-duplicates. */
function prose(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCAB[Math.floor(r() * VOCAB.length)] as string);
  return out.join(" ");
}

/** The page of URL `i`, cut where the per-request session token goes. */
export function kitParts(i: number): [string, string] {
  const r = seeded(1_000_003 * (i + 1));
  const brand = `${prose(r, 1)} ${prose(r, 1)} Bank`.replace(/^./, (c) => c.toUpperCase());
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${brand} - Sign in to online banking</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${STYLE}
<script>var _cfg={tk:document.cookie.length,ts:Date.now()};if(/bot|crawl|spider/i.test(navigator.userAgent)){location.replace("https://www.google.com/")}</script>
</head><body><div class="top">${brand}</div><div class="box">
<h1>${brand} online banking</h1>
<p class="warn">For your security, please confirm your account details. ${prose(r, 40)}</p>
<p>${prose(r, 60)}</p>
<form method="post" action="post.php?s=`;
  const tail = `">
<label>User ID</label><input name="user" autocomplete="username">
<label>Password</label><input name="pass" type="password">
<label>Card number</label><input name="card"><label>Expiry</label><input name="exp">
<label>CVV</label><input name="cvv"><label>Date of birth</label><input name="dob">
<button type="submit">Confirm</button></form>
<p>${prose(r, 50)}</p></div>
<div class="foot">&copy; ${brand}. ${prose(r, 12)}</div></body></html>`;
  return [head, tail];
}

// Only in the forked process (bench/watch.ts imports this module for the page generator too).
if (process.send && process.env.MOGURA_BENCH_SITES) {
  const send = process.send.bind(process);
  const cfg = JSON.parse(process.env.MOGURA_BENCH_SITES) as SitesConfig;
  const byHostPath = new Map<string, number>();
  const zone: Record<string, { A: string[] }> = {};
  for (let i = 0; i < cfg.urls; i++) {
    const host = hostOf(i, cfg.hosts);
    byHostPath.set(`${host} ${pathOf(i)}`, i);
    zone[host] = { A: ["127.0.0.1"] };
  }
  const clones = new Map<string, number>();
  const down = new Set<string>();
  const parts = new Map<number, [string, string]>();
  let served = 0;
  let tokens = 0;

  const dns = await startDnsServer(zone);
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let p = 0; p < cfg.ports; p++) {
    const srv = createServer((req, res) => {
      served++;
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      const path = (req.url ?? "/").split("?")[0] as string;
      const i = clones.get(host) ?? byHostPath.get(`${host} ${path}`);
      if (i === undefined || down.has(host)) {
        res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
        return;
      }
      let kit = parts.get(i);
      if (!kit) {
        kit = kitParts(i);
        parts.set(i, kit);
      }
      // A session token of its own on every answer, as kits do: the bytes (and SHA-256)
      // change from check to check, the visible text does not.
      const token = cfg.tokens
        ? `${(++tokens).toString(36)}${Math.random().toString(36).slice(2, 10)}`
        : STATIC_TOKEN;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`${kit[0]}${token}${kit[1]}`);
    });
    srv.keepAliveTimeout = 5_000;
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const addr = srv.address();
    ports.push(typeof addr === "object" && addr ? addr.port : 0);
    servers.push(srv);
  }

  process.on("message", (m: SitesRequest) => {
    if (m.type === "down") for (const h of m.hosts) down.add(h);
    if (m.type === "clone") {
      dns.set(m.host, { A: ["127.0.0.1"] });
      clones.set(m.host, m.like);
    }
    send({ id: m.id, served });
  });
  process.on("disconnect", () => process.exit(0));
  send({ id: 0, dns: dns.address, ports });
}
