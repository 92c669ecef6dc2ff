import ipaddr from "ipaddr.js";
import { parse as parseHost } from "tldts";
import { classify, Event } from "../../domain/event.ts";
import type { ClassificationType } from "../../domain/taxonomy.ts";
import {
  normalizeCidr,
  normalizeFqdn,
  normalizeIp,
  normalizeUrl,
  sourceFields,
} from "../resources.ts";
import {
  fail,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
  type ReportParser,
} from "./types.ts";

/**
 * Reports written by people (Japanese and English): finds IP addresses, networks, URLs,
 * domain names and e-mail addresses in the text, including defanged (hxxp, [.], (dot), [:])
 * and full-width (１９２．０．２．１, ｈｔｔｐｓ：／／) spellings, and guesses the
 * classification from words in the subject and text.
 *
 * What it leaves out, on purpose:
 * - addresses that cannot be the abuse: private, loopback, link-local, multicast, CGNAT,
 *   unspecified and broadcast IPs (documentation ranges are kept, test data uses them);
 * - anything in the signature (after "-- " or a closing line such as "よろしくお願いします"
 *   or "Best regards" near the end): it is the reporter's, not the abuser's;
 * - e-mail addresses that the text does not call the sender of the spam/phishing: they go
 *   to `extra.mentioned_emails` instead of becoming `source.account` events;
 * - domains whose suffix is not an ICANN public suffix (tldts), and two-label names that
 *   look like file names (readme.md, setup.py, data.zip);
 * - a domain that is the host of an extracted URL or the domain of an e-mail address, and
 *   an IP address that is the host of an extracted URL.
 * Domain names without a scheme are found only in ASCII or punycode (a Japanese label
 * cannot be told apart from the Japanese text around it); URLs stop at the first character
 * that is not ASCII, except in the host.
 */

export const FREE_TEXT_PARSER = "free-text";
const DESCRIPTION_LENGTH = 500;

// ---------------------------------------------------------------------------------------
// Text with a position map: every character of the normalised text knows where it came
// from in the original, so `raw` shows the resource as the reporter wrote it.
// ---------------------------------------------------------------------------------------

/** Normalised text; `pos[i]` is the index in the original of `text[i]`, `pos[text.length]` its length. */
export interface MappedText {
  text: string;
  pos: number[];
}

const COMBINING = /[\p{M}\uFF9E\uFF9F]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is deliberate
const ASCII_ONLY = /^[\x00-\x7F]*$/;

