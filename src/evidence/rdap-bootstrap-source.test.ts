import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJsonDirect, loadBootstrap, rdapBaseFor } from "./rdap.ts";
import {
  bootstrapSource,
  refreshBootstrap,
  refreshedBootstrapPath,
} from "./rdap-bootstrap-source.ts";

// IANA's four files as a small local server publishes them; "broken" serves a bad ipv4.json.
const files: Record<string, unknown> = {
  "dns.json": {
    description: "RDAP bootstrap file for Domain Name System registrations",
    publication: "2027-01-05T00:00:00Z",
    version: "1.0",
    services: [[["newtld"], ["https://rdap.newtld.example/"]]],
  },
  "ipv4.json": {
    description: "RDAP bootstrap file for IPv4 address allocations",
    publication: "2027-01-05T00:00:00Z",
    version: "1.0",
    services: [[["198.0.0.0/8"], ["https://rdap.rir.example/"]]],
  },
  "ipv6.json": {
    description: "RDAP bootstrap file for IPv6 address allocations",
    version: "1.0",
    services: [],
  },
  "asn.json": { description: "RDAP bootstrap file for AS number allocations", services: [] },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    const name = path.split("/").at(-1) ?? "";
    if (path.includes("/broken/") && name === "ipv4.json") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ services: [[["not a range"], ["x"]]] }));
    }
    const body = path.includes("/missing/") ? undefined : files[name];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rdap/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("refreshing IANA's bootstrap", () => {
  it("writes IANA's newer files with the bundled additions, and the source picks them up", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-bootstrap-"));
    const source = bootstrapSource({ dataDir });
    expect(rdapBaseFor(source.current(), { domain: "a.newtld" })).toBeNull();

    const r = await refreshBootstrap({ baseUrl: base, dataDir, fetchJson: fetchJsonDirect(5000) });
    expect(r.publication).toMatchObject({ dns: "2027-01-05T00:00:00Z" });
    const written = loadBootstrap(refreshedBootstrapPath(dataDir));
    expect(rdapBaseFor(written, { domain: "a.newtld" })).toBe("https://rdap.newtld.example/");
    // Mogura's additions survive a refresh: .jp, and no server for documentation ranges.
    expect(rdapBaseFor(written, { domain: "example.co.jp" })).toBe("https://jprs.jp/rdap/");
    expect(rdapBaseFor(written, { ip: "198.51.100.1" })).toBeNull();
    expect(rdapBaseFor(written, { ip: "198.18.0.1" })).toBe("https://rdap.rir.example/");

    // A fresh source reads the refreshed copy at once.
    const next = bootstrapSource({ dataDir });
    expect(rdapBaseFor(next.current(), { domain: "a.newtld" })).toBe(
      "https://rdap.newtld.example/",
    );
  });

  it("keeps the old copy when IANA's answer is not a bootstrap, and says which", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-bootstrap-"));
    await refreshBootstrap({ baseUrl: base, dataDir, fetchJson: fetchJsonDirect(5000) });
    const before = readFileSync(refreshedBootstrapPath(dataDir), "utf8");
    await expect(
      refreshBootstrap({ baseUrl: `${base}broken/`, dataDir, fetchJson: fetchJsonDirect(5000) }),
    ).rejects.toThrow(/not an RDAP bootstrap: .*ipv4/);
    await expect(
      refreshBootstrap({ baseUrl: `${base}missing/x/`, dataDir, fetchJson: fetchJsonDirect(5000) }),
    ).rejects.toThrow(/dns\.json answered HTTP 404/);
    expect(readFileSync(refreshedBootstrapPath(dataDir), "utf8")).toBe(before);
  });

  it("never replaces an operator's own file", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-bootstrap-"));
    const own = join(dataDir, "own.json");
    const source = bootstrapSource({
      operatorFile: join(import.meta.dirname, "rdap-bootstrap.json"),
      dataDir,
    });
    expect(existsSync(own)).toBe(false);
    expect(source.current()).toBe(source.current());
  });

  it("falls back to the bundled copy when the refreshed one is damaged", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-bootstrap-"));
    const file = refreshedBootstrapPath(dataDir);
    writeFileSync(file, "{not json");
    utimesSync(file, new Date(), new Date());
    const b = bootstrapSource({ dataDir }).current();
    expect(rdapBaseFor(b, { domain: "example.com" })).toBe("https://rdap.verisign.com/com/v1/");
  });
});
