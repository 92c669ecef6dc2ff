import { describe, expect, it } from "vitest";
import { addressRefusal, invalidInternalRange } from "./address-policy.ts";

const strict = { allowPrivateTargets: false, internalRanges: [] };

// [address, what the refusal must mention]; the address as DNS or a URL would hand it over.
const refused: [string, RegExp][] = [
  ["127.0.0.1", /loopback/],
  ["127.255.255.254", /loopback/],
  ["10.0.0.1", /private/],
  ["10.1.2.3", /private/],
  ["172.16.0.1", /private/],
  ["172.31.255.255", /private/],
  ["192.168.1.1", /private/],
  ["169.254.169.254", /link-local/],
  ["100.64.0.1", /carrier-grade NAT/],
  ["100.127.255.255", /carrier-grade NAT/],
  ["0.0.0.0", /this network/],
  ["0.1.2.3", /this network/],
  ["255.255.255.255", /broadcast/],
  ["224.0.0.1", /multicast/],
  ["239.255.255.250", /multicast/],
  ["240.0.0.1", /reserved/],
  ["198.18.0.1", /reserved/],
  ["198.19.255.255", /reserved/],
  ["192.0.0.8", /reserved/],
  ["::1", /loopback/],
  ["::", /unspecified/],
  ["0:0:0:0:0:0:0:1", /loopback/],
  ["[::1]", /loopback/],
  ["fc00::1", /unique local/],
  ["fd12:3456:789a::1", /unique local/],
  ["fe80::1", /link-local/],
  ["FE80::ABCD", /link-local/],
  ["fe80::1%eth0", /link-local/],
  ["fec0::1", /site-local/],
  ["ff02::1", /multicast/],
  ["ff05::1:3", /multicast/],
  ["::ffff:127.0.0.1", /stands for 127\.0\.0\.1, which is a loopback/],
  ["::ffff:7f00:1", /stands for 127\.0\.0\.1/],
  ["::ffff:10.0.0.1", /private/],
  ["::ffff:169.254.169.254", /link-local/],
  ["0:0:0:0:0:ffff:a9fe:a9fe", /link-local/],
  ["::ffff:0:7f00:1", /stands for 127\.0\.0\.1/],
  ["::127.0.0.1", /IPv4-compatible/],
  ["::7f00:1", /IPv4-compatible/],
  ["::808:808", /IPv4-compatible/],
  ["64:ff9b::127.0.0.1", /stands for 127\.0\.0\.1/],
  ["64:ff9b::a00:1", /stands for 10\.0\.0\.1, which is a private/],
  ["64:ff9b:1::a00:1", /local-use NAT64/],
  ["2002:7f00:1::", /stands for 127\.0\.0\.1/],
  ["2002:a9fe:a9fe::1", /stands for 169\.254\.169\.254/],
  ["2002:c0a8:0101::1", /stands for 192\.168\.1\.1/],
  ["2001::1", /Teredo/],
  ["2001:2::1", /benchmarking/],
  ["100::1", /discard/],
  ["4000::1", /outside the global unicast/],
  ["1.2.3", /not an IP address/],
  ["0x7f.1", /not an IP address/],
  ["2130706433", /not an IP address/],
  ["localhost", /not an IP address/],
  ["", /not an IP address/],
  ["1.2.3.4 ", /not an IP address/],
];

const allowed: string[] = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "172.15.255.255",
  "172.32.0.1",
  "100.63.255.255",
  "100.128.0.1",
  "169.253.255.255",
  "11.0.0.1",
  "223.255.255.254",
  // Documentation ranges: routable nowhere, and the "public" stand-ins of tests and examples.
  "192.0.2.1",
  "198.51.100.7",
  "203.0.113.200",
  "2001:db8::1",
  "3fff::1",
  "2606:4700:4700::1111",
  "2a00:1450:4001:80b::200e",
  "2001:4860:4860::8888",
  "::ffff:8.8.8.8",
  "::ffff:808:808",
  "64:ff9b::8.8.8.8",
  "2002:0808:0808::1",
];

