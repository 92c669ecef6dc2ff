import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FetchPolicy, fetchPolicy, type Resolve, safeFetch } from "./safe-fetch.ts";

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const PAGE = "<!doctype html><title>Log in to your bank</title><form>password</form>";
const GIB = 1024 * 1024 * 1024;

let dir: string;
let certPem: string;
let bombMember: Buffer;
let main: http.Server;
let second: http.Server;
let secure: https.Server;
let httpPort = 0;
let secondPort = 0;
let httpsPort = 0;
let closedPort = 0;
let loopback6: http.Server | undefined;
let v6Port = 0;
const seen: string[] = [];

function handler(base: () => string) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    seen.push(`${req.headers.host}${path}`);
    const send = (status: number, type: string, body: Buffer | string, extra = {}): void => {
      res.writeHead(status, { "content-type": type, ...extra });
      res.end(body);
    };
    const redirect = (to: string, status = 302): void => {
      res.writeHead(status, { location: to });
      res.end();
    };
    const n = /^\/n\/(\d+)$/.exec(path);
    if (n) {
      const k = Number(n[1]);
      if (k === 0) send(200, "text/plain", "done");
      else redirect(`/n/${k - 1}`, [301, 302, 303, 307, 308][k % 5]);
      return;
    }
    switch (path) {
      case "/page":
        send(200, "text/html; charset=utf-8", PAGE, {
          "x-kit": "16shop",
          "set-cookie": ["a=1", "b=2"],
        });
        return;
      case "/echo": {
        const socket = req.socket as { servername?: string | false };
        send(
          200,
          "application/json",
          JSON.stringify({ headers: req.headers, sni: socket.servername }),
        );
        return;
      }
      case "/png":
        send(200, "image/png", PNG);
        return;
      case "/missing":
        send(404, "text/html", "<h1>Not here any more</h1>");
        return;
      case "/chain/a":
        redirect("b");
        return;
      case "/chain/b":
        redirect("/chain/c", 301);
        return;
      case "/chain/c":
        redirect(`//${base()}/chain/d?x=1#frag`, 307);
        return;
      case "/chain/d":
        send(200, "text/plain", "end of chain");
        return;
      case "/loop":
        redirect("/loop");
        return;
      case "/to":
        redirect(url.searchParams.get("u") ?? "/");
        return;
      case "/no-location":
        res.writeHead(302);
        res.end("moved, somewhere");
        return;
      case "/gzip":
        send(200, "text/html", zlib.gzipSync(PAGE), { "content-encoding": "gzip" });
        return;
      case "/br":
        send(200, "text/html", zlib.brotliCompressSync(PAGE), { "content-encoding": "br" });
        return;
      case "/deflate":
        send(200, "text/html", zlib.deflateSync(PAGE), { "content-encoding": "deflate" });
        return;
      case "/deflate-raw":
        send(200, "text/html", zlib.deflateRawSync(PAGE), { "content-encoding": "deflate" });
        return;
      case "/gzip-br":
        send(200, "text/html", zlib.brotliCompressSync(zlib.gzipSync(PAGE)), {
          "content-encoding": "gzip, br",
        });
        return;
      case "/corrupt":
        send(200, "text/html", "this is not gzip", { "content-encoding": "gzip" });
        return;
      case "/compress":
        send(200, "text/html", "LZW bytes", { "content-encoding": "compress" });
        return;
      case "/big":
        send(200, "application/octet-stream", Buffer.alloc(2 * 1024 * 1024, 0x61));
        return;
      case "/big-chunked": {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        const chunk = Buffer.alloc(64 * 1024, 0x62);
        let left = 64;
        const pump = (): void => {
          while (left > 0) {
            left--;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      case "/bomb": {
        // 64 gzip members of 16 MiB of zeros each: 1 GiB inflated, about 1 MiB on the wire.
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        let left = GIB / (16 * 1024 * 1024);
        let stopped = false;
        res.on("close", () => {
          stopped = true;
        });
        const pump = (): void => {
          while (left > 0 && !stopped) {
            left--;
            if (!res.write(bombMember)) {
              res.once("drain", pump);
              return;
            }
          }
          if (!stopped) res.end();
        };
        pump();
        return;
      }
      case "/drip": {
        res.writeHead(200, { "content-type": "text/html" });
        const timer = setInterval(() => res.write("<"), 250);
        res.on("close", () => clearInterval(timer));
        return;
      }
      case "/silent":
        // Never answers; the client's deadline has to end it.
        return;
      default:
        send(404, "text/plain", "no such route");
    }
  };
}

function listen(server: http.Server | https.Server, host: string): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mogura-safe-fetch-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2"],
      ...["-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem")],
    ],
    { stdio: "ignore" },
  );
  certPem = readFileSync(join(dir, "c.pem"), "utf8");
  bombMember = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });

  main = http.createServer(handler(() => `127.0.0.1:${httpPort}`));
  second = http.createServer(handler(() => `127.0.0.2:${secondPort}`));
  secure = https.createServer(
    { key: readFileSync(join(dir, "k.pem")), cert: certPem },
    handler(() => `localhost:${httpsPort}`),
  );
  httpPort = await listen(main, "127.0.0.1");
  // Linux routes all of 127/8 to the loopback interface.
  secondPort = await listen(second, "127.0.0.2");
  httpsPort = await listen(secure, "127.0.0.1");
  // Some containers have no IPv6 loopback; the IPv6 test skips itself there.
  const v6 = http.createServer(handler(() => `[::1]:${v6Port}`));
  v6Port = await new Promise<number>((resolve) => {
    v6.once("error", () => resolve(0));
    v6.listen(0, "::1", () => resolve((v6.address() as AddressInfo).port));
  });
  if (v6Port !== 0) loopback6 = v6;
  const probe = http.createServer();
  closedPort = await listen(probe, "127.0.0.1");
  await close(probe);
});