/** NFKC, one character (with its combining marks) at a time, keeping a position map. */
export function nfkcMapped(original: string): MappedText {
  if (ASCII_ONLY.test(original)) {
    return { text: original, pos: Array.from({ length: original.length + 1 }, (_, i) => i) };
  }
  let text = "";
  const pos: number[] = [];
  let i = 0;
  while (i < original.length) {
    const start = i;
    i += (original.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    while (i < original.length && COMBINING.test(original[i] as string)) i++;
    const chunk = original.slice(start, i);
    const out = chunk.length === 1 && chunk.charCodeAt(0) < 0x80 ? chunk : chunk.normalize("NFKC");
    text += out;
    for (let k = 0; k < out.length; k++) pos.push(start);
  }
  pos.push(original.length);
  return { text, pos };
}

/** `String.replace` that keeps the position map: replacement characters map to the match's start. */
export function replaceMapped(
  m: MappedText,
  re: RegExp,
  replacement: (match: RegExpExecArray) => string,
): MappedText {
  let text = "";
  const pos: number[] = [];
  let last = 0;
  for (const match of m.text.matchAll(re)) {
    const start = match.index;
    text += m.text.slice(last, start);
    for (let k = last; k < start; k++) pos.push(m.pos[k] as number);
    const r = replacement(match);
    text += r;
    for (let k = 0; k < r.length; k++) pos.push(m.pos[start] as number);
    last = start + match[0].length;
  }
  if (last === 0 && text === "") return m;
  text += m.text.slice(last);
  for (let k = last; k <= m.text.length; k++) pos.push(m.pos[k] as number);
  return { text, pos };
}

/** The defanging spellings people use, turned back (on NFKC text). Order matters. */
const REFANG_STEPS: [RegExp, (m: RegExpExecArray) => string][] = [
  // zero-width characters and soft hyphens, sometimes used to break links
  [/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, () => ""],
  // hxxp, hXXp, h**p, hxxps, and the Japanese habit of dropping the h: ttp://, ttps://
  [
    /\bh(?:xx|\*\*|\[xx\]|\[tt\]|tt)p(s?)(?=\s?(?:\[:\]|\(:\)|\[:\/\/\]|:))/gi,
    (m) => `http${m[1]}`,
  ],
  [/(?<![A-Za-z])(ttps?)(?=:\/\/)/g, (m) => `h${m[1]}`],
  // scheme separators: [://], [:]//, (:)//
  [/\s?\[:\/\/\]\s?/g, () => "://"],
  [/\[:\]|\(:\)/g, () => ":"],
  // dots: [.], (.), {.}, [dot], (dot), [ドット], with optional spaces inside and around
  [/[ \t]?[[({]\s*(?:\.|dot|ドット)\s*[\])}][ \t]?/gi, () => "."],
  // at signs: [@], [at], (at), {at}, [アット]
  [/[ \t]?[[({]\s*(?:@|at|アット)\s*[\])}][ \t]?/gi, () => "@"],
  [/\[\/\]/g, () => "/"],
];

/** NFKC and refang, with positions kept. */
export function normalizeReportText(original: string): MappedText {
  let m = nfkcMapped(original);
  for (const [re, fn] of REFANG_STEPS) m = replaceMapped(m, re, fn);
  return m;
}

// ---------------------------------------------------------------------------------------
// Classification guess
// ---------------------------------------------------------------------------------------

/** Words that suggest a type, in priority order: the first type with a match wins. */
const TYPE_WORDS: [ClassificationType, RegExp[]][] = [
  [
    "phishing",
    [
      /フィッシング|偽サイト|偽の?ログイン|なりすまし|成りすまし|を装(?:った|う|い)/,
      /\bphish(?:ing|ers?|ed)?\b/i,
    ],
  ],
  ["spam", [/迷惑メール|スパム/, /\bspam(?:s|mers?|ming|med)?\b/i]],
  [
    "unauthorised-information-modification",
    [/改ざん|改竄|改変された/, /\bdefac(?:ement|ed|ing)\b/i],
  ],
  [
    "malware-distribution",
    [/マルウェア|マルウエア|ウイルス|ウィルス/, /\b(?:malware|virus(?:es)?)\b/i],
  ],
  [
    "brute-force",
    [/不正アクセス|ブルートフォース|総当たり|総当り/, /\bbrute[- ]?forc(?:e|ing)\b/i],
  ],
  ["scanner", [/スキャン/, /\bscan(?:s|ning|ned|ners?)?\b/i]],
  ["ddos", [/\bD?DoS\b|\bDDOS\b|\bDOS(?=\s*攻撃|\s+attack)/, /\bddos\b/i]],
  [
    "c2-server",
    [/\bC2\b|\bC&C\b|\bCnC\b|(?<!ロ)ボット/, /\bbotnet\b|\bcommand[- ]and[- ]control\b/i],
  ],
  ["copyright", [/著作権/, /\bcopyright\b/i]],
];

/** The classification type the words suggest, and the word that decided it. */
export function guessType(text: string): { type: ClassificationType; word?: string } {
  for (const [type, patterns] of TYPE_WORDS) {
    for (const re of patterns) {
      const m = re.exec(text);
      if (m) return { type, word: m[0] };
    }
  }
  return { type: "undetermined" };
}

const SPAM_OR_PHISHING = [...(TYPE_WORDS[0]?.[1] ?? []), ...(TYPE_WORDS[1]?.[1] ?? [])];

// ---------------------------------------------------------------------------------------
// Finding resources
// ---------------------------------------------------------------------------------------

const URL_PATH_CHARS = String.raw`[!#$%&'()*+,\-./:;=?@\[\]~\w]`;
const URL_RE = new RegExp(
  String.raw`\b(?:https?|ftp):\/\/(?:[\w.~%!$&'()*+,;=:-]+@)?` +
    // host: labels are all ASCII or all non-ASCII letters, so Japanese right after a URL
    // ("https://evil.comにアクセス") is not taken for part of its host
    String.raw`(?:\[[0-9A-Fa-f:.]+\]|(?:(?:[A-Za-z0-9_-]+|(?:(?![\x00-\x7F])[\p{L}\p{N}\p{M}])+)\.)*[A-Za-z0-9-]*[A-Za-z0-9])` +
    String.raw`(?::\d{1,5})?(?:[/?#]${URL_PATH_CHARS}*)?`,
  "giu",
);
const EMAIL_RE =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![\w-]|\.[A-Za-z0-9])/g;
const IPV4_RE =
  /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2})(?!\d)|:(\d{1,5})(?!\d))?(?![\w]|\.\d)/g;
