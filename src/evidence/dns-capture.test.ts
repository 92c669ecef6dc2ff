import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../test/support/dns-server.ts";
import { captureDns, type DnsCapture, type DnsRecordSet } from "./dns-capture.ts";

let server: TestDnsServer;

beforeAll(async () => {
  server = await startDnsServer(
    {
      "example.com": {
        A: ["192.0.2.10"],
        AAAA: ["2001:db8::10"],
        NS: ["ns1.example.com", "ns2.example.net"],
        MX: [
          { preference: 10, exchange: "mx1.example.com" },
          { preference: 20, exchange: "mx2.example.com" },
        ],
        TXT: ["v=spf1 -all", ["v=DKIM1; k=rsa; ", "p=MIGfMA0GCSqGSIb3"]],
      },
      "www.example.com": { CNAME: "example.com" },
      "mail.example.com": { A: ["192.0.2.25"] },
      "nomail.example.com": { MX: [{ preference: 0, exchange: "." }] },
      "shop.example.github.io": { A: ["192.0.2.30"] },
      "xn--bcher-kva.example.com": { A: ["192.0.2.40"] },
    },
    { silent: ["slow.example.com"], servfail: ["broken.example.com"] },
  );
});

afterAll(async () => {
  await server?.close();
});

const opts = () => ({ servers: [server.address], timeoutMs: 1000 });

function set(capture: DnsCapture, name: string, type: DnsRecordSet["type"]): DnsRecordSet {
  const found = capture.records.find((r) => r.name === name && r.type === type);
  if (!found) throw new Error(`no ${type} record set for ${name}`);
  return found;
}

describe("captureDns", () => {
  it("records every type for the host and its registrable domain, with server and time", async () => {
    const before = Date.now();
    const capture = await captureDns("www.example.com", opts());
    expect(capture.resolver).toBe(server.address);
    expect(Date.parse(capture.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(capture.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(capture.records.map((r) => `${r.name} ${r.type}`)).toEqual([
      "www.example.com A",
      "www.example.com AAAA",
      "www.example.com CNAME",
      "www.example.com NS",
      "www.example.com MX",
      "www.example.com TXT",
      "example.com A",
      "example.com AAAA",
      "example.com CNAME",
      "example.com NS",
      "example.com MX",
      "example.com TXT",
    ]);
    // The host is an alias: its CNAME shows, and its other types resolve through the target.
    expect(set(capture, "www.example.com", "CNAME")).toEqual({
      name: "www.example.com",
      type: "CNAME",
      values: ["example.com."],
    });
    expect(set(capture, "www.example.com", "A").values).toEqual(["192.0.2.10"]);
    expect(set(capture, "example.com", "AAAA").values).toEqual(["2001:db8::10"]);
    expect(set(capture, "example.com", "NS").values).toEqual([
      "ns1.example.com.",
      "ns2.example.net.",
    ]);
    expect(set(capture, "example.com", "MX").values).toEqual([
      "10 mx1.example.com.",
      "20 mx2.example.com.",
    ]);
    expect(set(capture, "example.com", "TXT").values).toEqual([
      "v=spf1 -all",
      "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3",
    ]);
    expect(capture.records.every((r) => r.error === undefined)).toBe(true);
  });

  it("gives empty values without an error for types a name has no records of", async () => {
    const capture = await captureDns("mail.example.com", opts());
    expect(set(capture, "mail.example.com", "A").values).toEqual(["192.0.2.25"]);
    for (const type of ["AAAA", "CNAME", "NS", "MX", "TXT"] as const) {
      expect(set(capture, "mail.example.com", type)).toEqual({
        name: "mail.example.com",
        type,
        values: [],
      });
    }
  });

  it("writes a null MX (RFC 7505) as the root", async () => {
    const capture = await captureDns("nomail.example.com", opts());
    expect(set(capture, "nomail.example.com", "MX").values).toEqual(["0 ."]);
  });

  it("records NXDOMAIN per record set and still captures the registrable domain", async () => {
    const capture = await captureDns("gone.example.com", opts());
    for (const type of ["A", "AAAA", "CNAME", "NS", "MX", "TXT"] as const) {
      expect(set(capture, "gone.example.com", type)).toEqual({
        name: "gone.example.com",
        type,
        values: [],
        error: "NXDOMAIN",
      });
    }
    expect(set(capture, "example.com", "A").values).toEqual(["192.0.2.10"]);
  });

  it("records SERVFAIL", async () => {
    const capture = await captureDns("broken.example.com", opts());
    expect(set(capture, "broken.example.com", "A").error).toBe("SERVFAIL");
    expect(set(capture, "example.com", "A").error).toBeUndefined();
  });

  it("records a timeout for a server that never answers, without throwing", async () => {
    const capture = await captureDns("slow.example.com", { ...opts(), timeoutMs: 200 });
    const slow = capture.records.filter((r) => r.name === "slow.example.com");
    expect(slow).toHaveLength(6);
    for (const r of slow) expect(r).toMatchObject({ values: [], error: "timeout" });
    expect(set(capture, "example.com", "MX").values).toHaveLength(2);
  });

  it("asks only once when the host is its own registrable domain", async () => {
    const capture = await captureDns("Example.COM.", opts());
    expect(new Set(capture.records.map((r) => r.name))).toEqual(new Set(["example.com"]));
    expect(capture.records).toHaveLength(6);
  });

  it("treats private suffixes (github.io) as public ones when finding the registrable domain", async () => {
    const capture = await captureDns("shop.example.github.io", opts());
    expect(new Set(capture.records.map((r) => r.name))).toEqual(
      new Set(["shop.example.github.io", "example.github.io"]),
    );
    expect(set(capture, "shop.example.github.io", "A").values).toEqual(["192.0.2.30"]);
  });

  it("asks for internationalised names in their ASCII form", async () => {
    const capture = await captureDns("bücher.example.com", opts());
    expect(set(capture, "xn--bcher-kva.example.com", "A").values).toEqual(["192.0.2.40"]);
  });

  it("asks nothing for an IP literal", async () => {
    const seen = server.queries.length;
    for (const ip of ["192.0.2.10", "2001:db8::1", "[2001:db8::1]"]) {
      expect((await captureDns(ip, opts())).records).toEqual([]);
    }
    expect(server.queries.length).toBe(seen);
  });

  it("records an invalid host name without asking", async () => {
    const seen = server.queries.length;
    const capture = await captureDns("not a host", opts());
    expect(capture.records).toHaveLength(6);
    for (const r of capture.records) expect(r.error).toBe("invalid host name");
    expect(server.queries.length).toBe(seen);
  });

  it('names the resolver "system" when no servers are given', async () => {
    // An IP literal keeps this from asking the machine's real resolvers.
    const capture = await captureDns("192.0.2.1", { servers: [], timeoutMs: 100 });
    expect(capture.resolver).toBe("system");
  });
});