afterAll(async () => {
  await Promise.all([close(main), close(second), close(secure)]);
  if (loopback6) await close(loopback6);
  rmSync(dir, { recursive: true, force: true });
});

/** A resolver from a fixed table, counting its calls; nothing reaches real DNS. */
function table(entries: Record<string, string[]>): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const addresses = entries[host];
    return addresses ? { addresses } : { addresses: [], error: "NXDOMAIN" };
  };
  return Object.assign(resolve, { calls });
}

const ports = (): number[] => [80, 443, httpPort, secondPort, httpsPort, closedPort, v6Port];

/** The policy tests run under: local servers allowed, their ports open. */
function local(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    ...fetchPolicy(table({ localhost: ["127.0.0.1"] }), {
      allowPrivateTargets: true,
      allowedPorts: ports(),
      timeoutMs: 5_000,
    }),
    ...overrides,
  };
}

/** The production defaults, with the test servers' ports open so the address is what refuses. */
function strict(resolve: Resolve = table({})): FetchPolicy {
  return fetchPolicy(resolve, { allowedPorts: ports() });
}

describe("safeFetch: a plain fetch", () => {
  it("records the hop, headers, peer and a hash of the body", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/page`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.reason).toBeUndefined();
    expect(r.url).toBe(`http://127.0.0.1:${httpPort}/page`);
    expect(r.hops).toHaveLength(1);
    const hop = r.hops[0];
    expect(hop?.status).toBe(200);
    expect(hop?.remote).toEqual({ ip: "127.0.0.1", port: httpPort });
    expect(hop?.headers?.["x-kit"]).toBe("16shop");
    expect(hop?.headers?.["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(hop?.tls).toBeUndefined();
    expect(Date.parse(hop?.at ?? "")).not.toBeNaN();
    expect(r.final?.body.toString()).toBe(PAGE);
    expect(r.final?.size).toBe(Buffer.byteLength(PAGE));
    expect(r.final?.sha256).toBe(createHash("sha256").update(PAGE).digest("hex"));
    expect(r.final?.content_type).toBe("text/html; charset=utf-8");
    expect(r.final?.truncated).toBe(false);
    expect(Date.parse(r.finished_at)).toBeGreaterThanOrEqual(Date.parse(r.started_at));
  });

  it("sends a browser-like request and nothing that gives it away", async () => {
    const policy = local({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) TestFox/1.0" });
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/echo`, policy);
    const { headers } = JSON.parse(r.final?.body.toString() ?? "{}");
    expect(headers["user-agent"]).toBe("Mozilla/5.0 (X11; Linux x86_64) TestFox/1.0");
    expect(headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(headers.host).toBe(`127.0.0.1:${httpPort}`);
    expect(fetchPolicy(table({})).userAgent).toMatch(/^Mozilla\/5\.0 .*Chrome/);
  });

  it("keeps non-HTML bodies byte for byte", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/png`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.final?.content_type).toBe("image/png");
    expect(r.final?.body.equals(PNG)).toBe(true);
    expect(r.final?.sha256).toBe(createHash("sha256").update(PNG).digest("hex"));
  });

  it("reports a 404 as http_error and keeps the page", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/missing`, local());
    expect(r.outcome).toBe("http_error");
    expect(r.reason).toBe("the server answered 404");
    expect(r.final?.status).toBe(404);
    expect(r.final?.body.toString()).toBe("<h1>Not here any more</h1>");
  });

  it("connects to the address it vetted and asks DNS once per hop", async () => {
    let n = 0;
    // A rebinding resolver: public-looking first, internal afterwards.
    const rebinding: Resolve = async () => ({ addresses: [n++ === 0 ? "127.0.0.1" : "10.0.0.1"] });
    const r = await safeFetch(
      `http://rebind.example:${httpPort}/echo`,
      local({ resolve: rebinding }),
    );
    expect(r.outcome).toBe("fetched");
    expect(n).toBe(1);
    expect(r.hops[0]?.addresses).toEqual(["127.0.0.1"]);
    expect(r.hops[0]?.remote?.ip).toBe("127.0.0.1");
    expect(JSON.parse(r.final?.body.toString() ?? "{}").headers.host).toBe(
      `rebind.example:${httpPort}`,
    );
  });
  it("fetches from an IPv6 literal", async (ctx) => {
    if (!loopback6) ctx.skip();
    const r = await safeFetch(`http://[::1]:${v6Port}/echo`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.hops[0]?.remote).toEqual({ ip: "::1", port: v6Port });
    expect(JSON.parse(r.final?.body.toString() ?? "{}").headers.host).toBe(`[::1]:${v6Port}`);
  });

  it("never hands a resolver's odd answer back to DNS", async () => {
    // "127.1" is no IP literal to node, which would look it up: it must be refused, not used.
    const resolve = table({ "odd.example": ["127.1"] });
    const r = await safeFetch(`http://odd.example:${httpPort}/page`, local({ resolve }));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toBe("refused: odd.example resolves to 127.1, which is not an IP address");
  });
});

