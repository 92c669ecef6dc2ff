import iconv from "iconv-lite";
import { between, CRLF } from "./choice.ts";
import type { DemoCharset, DemoMailIncident } from "./incident.ts";

// Charsets
// ---------------------------------------------------------------------------------------------

const HALFWIDTH_KANA = /[\uFF61-\uFF9F]+/g;

/**
 * ISO-2022-JP (RFC 1468) bytes for a text. iconv-lite 0.7 has no ISO-2022-JP codec, so this
 * goes through its EUC-JP: a two-byte EUC-JP character is a JIS X 0208 code with the high bit
 * set on both bytes, so minus 0x80 it is what goes between ESC $ B and ESC ( B. Half-width
 * katakana (JIS X 0201) are not allowed in ISO-2022-JP and become full-width first, as mail
 * programs do; anything outside ASCII and JIS X 0208 throws rather than turning into "?".
 */
export function encodeIso2022jp(text: string): Buffer {
  const out: number[] = [];
  let inJis = false;
  for (const ch of text.replace(HALFWIDTH_KANA, (m) => m.normalize("NFKC"))) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      // ESC, SO and SI would be read as shift sequences by the decoder.
      if (cp === 0x1b || cp === 0x0e || cp === 0x0f)
        throw new Error(`ISO-2022-JP cannot carry control character U+${cp.toString(16)}`);
      if (inJis) out.push(0x1b, 0x28, 0x42);
      inJis = false;
      out.push(cp);
      continue;
    }
    const euc = iconv.encode(ch, "euc-jp");
    const [b1 = 0, b2 = 0] = euc;
    const row = b1 - 0xa0;
    // JIS X 0208 assigns rows 1–8 and 16–84; the rest of EUC-JP's table (NEC and IBM
    // extensions, JIS X 0212 after 0x8F, kana after 0x8E) is not ISO-2022-JP.
    const jis0208 =
      euc.length === 2 &&
      b2 >= 0xa1 &&
      b2 <= 0xfe &&
      ((row >= 1 && row <= 8) || (row >= 16 && row <= 84));
    if (!jis0208) throw new Error(`"${ch}" is not in JIS X 0208, so ISO-2022-JP cannot carry it`);
    if (!inJis) out.push(0x1b, 0x24, 0x42);
    inJis = true;
    out.push(b1 - 0x80, b2 - 0x80);
  }
  // A line, and the text, must end in ASCII (RFC 1468); CRLF above already switched back.
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** The bytes of a text in a charset; throws when a character would be lost. */
export function encodeCharset(text: string, charset: DemoCharset): Buffer {
  if (charset === "utf-8") return Buffer.from(text, "utf8");
  if (charset === "iso-2022-jp") return encodeIso2022jp(text);
  const bytes = iconv.encode(text, "shift_jis");
  // iconv-lite writes "?" for what Shift_JIS lacks; a demo mail must not lose text silently.
  if (iconv.decode(bytes, "shift_jis") !== text)
    throw new Error(`the text has characters Shift_JIS cannot carry: ${text.slice(0, 40)}…`);
  return bytes;
}

export const MIME_CHARSET: Record<DemoCharset, string> = {
  "iso-2022-jp": "ISO-2022-JP",
  shift_jis: "Shift_JIS",
  "utf-8": "UTF-8",
};

/** Raw bytes per encoded word: 40 base64 characters keep a folded header line under 78. */
const WORD_BYTES = 30;

/**
 * RFC 2047 B-encoded words for a text. Each word holds whole characters and, for
 * ISO-2022-JP, starts and ends in ASCII mode, so every word decodes on its own.
 */
export function encodedWords(text: string, charset: DemoCharset): string[] {
  const label = MIME_CHARSET[charset];
  const words: string[] = [];
  let chunk = "";
  for (const ch of text) {
    const next = chunk + ch;
    if (chunk && encodeCharset(next, charset).length > WORD_BYTES) {
      words.push(chunk);
      chunk = ch;
    } else {
      chunk = next;
    }
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?${label}?B?${encodeCharset(w, charset).toString("base64")}?=`);
}

/** A Subject (or other unstructured) header value: encoded words folded one per line. */
export const encodedHeader = (text: string, charset: DemoCharset) =>
  encodedWords(text, charset).join(`${CRLF} `);

/** The imitated brand: the incident's, or one of a few fictional ones. */
export function brandOf(i: DemoMailIncident, language: "ja" | "en"): string {
  if (i.brand) return language === "ja" ? (i.brand.name_ja ?? i.brand.name) : i.brand.name;
  const k = between(i, "brand", 0, 2);
  const names = language === "ja" ? JA_BRANDS : EN_BRANDS;
  return names[k] ?? "Example Bank";
}
const EN_BRANDS = ["Example Bank", "Sample Card Services", "Demo Credit Union"];
const JA_BRANDS = ["エグザンプル銀行", "サンプルカード", "デモ信用金庫"];

// ---------------------------------------------------------------------------------------------