const IPV6_RE =
  /(?<![\w:.])\[?([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})\]?(?:\/(\d{1,3})(?!\d))?/g;
const DOMAIN_RE = new RegExp(
  String.raw`(?<![\w@.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}))` +
    String.raw`(?![\w-]|\.[A-Za-z0-9])(\/${URL_PATH_CHARS}*)?`,
  "g",
);
/** "Version 1.2.3.4", "ver. 10.0.0.1": a number, not an address. */
const VERSION_BEFORE = /(?:\b(?:version|ver\.?|release|build|firmware)|バージョン)\s*:?\s*$/i;

/** Two-label names that are more often file names than domains. */
const FILE_EXTENSION_TLDS = new Set(["md", "py", "sh", "rs", "so", "ps", "zip", "mov"]);

/** A host name under an ICANN public suffix that is not a file name. */
export function isPublicDomain(host: string): boolean {
  const p = parseHost(host);
  if (!p.isIcann || !p.domain || p.isIp) return false;
  const labels = host.toLowerCase().split(".");
  return !(labels.length === 2 && FILE_EXTENSION_TLDS.has(labels[1] as string));
}

/** Cuts punctuation a sentence put after a URL, and closing brackets opened before it. */
function trimUrlTail(s: string): string {
  let out = s;
  for (;;) {
    const last = out.at(-1);
    if (last === undefined) return out;
    if (".,;:!?'\"*".includes(last)) {
      out = out.slice(0, -1);
      continue;
    }
    const open = OPENING[last];
    if (open && count(out, last) > count(out, open)) {
      out = out.slice(0, -1);
      continue;
    }
    return out;
  }
}
const count = (s: string, c: string) => s.split(c).length - 1;
const OPENING: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

const IGNORED_RANGES: Record<string, string> = {
  unspecified: "unspecified address",
  broadcast: "broadcast address",
  multicast: "multicast address",
  linkLocal: "link-local address",
  loopback: "loopback address",
  private: "private address",
  carrierGradeNat: "carrier-grade NAT address",
  uniqueLocal: "unique local address",
};

/** Why an address cannot be the abuse (a private or special range), or null. */
export function ignoredIpReason(ip: string): string | null {
  try {
    return IGNORED_RANGES[ipaddr.parse(ip).range()] ?? null;
  } catch {
    return null;
  }
}

type Resource =
  | { kind: "url"; value: string; host: string; schemeAssumed?: boolean }
  | { kind: "ip"; value: string; port?: number }
  | { kind: "network"; value: string }
  | { kind: "fqdn"; value: string }
  | { kind: "email"; value: string; sender: boolean };

interface Found {
  resource: Resource;
  start: number;
  end: number;
}