describe("safeFetch: redirects", () => {
  it("follows a chain of three with relative locations", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/chain/a`, local());
    expect(r.outcome).toBe("fetched");
    const base = `http://127.0.0.1:${httpPort}`;
    expect(r.hops.map((h) => [h.url, h.status, h.location])).toEqual([
      [`${base}/chain/a`, 302, `${base}/chain/b`],
      [`${base}/chain/b`, 301, `${base}/chain/c`],
      [`${base}/chain/c`, 307, `${base}/chain/d?x=1#frag`],
      [`${base}/chain/d?x=1#frag`, 200, undefined],
    ]);
    expect(r.final?.url).toBe(`${base}/chain/d?x=1#frag`);
    expect(r.final?.body.toString()).toBe("end of chain");
  });

  it("follows exactly maxRedirects and stops at one more", async () => {
    const ten = await safeFetch(`http://127.0.0.1:${httpPort}/n/10`, local());
    expect(ten.outcome).toBe("fetched");
    expect(ten.hops).toHaveLength(11);
    expect(new Set(ten.hops.slice(0, 10).map((h) => h.status))).toEqual(
      new Set([301, 302, 303, 307, 308]),
    );

    const eleven = await safeFetch(`http://127.0.0.1:${httpPort}/n/11`, local());
    expect(eleven.outcome).toBe("too_many_redirects");
    expect(eleven.reason).toMatch(/more than 10 redirects/);
    expect(eleven.hops).toHaveLength(11);
    expect(eleven.final).toBeUndefined();

    const none = await safeFetch(`http://127.0.0.1:${httpPort}/n/1`, local({ maxRedirects: 0 }));
    expect(none.outcome).toBe("too_many_redirects");
    expect(none.hops).toHaveLength(1);
  });

  it("stops a redirect loop", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/loop`, local());
    expect(r.outcome).toBe("too_many_redirects");
    expect(r.reason).toMatch(/redirect loop/);
    expect(r.hops).toHaveLength(1);
  });

  it("vets every hop: a redirect into an internal range is refused", async () => {
    const target = `http://127.0.0.2:${secondPort}/page`;
    const start = `http://127.0.0.1:${httpPort}/to?u=${encodeURIComponent(target)}`;

    // The second server answers when nothing forbids it...
    const open = await safeFetch(start, local());
    expect(open.outcome).toBe("fetched");
    expect(open.hops[1]?.remote?.ip).toBe("127.0.0.2");

    // ...and is never contacted once its address is internal.
    const before = seen.length;
    const r = await safeFetch(start, local({ internalRanges: ["127.0.0.2/32"] }));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toBe("refused: 127.0.0.2 is in the internal range 127.0.0.2/32");
    expect(r.hops).toHaveLength(2);
    expect(r.hops[0]?.status).toBe(302);
    expect(r.hops[1]?.url).toBe(target);
    expect(r.hops[1]?.error).toBe(r.reason);
    expect(r.hops[1]?.status).toBeUndefined();
    expect(seen.slice(before)).toEqual([`127.0.0.1:${httpPort}/to`]);
  });

  it("refuses a redirect to a name that resolves to an internal address", async () => {
    const target = `http://intranet.example:${httpPort}/page`;
    const resolve = table({ "intranet.example": ["10.0.0.1"] });
    const r = await safeFetch(
      `http://127.0.0.1:${httpPort}/to?u=${encodeURIComponent(target)}`,
      local({ resolve, internalRanges: ["10.0.0.0/8"] }),
    );
    expect(r.outcome).toBe("refused");
    expect(r.reason).toMatch(
      /intranet\.example resolves to 10\.0\.0\.1, which is in the internal range/,
    );
    expect(r.hops[1]?.addresses).toEqual(["10.0.0.1"]);
    expect(resolve.calls).toEqual(["intranet.example"]);
  });

  it("refuses a redirect to another scheme, and reports a Location that is not a URL", async () => {
    const ftp = await safeFetch(
      `http://127.0.0.1:${httpPort}/to?u=${encodeURIComponent("file:///etc/passwd")}`,
      local(),
    );
    expect(ftp.outcome).toBe("refused");
    expect(ftp.reason).toMatch(/scheme file: is neither http nor https/);

    const bad = await safeFetch(
      `http://127.0.0.1:${httpPort}/to?u=${encodeURIComponent("http://[::1")}`,
      local(),
    );
    expect(bad.outcome).toBe("bad_url");
    expect(bad.reason).toMatch(/redirect target “http:\/\/\[::1” is not a URL/);
    expect(bad.hops).toHaveLength(1);
  });

  it("takes a 3xx without Location as the final answer", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/no-location`, local());
    expect(r.outcome).toBe("http_error");
    expect(r.final?.status).toBe(302);
    expect(r.final?.body.toString()).toBe("moved, somewhere");
  });
});

describe("safeFetch: what the default policy refuses", () => {
  it.each([
    ["http://127.0.0.1:PORT/page", /127\.0\.0\.1 is a loopback address/],
    ["http://2130706433/", /127\.0\.0\.1 is a loopback/],
    ["http://0x7f.1/", /127\.0\.0\.1 is a loopback/],
    ["http://0177.0.0.1/", /127\.0\.0\.1 is a loopback/],
    ["http://[::1]/", /::1 is a loopback/],
    ["http://[::ffff:127.0.0.1]:PORT/page", /stands for 127\.0\.0\.1, which is a loopback/],
    ["http://169.254.169.254/latest/meta-data", /169\.254\.169\.254 is a link-local/],
    ["http://10.0.0.1/", /10\.0\.0\.1 is a private address/],
    ["http://100.64.0.1/", /carrier-grade NAT/],
    ["http://0.0.0.0:PORT/", /this network/],
    ["https://[fd00::1]/", /unique local/],
  ])("%s", async (template, why) => {
    const before = seen.length;
    const resolve = table({});
    const r = await safeFetch(template.replace("PORT", String(httpPort)), strict(resolve));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toMatch(/^refused: /);
    expect(r.reason).toMatch(why);
    expect(r.hops).toHaveLength(1);
    expect(r.hops[0]?.error).toBe(r.reason);
    expect(resolve.calls).toEqual([]);
    expect(seen.length).toBe(before);
  });

  it("refuses a name that resolves to a private address", async () => {
    const resolve = table({ "phish.example": ["10.1.2.3"] });
    const r = await safeFetch("http://phish.example/login", strict(resolve));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toBe(
      "refused: phish.example resolves to 10.1.2.3, which is a private address (RFC 1918)",
    );
    expect(r.hops[0]?.addresses).toEqual(["10.1.2.3"]);
    expect(resolve.calls).toEqual(["phish.example"]);
  });

  it("refuses a name with one public and one private address", async () => {
    const resolve = table({ "mixed.example": ["198.51.100.7", "192.168.0.10"] });
    const r = await safeFetch("https://mixed.example/", strict(resolve));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toMatch(/resolves to 192\.168\.0\.10, which is a private address/);
    expect(r.hops[0]?.remote).toBeUndefined();
  });

  it("refuses ports that are not allowed, before asking DNS", async () => {
    const resolve = table({ "shop.example": ["198.51.100.7"] });
    const r = await safeFetch("http://shop.example:6379/", fetchPolicy(resolve));
    expect(r.outcome).toBe("refused");
    expect(r.reason).toBe("refused: port 6379 is not an allowed port (80, 443, 8080, 8443)");
    expect(resolve.calls).toEqual([]);
    const local22 = await safeFetch("http://127.0.0.1:22/", local());
    expect(local22.reason).toMatch(/port 22 is not an allowed port/);
  });

  it("refuses other schemes and says when the input is not a URL", async () => {
    for (const u of ["file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)"]) {
      const r = await safeFetch(u, strict());
      expect(r.outcome).toBe("refused");
      expect(r.reason).toMatch(/is neither http nor https/);
    }
    const r = await safeFetch("not a url at all", strict());
    expect(r).toMatchObject({ outcome: "bad_url", url: "not a url at all", hops: [] });
    expect(r.reason).toBe("“not a url at all” is not a URL");
  });
});

describe("safeFetch: DNS", () => {
  it("reports a name that does not resolve", async () => {
    const r = await safeFetch("http://gone.example/", strict(table({})));
    expect(r.outcome).toBe("dns_error");
    expect(r.reason).toBe("gone.example does not resolve: NXDOMAIN");
  });

  it("reports a resolver that throws, or answers nothing", async () => {
    const throwing: Resolve = async () => {
      throw new Error("SERVFAIL from 192.0.2.53");
    };
    const r = await safeFetch("http://broken.example/", strict(throwing));
    expect(r.outcome).toBe("dns_error");
    expect(r.reason).toMatch(/SERVFAIL/);
    const empty = await safeFetch(
      "http://empty.example/",
      strict(async () => ({ addresses: [] })),
    );
    expect(empty.reason).toBe("empty.example does not resolve: no addresses");
  });

  it("holds a resolver that never answers to the deadline", async () => {
    const hanging: Resolve = () => new Promise(() => {});
    const t0 = performance.now();
    const r = await safeFetch("http://slow-dns.example/", { ...strict(hanging), timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(1_300);
    expect(r.outcome).toBe("timeout");
    expect(r.reason).toBe("timed out after 300 ms while resolving the host name");
  });

  it("keeps both forms of an internationalised host name", async () => {
    const resolve = table({ "xn--bcher-kva.example": ["127.0.0.1"] });
    const r = await safeFetch(`http://bücher.example:${httpPort}/echo`, local({ resolve }));
    expect(r.outcome).toBe("fetched");
    expect(r.url).toBe(`http://xn--bcher-kva.example:${httpPort}/echo`);
    expect(r.url_unicode).toBe(`http://bücher.example:${httpPort}/echo`);
    expect(resolve.calls).toEqual(["xn--bcher-kva.example"]);
    const { headers } = JSON.parse(r.final?.body.toString() ?? "{}");
    expect(headers.host).toBe(`xn--bcher-kva.example:${httpPort}`);

    const ascii = await safeFetch(`http://127.0.0.1:${httpPort}/page`, local());
    expect(ascii.url_unicode).toBeUndefined();
  });
});