describe("addressRefusal with the default policy", () => {
  it.each(refused)("refuses %s", (ip, why) => {
    const reason = addressRefusal(ip, strict);
    expect(reason).not.toBeNull();
    expect(reason).toMatch(why);
  });

  it.each(allowed)("allows %s", (ip) => {
    expect(addressRefusal(ip, strict)).toBeNull();
  });

  it("names the address first, so the reason reads as a sentence", () => {
    expect(addressRefusal("127.0.0.1", strict)).toBe("127.0.0.1 is a loopback address");
  });

  it("judges the numbers URLs turn odd IPv4 notations into", () => {
    for (const u of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1/",
    ]) {
      const host = new URL(u).hostname;
      expect(host).toBe("127.0.0.1");
      expect(addressRefusal(host, strict)).toMatch(/loopback/);
    }
    expect(addressRefusal(new URL("http://[::ffff:127.0.0.1]/").hostname, strict)).toMatch(
      /127\.0\.0\.1, which is a loopback/,
    );
    expect(addressRefusal(new URL("http://[::127.0.0.1]/").hostname, strict)).toMatch(
      /IPv4-compatible/,
    );
  });
});

describe("internal ranges", () => {
  const provider = {
    allowPrivateTargets: false,
    internalRanges: ["203.0.113.0/25", "2001:db8:ff::/48", "198.51.100.9"],
  };

  it.each([
    ["203.0.113.5", /internal range 203\.0\.113\.0\/25/],
    ["198.51.100.9", /internal range 198\.51\.100\.9\/32/],
    ["2001:db8:ff::1", /internal range 2001:db8:ff::\/48/],
    ["::ffff:203.0.113.5", /stands for 203\.0\.113\.5, which is in the internal range/],
    ["64:ff9b::cb00:7105", /internal range/],
    ["2002:cb00:7105::1", /internal range/],
  ])("refuses %s", (ip, why) => {
    expect(addressRefusal(ip, provider)).toMatch(why);
  });

  it.each(["203.0.113.200", "198.51.100.10", "2001:db8:fe::1"])("allows %s", (ip) => {
    expect(addressRefusal(ip, provider)).toBeNull();
  });

  it("still refuses them when private targets are allowed", () => {
    const tests = { allowPrivateTargets: true, internalRanges: ["127.0.0.2/32", "fd00::/8"] };
    expect(addressRefusal("127.0.0.2", tests)).toMatch(/internal range 127\.0\.0\.2\/32/);
    expect(addressRefusal("::ffff:127.0.0.2", tests)).toMatch(/internal range/);
    expect(addressRefusal("fd00::5", tests)).toMatch(/internal range/);
    expect(addressRefusal("127.0.0.1", tests)).toBeNull();
    expect(addressRefusal("10.0.0.1", tests)).toBeNull();
    expect(addressRefusal("::1", tests)).toBeNull();
  });

  it("matches an IPv6 range written over mapped IPv4 addresses", () => {
    const p = { allowPrivateTargets: false, internalRanges: ["::ffff:203.0.113.0/120"] };
    expect(addressRefusal("203.0.113.7", p)).toMatch(/internal range/);
  });

  it("refuses everything when a range is not a CIDR, rather than opening what it meant to close", () => {
    const broken = { allowPrivateTargets: false, internalRanges: ["10.0.0.0/8", "10.0.0/33"] };
    expect(addressRefusal("8.8.8.8", broken)).toMatch(/“10\.0\.0\/33” is not a CIDR/);
    expect(invalidInternalRange(broken.internalRanges)).toBe("10.0.0/33");
    expect(invalidInternalRange(["10.0.0.0/8", "fd00::/8", "192.0.2.1"])).toBeNull();
  });
});
