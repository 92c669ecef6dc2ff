import { createHash } from "node:crypto";

/*
 * A page's near-duplicate fingerprint: a 64-bit SimHash (Charikar) over word 3-shingles of
 * its visible text and the names of its form fields. A phishing kit deployed again carries
 * another session token, timestamp or a reworded line; its SimHash differs in a few bits
 * where its SHA-256 has nothing in common.
 */

/** The text a person sees: tags, scripts, styles and entities gone, lower case, one space. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[#a-z0-9]+;/gi, " ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The features a page is hashed over: its word 3-shingles, plus its form field names. */
function features(html: string): string[] {
  const words = visibleText(html).split(" ").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 2 < words.length; i++)
    out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (words.length > 0 && words.length < 3) out.push(words.join(" "));
  // A login kit is its form as much as its text: the names of its fields count too.
  for (const m of html.matchAll(
    /<(?:input|select|textarea)\b[^>]*\bname\s*=\s*["']?([^"'\s>]+)/gi,
  )) {
    out.push(`field:${(m[1] as string).toLowerCase()}`);
  }
  return out;
}

const MASK = (1n << 64n) - 1n;

/** 64-bit SimHash of a page, as 16 hex digits. */
export function simhash(html: string): string {
  const counts = new Array<number>(64).fill(0);
  const seen = features(html);
  if (seen.length === 0) return "0".repeat(16);
  for (const f of seen) {
    const h = createHash("sha256").update(f).digest();
    const v = h.readBigUInt64BE(0) & MASK;
    for (let bit = 0; bit < 64; bit++)
      counts[bit] = (counts[bit] ?? 0) + ((v >> BigInt(bit)) & 1n ? 1 : -1);
  }
  let out = 0n;
  for (let bit = 0; bit < 64; bit++) if ((counts[bit] as number) > 0) out |= 1n << BigInt(bit);
  return out.toString(16).padStart(16, "0");
}

/** How many of the 64 bits two SimHashes differ in. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

/**
 * Bits two pages may differ in and still be the same kit. fingerprint.test.ts holds the
 * line: a kit page with another token, date and sentence stays within it, unrelated pages
 * (another login page among them) are more than twice as far. A kit re-branded for another
 * bank lands in between (about 11–14 bits) and is not taken for the same.
 */
export const NEAR_DUPLICATE_BITS = 8;