describe("safeFetch: credentials in the URL", () => {
  it("fetches without sending them, and records that they were stripped", async () => {
    const r = await safeFetch(`http://paypal.com:hunter2@127.0.0.1:${httpPort}/echo`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.credentials_stripped).toBe(true);
    expect(r.url).toBe(`http://127.0.0.1:${httpPort}/echo`);
    expect(r.hops[0]?.credentials_stripped).toBe(true);
    expect(r.hops[0]?.url).not.toMatch(/hunter2/);
    const { headers } = JSON.parse(r.final?.body.toString() ?? "{}");
    expect(headers.authorization).toBeUndefined();
    expect(JSON.stringify(headers)).not.toMatch(/hunter2/);
  });

  it("strips them from a redirect target too", async () => {
    const target = `http://u:p@127.0.0.1:${httpPort}/echo`;
    const r = await safeFetch(
      `http://127.0.0.1:${httpPort}/to?u=${encodeURIComponent(target)}`,
      local(),
    );
    expect(r.outcome).toBe("fetched");
    expect(r.credentials_stripped).toBeUndefined();
    expect(r.hops[1]).toMatchObject({
      url: `http://127.0.0.1:${httpPort}/echo`,
      credentials_stripped: true,
    });
    expect(JSON.parse(r.final?.body.toString() ?? "{}").headers.authorization).toBeUndefined();
  });
});

