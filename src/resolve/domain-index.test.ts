import { describe, expect, it } from "vitest";
import { type DomainAssignment, DomainIndex } from "./domain-index.ts";

interface Item extends DomainAssignment {
  id: string;
}

const T = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const d = (id: string, domain: string, validFrom = 0, validTo: number | null = null): Item => ({
  id,
  domain,
  validFrom,
  validTo,
});
const idAt = (index: DomainIndex<Item>, host: string, at = T) => index.lookup(host, at)?.id ?? null;

describe("DomainIndex", () => {
  const index = DomainIndex.build([
    d("shop-owner", "yamada-shoten.example"),
    d("shop-sub", "shop.yamada-shoten.example"),
    d("blog", "Blog.Example."),
  ]);

  it("matches the domain itself and its sub-domains, longest first", () => {
    expect(index.size).toBe(3);
    expect(idAt(index, "yamada-shoten.example")).toBe("shop-owner");
    expect(idAt(index, "www.yamada-shoten.example")).toBe("shop-owner");
    expect(idAt(index, "shop.yamada-shoten.example")).toBe("shop-sub");
    expect(idAt(index, "cdn.img.shop.yamada-shoten.example")).toBe("shop-sub");
    expect(idAt(index, "xshop.yamada-shoten.example")).toBe("shop-owner");
  });

  it("respects label boundaries", () => {
    expect(idAt(index, "xyamada-shoten.example")).toBeNull();
    expect(idAt(index, "yamada-shoten.example.net")).toBeNull();
    expect(idAt(index, "example")).toBeNull();
  });

  it("ignores case and one trailing dot", () => {
    expect(idAt(index, "WWW.Yamada-Shoten.EXAMPLE.")).toBe("shop-owner");
    expect(idAt(index, "blog.example")).toBe("blog");
    expect(idAt(index, "a.BLOG.example.")).toBe("blog");
    expect(idAt(index, "blog.example..")).toBeNull();
  });

  it("returns null for invalid hosts instead of throwing", () => {
    for (const h of [
      "",
      ".",
      "a..yamada-shoten.example",
      ".yamada-shoten.example",
      "https://yamada-shoten.example/",
      "yamada-shoten.example:443",
      "user@yamada-shoten.example",
      "yamada shoten.example",
      `${"a".repeat(64)}.yamada-shoten.example`,
    ]) {
      expect(idAt(index, h), h).toBeNull();
    }
    expect(index.lookup(null as unknown as string, T)).toBeNull();
  });

  it("honours validity periods and falls back to the parent", () => {
    const timed = DomainIndex.build([
      d("old", "shop.example", T - 100 * DAY, T),
      d("new", "shop.example", T, null),
      d("parent", "example", T - 1000 * DAY, null),
      d("sub", "a.shop.example", T + 10 * DAY, T + 20 * DAY),
    ]);
    expect(idAt(timed, "shop.example", T - 1)).toBe("old");
    expect(idAt(timed, "www.shop.example", T)).toBe("new");
    expect(idAt(timed, "shop.example", T - 500 * DAY)).toBe("parent");
    expect(idAt(timed, "shop.example", T - 2000 * DAY)).toBeNull();
    expect(idAt(timed, "x.a.shop.example", T + 15 * DAY)).toBe("sub");
    expect(idAt(timed, "x.a.shop.example", T + 20 * DAY)).toBe("new");
  });

  it("prefers the latest validFrom among overlapping periods, then the later item", () => {
    const overlapping = DomainIndex.build([
      d("first", "shop.example", T - 10 * DAY, null),
      d("second", "shop.example", T - 5 * DAY, T + 5 * DAY),
      d("x", "tie.example", T),
      d("y", "tie.example", T),
    ]);
    expect(idAt(overlapping, "shop.example", T - 7 * DAY)).toBe("first");
    expect(idAt(overlapping, "shop.example", T)).toBe("second");
    expect(idAt(overlapping, "shop.example", T + 5 * DAY)).toBe("first");
    expect(idAt(overlapping, "tie.example")).toBe("y");
  });

  it("rejects invalid inventory domains and periods", () => {
    for (const bad of ["", ".", "a..b", "*.example", "exa mple.com", "http://x.example"]) {
      expect(() => DomainIndex.build([d("x", bad)]), bad).toThrow(JSON.stringify(bad));
    }
    expect(() => DomainIndex.build([d("x", "a.example", T, T - 1)])).toThrow(/validTo/);
  });

  it("agrees with a brute-force reference on random inventories", () => {
    const random = mulberry32(7);
    const int = (n: number) => Math.floor(random() * n);
    const labels = ["a", "b", "ab", "ba", "shop", "xshop", "www"];
    const name = (depth: number) =>
      Array.from({ length: depth }, () => labels[int(labels.length)]).join(".");
    const items: Item[] = [];
    for (let i = 0; i < 400; i++) {
      const from = int(100);
      let domain = name(1 + int(3));
      if (random() < 0.2) domain += ".";
      if (random() < 0.2) domain = domain.toUpperCase();
      items.push(d(`d${i}`, domain, from, random() < 0.5 ? null : from + 1 + int(40)));
    }
    const idx = DomainIndex.build(items);
    const ref = (host: string, at: number): string | null => {
      const h = host.toLowerCase();
      let best: { it: Item; index: number } | null = null;
      items.forEach((it, index) => {
        const dom = it.domain.toLowerCase().replace(/\.$/, "");
        if (h !== dom && !h.endsWith(`.${dom}`)) return;
        if (!(it.validFrom <= at && (it.validTo === null || at < it.validTo))) return;
        const better =
          !best ||
          dom.length > best.it.domain.replace(/\.$/, "").length ||
          (dom.length === best.it.domain.replace(/\.$/, "").length &&
            (it.validFrom > best.it.validFrom ||
              (it.validFrom === best.it.validFrom && index > best.index)));
        if (better) best = { it, index };
      });
      return (best as { it: Item } | null)?.it.id ?? null;
    };
    let hits = 0;
    for (let i = 0; i < 3000; i++) {
      const host = name(1 + int(5));
      const at = int(150) - 5;
      const want = ref(host, at);
      if (want !== null) hits++;
      expect(idAt(idx, host, at), `${host} at ${at}`).toBe(want);
    }
    expect(hits).toBeGreaterThan(1000);
  });
});

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