const keyOf = (r: Resource) =>
  r.kind === "ip" && r.port !== undefined ? `ip:${r.value}:${r.port}` : `${r.kind}:${r.value}`;

/** Line-level facts the e-mail and signature rules need. */
class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
  }
  indexAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  line(i: number): string {
    const start = this.starts[i] ?? this.text.length;
    const next = this.starts[i + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, "");
  }
  get count(): number {
    return this.starts.length;
  }
}

const CLOSING_LINE =
  /^(?:(?:今後とも)?よろしくお願い(?:いた|致)?します|よろしくお願い申し上げます|以上(?:です|となります|、?よろしくお願いします)?|敬具|(?:best |kind |warm |with )?regards|sincerely(?: yours)?|thanks(?: in advance)?|thank you(?: in advance)?|cheers)[\s。、.!,]*$/i;
const SIG_DELIMITER = /^--\s?$/;
const SIGNATURE_TAIL_LINES = 15;
const SIGNATURE_MAX_LINES = 10;

/** Where the signature starts (a text index), or the text length when there is none. */
function signatureStart(lines: Lines): number {
  const n = lines.count;
  let last = n - 1;
  while (last > 0 && lines.line(last).trim() === "") last--;
  for (let i = Math.max(0, n - SIGNATURE_TAIL_LINES); i <= last; i++) {
    const l = lines.line(i).trim();
    if (SIG_DELIMITER.test(l) || (CLOSING_LINE.test(l) && last - i <= SIGNATURE_MAX_LINES)) {
      return lines.starts[i] as number;
    }
  }
  return lines.text.length;
}

const SENDER_BEFORE =
  /(?:送信元|送信者|差出人|送り主|送り元|発信元|発信者|送信アドレス|差出アドレス|\bfrom\b|\bsender\b|\bsent by\b|\breply-to\b|\breturn-path\b)/i;