describe("safeFetch: TLS", () => {
  it("fetches from a self-signed server and records the certificate as not trusted", async () => {
    const r = await safeFetch(`https://localhost:${httpsPort}/echo`, local());
    expect(r.outcome).toBe("fetched");
    const tls = r.hops[0]?.tls;
    const cert = new X509Certificate(certPem);
    expect(tls).toMatchObject({
      subject: "CN=localhost",
      issuer: "CN=localhost",
      authorized: false,
      authorization_error: "DEPTH_ZERO_SELF_SIGNED_CERT",
      fingerprint256: cert.fingerprint256,
      valid_from: new Date(cert.validFrom).toISOString(),
      valid_to: new Date(cert.validTo).toISOString(),
    });
    expect(tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.hops[0]?.remote).toEqual({ ip: "127.0.0.1", port: httpsPort });
    expect(JSON.parse(r.final?.body.toString() ?? "{}").sni).toBe("localhost");
  });

  it("sends no SNI for an IP literal", async () => {
    const r = await safeFetch(`https://127.0.0.1:${httpsPort}/echo`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.hops[0]?.tls?.authorized).toBe(false);
    expect(JSON.parse(r.final?.body.toString() ?? "{}").sni).toBeFalsy();
  });

  it("reports a server that does not speak TLS as tls_error", async () => {
    const r = await safeFetch(`https://127.0.0.1:${httpPort}/page`, local());
    expect(r.outcome).toBe("tls_error");
    expect(r.reason).toMatch(/^the TLS handshake failed: /);
  });
});