const CONTEXT_BREAK = /\S+@\S+|[。!?]|\.\s/;
const SENDER_AFTER =
  /^[\s>)\]」』]*(?:[(]\s*(?:the\s+)?(?:sender|送信元|差出人)|(?:から|より)の?(?:届|送|受信|着信|迷惑|スパム|フィッシング|メール|大量)|(?:is|was|has been|keeps)\s+(?:sending|the sender|spamming)|sent\s+(?:us|me|our|a|an|the|spam|phishing))/i;

/** Does the text call this address the sender of spam or phishing? */
function isNamedSender(lines: Lines, start: number, end: number, typeIsSpamLike: boolean): boolean {
  const li = lines.indexAt(start);
  const lineStart = lines.starts[li] as number;
  const line = lines.line(li);
  // only what belongs to this address: after the previous address, the last sentence end,
  // and without parentheticals ("from a@x (the sender), and I am b@y" names only a@x)
  const before = (
    line
      .slice(Math.max(0, start - lineStart - 60), start - lineStart)
      .split(CONTEXT_BREAK)
      .pop() ?? ""
  ).replace(/\([^)]*\)/g, " ");
  const after = line.slice(end - lineStart, end - lineStart + 40);
  let context = before;
  // a label on the line above: "送信元アドレス：\n  spam@..."
  if (before.replace(/[\s<(「・*-]/g, "") === "" && li > 0) {
    let p = li - 1;
    while (p > 0 && lines.line(p).trim() === "") p--;
    const prev = lines.line(p).trim();
    if (/[:：]$/.test(prev)) context = `${prev} ${before}`;
  }
  const called = SENDER_BEFORE.test(context) || SENDER_AFTER.test(after);
  if (!called) return false;
  if (typeIsSpamLike) return true;
  const words = maskResources(line);
  return SPAM_OR_PHISHING.some((re) => re.test(words));
}

/** The text without URLs, e-mail addresses and domains: "spam@bulk.example" is not the word spam. */
const maskResources = (t: string) =>
  [URL_RE, EMAIL_RE, DOMAIN_RE].reduce((s, re) => s.replace(re, (m) => " ".repeat(m.length)), t);

/** Every resource in the normalised text, in order, before the rules that drop some. */
function findResources(t: string, lines: Lines, typeIsSpamLike: boolean): Found[] {
  const found: Found[] = [];
  const taken = new Uint8Array(t.length); // characters already part of a resource
  const overlaps = (s: number, e: number) => taken.subarray(s, e).includes(1);
  const add = (resource: Resource, start: number, end: number) => {
    found.push({ resource, start, end });
    taken.fill(1, start, end);
  };

  for (const m of t.matchAll(URL_RE)) {
    const raw = trimUrlTail(m[0]);
    const u = normalizeUrl(raw);
    if (u) add({ kind: "url", value: u.url, host: u.host }, m.index, m.index + raw.length);
  }
  for (const m of t.matchAll(EMAIL_RE)) {
    const s = m.index;
    const e = s + m[0].length;
    if (overlaps(s, e)) continue;
    const value = m[0].toLowerCase();
    add({ kind: "email", value, sender: isNamedSender(lines, s, e, typeIsSpamLike) }, s, e);
  }
  for (const m of t.matchAll(IPV4_RE)) {
    const s = m.index;
    const e = s + m[0].length;
    if (overlaps(s, e) || VERSION_BEFORE.test(t.slice(Math.max(0, s - 20), s))) continue;
    const ip = normalizeIp(m[1] as string);
    if (!ip) continue;
    if (m[2] !== undefined) {
      const net = normalizeCidr(`${ip}/${m[2]}`);
      if (net && Number(m[2]) < 32) add({ kind: "network", value: net }, s, e);
      else add({ kind: "ip", value: ip }, s, e);
    } else if (m[3] !== undefined && Number(m[3]) <= 65535) {
      add({ kind: "ip", value: ip, port: Number(m[3]) }, s, e);
    } else {
      add({ kind: "ip", value: ip }, s, s + (m[1] as string).length);
    }
  }
  for (const m of t.matchAll(IPV6_RE)) {
    let s = m.index;
    const e = s + m[0].length;
    let text = m[1] as string;
    // "送信元:2001:db8::5": the label's colon, not the address's ("::1" keeps its own).
    if (/^:[^:]/.test(m[0])) {
      text = text.slice(1);
      s += 1;
    }
    if (overlaps(s, e) || !/[0-9a-f]/i.test(text) || !text.includes(":")) continue;
    // "2001:db8::5: から" — a colon that ends the sentence, not the address
    const ip = normalizeIp(text) ?? (/[^:]:$/.test(text) ? normalizeIp(text.slice(0, -1)) : null);
    if (!ip?.includes(":")) continue;
    if (m[2] !== undefined && Number(m[2]) < 128) {
      const net = normalizeCidr(`${ip}/${m[2]}`);
      if (net) {
        add({ kind: "network", value: net }, s, e);
        continue;
      }
    }
    add({ kind: "ip", value: ip }, s, e);
  }
  for (const m of t.matchAll(DOMAIN_RE)) {
    const s = m.index;
    const host = m[1] as string;
    if (overlaps(s, s + host.length) || !isPublicDomain(host)) continue;
    const fqdn = normalizeFqdn(host);
    if (!fqdn) continue;
    const path = m[2] ? trimUrlTail(m[2]) : "";
    if (path.length > 1) {
      const u = normalizeUrl(`http://${host}${path}`);
      if (u) {
        add(
          { kind: "url", value: u.url, host: u.host, schemeAssumed: true },
          s,
          s + host.length + path.length,
        );
        continue;
      }
    }
    add({ kind: "fqdn", value: fqdn }, s, s + host.length);
  }
  return found.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------

export function parseFreeText(
  input: ParseInput & { text?: string; subject?: string },
): ParseResult {
  const original = input.text ?? new TextDecoder("utf-8").decode(input.bytes);
  const meta: ReportMeta = input.subject ? { subject: input.subject } : {};
  const body = normalizeReportText(original);
  const subject = input.subject ? normalizeReportText(input.subject).text : "";
  const guess = guessType(maskResources(`${subject}\n${body.text}`));
  const spamLike = guess.type === "spam" || guess.type === "phishing";

  const lines = new Lines(body.text);
  const sigStart = signatureStart(lines);
  const found = findResources(body.text, lines, spamLike);

  const urlHosts = new Set(
    found.flatMap((f) => (f.resource.kind === "url" ? [f.resource.host] : [])),
  );
  const emailDomains = new Set(
    found.flatMap((f) => (f.resource.kind === "email" ? [f.resource.value.split("@")[1]] : [])),
  );

  const kept: Found[] = [];
  const seen = new Set<string>();
  const mentionedEmails = new Set<string>();
  const ignored = new Set<string>();
  for (const f of found) {
    const r = f.resource;
    if (f.start >= sigStart) {
      if (r.kind === "email") mentionedEmails.add(r.value);
      else ignored.add(`${r.value} (in the signature)`);
      continue;
    }
    if (r.kind === "email" && !r.sender) {
      mentionedEmails.add(r.value);
      continue;
    }
    const ip = r.kind === "ip" ? r.value : r.kind === "url" ? normalizeIp(r.host) : null;
    const why = ip ? ignoredIpReason(ip) : null;
    if (why) {
      ignored.add(`${r.value} (${why})`);
      continue;
    }
    if (r.kind === "fqdn" && (urlHosts.has(r.value) || emailDomains.has(r.value))) continue;
    if (r.kind === "ip" && r.port === undefined && urlHosts.has(r.value)) continue;
    const key = keyOf(r);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
  }

  if (kept.length === 0) {
    const why: string[] = [];
    if (mentionedEmails.size > 0) {
      why.push(
        `e-mail addresses not named as the sender of spam or phishing: ${[...mentionedEmails].join(", ")}`,
      );
    }
    if (ignored.size > 0) why.push(`left out: ${[...ignored].join(", ")}`);
    return fail(
      FREE_TEXT_PARSER,
      why.length === 0
        ? "no IP address, URL, domain or e-mail address found in the text"
        : `no IP address, URL, domain or e-mail address of the abuse found in the text (${why.join("; ")})`,
      meta,
    );
  }

  const description = Array.from(original).slice(0, DESCRIPTION_LENGTH).join("");
  const shared: Record<string, unknown> = {};
  if (guess.word) {
    shared.classification_guessed = true;
    shared.guessed_from = guess.word;
  }
  if (mentionedEmails.size > 0) shared.mentioned_emails = [...mentionedEmails];
  if (ignored.size > 0) shared.ignored_resources = [...ignored];

  const events = kept.map(({ resource: r, start, end }) => {
    const extra: Record<string, unknown> = { ...shared };
    let fields: Partial<Event>;
    switch (r.kind) {
      case "url":
        fields = sourceFields({ url: r.value });
        if (r.schemeAssumed) extra.scheme_assumed = true;
        break;
      case "ip":
        fields = sourceFields({ ip: r.value, port: r.port });
        break;
      case "network":
        fields = sourceFields({ cidr: r.value });
        break;
      case "fqdn":
        fields = sourceFields({ fqdn: r.value });
        break;
      case "email":
        fields = sourceFields({ email: r.value });
        break;
    }
    return Event.parse({
      "feed.name": FREE_TEXT_PARSER,
      "time.observation": input.receivedAt.toISOString(),
      ...classify(guess.type),
      ...fields,
      "event_description.text": description,
      raw: original.slice(body.pos[start], body.pos[end]),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  });

  return { ok: true, parser: FREE_TEXT_PARSER, events, evidence: [], meta };
}

/** The free-text entry of the parser registry: what no other parser claims. */
export const freeTextReport: ReportParser = {
  name: FREE_TEXT_PARSER,
  detect: (input) => (input.stream ? null : "fallback"),
  parse: (input) => parseFreeText(input),
};