describe("safeFetch: bodies", () => {
  it.each(["gzip", "br", "deflate", "deflate-raw", "gzip-br"])(
    "decodes %s and hashes the decoded bytes",
    async (route) => {
      const r = await safeFetch(`http://127.0.0.1:${httpPort}/${route}`, local());
      expect(r.outcome).toBe("fetched");
      expect(r.final?.body.toString()).toBe(PAGE);
      expect(r.final?.sha256).toBe(createHash("sha256").update(PAGE).digest("hex"));
      expect(r.final?.decoded).toBe(true);
      expect(r.final?.content_encoding).toBe(
        route === "deflate-raw" ? "deflate" : route === "gzip-br" ? "gzip, br" : route,
      );
    },
  );

  it("keeps a body it cannot decode as sent", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/compress`, local());
    expect(r.outcome).toBe("fetched");
    expect(r.final).toMatchObject({ decoded: false, content_encoding: "compress" });
    expect(r.final?.body.toString()).toBe("LZW bytes");
  });

  it("reports a body that does not decode as what it claims", async () => {
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/corrupt`, local());
    expect(r.outcome).toBe("error");
    expect(r.reason).toMatch(/^the gzip-encoded body could not be decoded: Z_DATA_ERROR/);
  });

  it("stops a gzip bomb at the cap, quickly and in bounded memory", async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/bomb`, local({ timeoutMs: 20_000 }));
    const ms = performance.now() - t0;
    const grown = process.memoryUsage().rss - rss0;
    expect(r.outcome).toBe("too_large");
    expect(r.reason).toBe("the decoded body is over the cap of 10485760 bytes");
    expect(r.final).toBeUndefined();
    expect(r.hops[0]?.status).toBe(200);
    expect(ms).toBeLessThan(2_000);
    expect(grown).toBeLessThan(150 * 1024 * 1024);
  });

  it("stops a plain body over the cap, with or without Content-Length", async () => {
    const small = local({ maxBytes: 1024 * 1024 });
    const declared = await safeFetch(`http://127.0.0.1:${httpPort}/big`, small);
    expect(declared.outcome).toBe("too_large");
    expect(declared.reason).toMatch(/over the cap of 1048576/);
    const chunked = await safeFetch(`http://127.0.0.1:${httpPort}/big-chunked`, small);
    expect(chunked.outcome).toBe("too_large");
    const enough = await safeFetch(
      `http://127.0.0.1:${httpPort}/big-chunked`,
      local({ maxBytes: 4 * 1024 * 1024 }),
    );
    expect(enough.outcome).toBe("fetched");
    expect(enough.final?.size).toBe(4 * 1024 * 1024);
  });
});

describe("safeFetch: deadlines and dead ends", () => {
  it("ends a slow drip at the deadline", async () => {
    const t0 = performance.now();
    const r = await safeFetch(`http://127.0.0.1:${httpPort}/drip`, local({ timeoutMs: 1_000 }));
    const ms = performance.now() - t0;
    expect(r.outcome).toBe("timeout");
    expect(r.reason).toBe("timed out after 1000 ms while reading the body");
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2_000);
    expect(r.hops[0]?.status).toBe(200);
  });

  it("ends a server that never answers at the deadline", async () => {
    const t0 = performance.now();
    const r = await safeFetch(`https://localhost:${httpsPort}/silent`, local({ timeoutMs: 500 }));
    expect(performance.now() - t0).toBeLessThan(1_500);
    expect(r.outcome).toBe("timeout");
    expect(r.reason).toBe("timed out after 500 ms while waiting for the response");
    expect(r.hops[0]?.tls?.subject).toBe("CN=localhost");
  });

  it("reports a port nothing listens on as connection_refused", async () => {
    const r = await safeFetch(`http://127.0.0.1:${closedPort}/`, local());
    expect(r.outcome).toBe("connection_refused");
    expect(r.reason).toMatch(/^connection refused \(.*ECONNREFUSED/);
    expect(r.hops[0]?.error).toBe(r.reason);
  });
});

describe("fetchPolicy", () => {
  it("fills in the defaults and rejects settings that make no sense", () => {
    const p = fetchPolicy(table({}));
    expect(p).toMatchObject({
      allowPrivateTargets: false,
      internalRanges: [],
      allowedPorts: [80, 443, 8080, 8443],
      maxRedirects: 10,
      maxBytes: 10 * 1024 * 1024,
      timeoutMs: 20_000,
    });
    expect(() => fetchPolicy(table({}), { internalRanges: ["10.0.0.0/33"] })).toThrow(/CIDR/);
    expect(() => fetchPolicy(table({}), { allowedPorts: [0] })).toThrow();
  });
});
