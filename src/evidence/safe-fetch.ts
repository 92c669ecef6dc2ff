import { createHash } from "node:crypto";
import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { Transform, type TransformCallback, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TLSSocket } from "node:tls";
import { domainToUnicode } from "node:url";
import zlib from "node:zlib";
import { z } from "zod";
import { addressRefusal, invalidInternalRange } from "./address-policy.ts";

// Phishing kits cloak: a client that looks like a bot is shown a harmless page, so the default
// looks like a current desktop browser.
const DEFAULT_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Chrome/124.0.0.0 Safari/537.36";

/** The configurable part of a fetch policy (everything but the resolver), with its defaults. */
export const FetchPolicyConfig = z.object({
  allowPrivateTargets: z.boolean().default(false),
  internalRanges: z
    .array(z.string())
    .default([])
    .refine((r) => invalidInternalRange(r) === null, "holds an entry that is not a CIDR"),
  allowedPorts: z.array(z.number().int().min(1).max(65535)).default([80, 443, 8080, 8443]),
  maxRedirects: z.number().int().min(0).default(10),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  timeoutMs: z.number().int().positive().default(20_000),
  userAgent: z.string().min(1).default(DEFAULT_USER_AGENT),
});
export type FetchPolicyConfig = z.infer<typeof FetchPolicyConfig>;

/** DNS for the fetcher: Mogura's host lookup. IP literals never reach it. */
export type Resolve = (host: string) => Promise<{ addresses: string[]; error?: string }>;

/** Everything `safeFetch` obeys. Build one with `fetchPolicy` to get the defaults. */
export interface FetchPolicy extends FetchPolicyConfig {
  resolve: Resolve;
}

/** A full policy from a resolver and any subset of the settings; throws on invalid settings. */
export function fetchPolicy(
  resolve: Resolve,
  config: z.input<typeof FetchPolicyConfig> = {},
): FetchPolicy {
  return { ...FetchPolicyConfig.parse(config), resolve };
}

/** The server certificate of a TLS hop, recorded whether or not it can be trusted. */
export const TlsInfo = z.object({
  subject: z.string(),
  issuer: z.string(),
  subject_alt_name: z.string().optional(),
  valid_from: z.string(),
  valid_to: z.string(),
  fingerprint256: z.string(),
  authorized: z.boolean(),
  authorization_error: z.string().optional(),
  protocol: z.string().optional(),
});
export type TlsInfo = z.infer<typeof TlsInfo>;

/** One request of a fetch: the first URL, then one per redirect followed. */
export const Hop = z.object({
  url: z.string(),
  /** When the hop began. */
  at: z.string(),
  elapsed_ms: z.number().optional(),
  /** Every address the name resolved to; all were vetted, the first was contacted. */
  addresses: z.array(z.string()).optional(),
  remote: z.object({ ip: z.string(), port: z.number().int() }).optional(),
  tls: TlsInfo.optional(),
  status: z.number().int().optional(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  /** The redirect target, resolved against the hop's URL. */
  location: z.string().optional(),
  /** The URL carried user:password, which was not sent. */
  credentials_stripped: z.literal(true).optional(),
  error: z.string().optional(),
});
export type Hop = z.infer<typeof Hop>;

/** How a fetch ended. */
export const FetchOutcome = z.enum([
  "fetched",
  "refused",
  "dns_error",
  "timeout",
  "connection_refused",
  "tls_error",
  "too_large",
  "too_many_redirects",
  "http_error",
  "bad_url",
  "error",
]);
export type FetchOutcome = z.infer<typeof FetchOutcome>;

/** The last response of a fetch, with its whole (decoded) body. */
export const FetchedBody = z.object({
  url: z.string(),
  status: z.number().int(),
  content_type: z.string().optional(),
  content_encoding: z.string().optional(),
  /** False when the content-encoding is one we cannot undo: the body is then as sent. */
  decoded: z.boolean(),
  body: z.instanceof(Buffer),
  size: z.number().int(),
  sha256: z.string(),
  truncated: z.literal(false),
});
export type FetchedBody = z.infer<typeof FetchedBody>;

/** What a fetch found; `reason` is one sentence whenever the outcome is not "fetched". */
export const FetchResult = z.object({
  outcome: FetchOutcome,
  reason: z.string().optional(),
  /** The URL as fetched: punycode host, no credentials. */
  url: z.string(),
  /** The same URL with the host in Unicode, when the two differ. */
  url_unicode: z.string().optional(),
  credentials_stripped: z.literal(true).optional(),
  hops: z.array(Hop),
  final: FetchedBody.optional(),
  started_at: z.string(),
  finished_at: z.string(),
});
export type FetchResult = z.infer<typeof FetchResult>;

/** A fetch ends here with this outcome; the message is the result's reason. */
class Stop extends Error {
  constructor(
    readonly outcome: FetchOutcome,
    message: string,
  ) {
    super(message);
  }
}

class TooLarge extends Error {}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// The request targets a vetted IP literal, for which `net` never looks anything up; should
// that ever change, this makes the connection fail rather than consult DNS a second time.
const noLookup: LookupFunction = (hostname, _options, callback) => {
  const err: NodeJS.ErrnoException = new Error(`no DNS lookup allowed for ${hostname}`);
  err.code = "ENOTFOUND";
  callback(err, "", 0);
};

/**
 * Fetches an attacker-chosen URL without letting it reach internal services: every hop's
 * addresses are vetted and the connection goes to the vetted address. Never throws for bad
 * input or network failures; the outcome and reason say what happened.
 */
export async function safeFetch(input: string, policy: FetchPolicy): Promise<FetchResult> {
  const startedAt = new Date().toISOString();
  const hops: Hop[] = [];
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    return {
      outcome: "bad_url",
      reason: `“${input}” is not a URL`,
      url: input,
      hops,
      started_at: startedAt,
      finished_at: new Date().toISOString(),
    };
  }
  const stripped = stripCredentials(parsed);
  const unicode = unicodeForm(parsed);
  const base = {
    url: parsed.href,
    ...(unicode !== undefined ? { url_unicode: unicode } : {}),
    ...(stripped ? { credentials_stripped: true as const } : {}),
    hops,
    started_at: startedAt,
  };

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.timeoutMs);
  try {
    let current = parsed;
    let currentStripped = stripped;
    const visited = new Set<string>();
    for (let redirects = 0; ; redirects++) {
      const hop: Hop = { url: current.href, at: new Date().toISOString() };
      if (currentStripped) hop.credentials_stripped = true;
      hops.push(hop);
      visited.add(current.href);
      const t0 = performance.now();
      const tracker: Tracker = { phase: "starting" };
      try {
        const answer = await visit(current, hop, policy, deadline.signal, tracker);
        hop.elapsed_ms = Math.round(performance.now() - t0);
        if (answer.kind === "final") {
          const ok = answer.final.status >= 200 && answer.final.status < 300;
          return {
            ...base,
            outcome: ok ? "fetched" : "http_error",
            ...(ok ? {} : { reason: `the server answered ${answer.final.status}` }),
            final: answer.final,
            finished_at: new Date().toISOString(),
          };
        }
        const nextStripped = stripCredentials(answer.next);
        // No cookies are kept, so a URL visited again answers as it did before: a loop.
        if (visited.has(answer.next.href)) {
          throw new Stop(
            "too_many_redirects",
            `redirect loop: ${current.href} leads back to ${answer.next.href}`,
          );
        }
        if (redirects >= policy.maxRedirects) {
          throw new Stop(
            "too_many_redirects",
            `more than ${policy.maxRedirects} redirects (the last pointed to ${answer.next.href})`,
          );
        }
        current = answer.next;
        currentStripped = nextStripped;
      } catch (err) {
        hop.elapsed_ms ??= Math.round(performance.now() - t0);
        const stop = classify(err, deadline.signal, policy, tracker);
        hop.error = stop.message;
        return {
          ...base,
          outcome: stop.outcome,
          reason: stop.message,
          finished_at: new Date().toISOString(),
        };
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

interface Tracker {
  phase: "starting" | "resolving" | "connecting" | "tls" | "waiting" | "reading";
  /** Set when the failing stage was decoding the body. */
  encoding?: string;
}

type Answer = { kind: "redirect"; next: URL } | { kind: "final"; final: FetchedBody };

/** One request: vet, connect to the vetted address, read the response. */
async function visit(
  url: URL,
  hop: Hop,
  policy: FetchPolicy,
  signal: AbortSignal,
  tracker: Tracker,
): Promise<Answer> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Stop("refused", `refused: the scheme ${url.protocol} is neither http nor https`);
  }
  const tls = url.protocol === "https:";
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  if (!policy.allowedPorts.includes(port)) {
    throw new Stop(
      "refused",
      `refused: port ${port} is not an allowed port (${policy.allowedPorts.join(", ")})`,
    );
  }
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(host) !== 0;
  let addresses: string[];
  if (literal) addresses = [host];
  else {
    tracker.phase = "resolving";
    const answer = await untilAborted(
      Promise.resolve()
        .then(() => policy.resolve(host))
        .catch((err: unknown) => ({ addresses: [], error: errorText(err) })),
      signal,
    );
    if (answer.error !== undefined || answer.addresses.length === 0) {
      throw new Stop("dns_error", `${host} does not resolve: ${answer.error ?? "no addresses"}`);
    }
    addresses = [...answer.addresses];
    hop.addresses = addresses;
  }
  for (const address of addresses) {
    const why = addressRefusal(address, policy);
    if (why !== null) {
      if (literal) throw new Stop("refused", `refused: ${why}`);
      const rest = why.startsWith(`${address} `)
        ? `, which ${why.slice(address.length + 1)}`
        : `; ${why}`;
      throw new Stop("refused", `refused: ${host} resolves to ${address}${rest}`);
    }
  }
  const target = addresses[0] as string;

  tracker.phase = "connecting";
  const options: RequestOptions & { servername?: string; rejectUnauthorized?: boolean } = {
    host: target,
    port,
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: {
      Host: url.host,
      "User-Agent": policy.userAgent,
      Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "Accept-Language": "ja,en-US;q=0.9,en;q=0.8",
      "Accept-Encoding": "gzip, deflate, br",
      Connection: "close",
    },
    agent: false,
    lookup: noLookup,
    signal,
  };
  if (tls) {
    // Evidence of a phishing site with a bad certificate is still evidence: fetch it, and
    // record on the hop that the certificate was not trusted.
    options.rejectUnauthorized = false;
    if (!literal) options.servername = host.replace(/\.$/, "");
  }

  const { req, res } = await exchange(tls, options, hop, tracker);
  try {
    hop.status = res.statusCode ?? 0;
    hop.headers = plainHeaders(res);
    const location = res.headers.location;
    if (REDIRECTS.has(hop.status) && location !== undefined) {
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new Stop("bad_url", `the redirect target “${location}” is not a URL`);
      }
      hop.location = next.href;
      return { kind: "redirect", next };
    }
    tracker.phase = "reading";
    const final = await readBody(res, url, policy, signal, tracker);
    return { kind: "final", final };
  } finally {
    res.destroy();
    req.destroy();
  }
}

/** Sends the request; resolves at the response headers, recording the peer on the way. */
function exchange(
  tls: boolean,
  options: RequestOptions,
  hop: Hop,
  tracker: Tracker,
): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(options);
    const notePeer = (s: Socket): void => {
      if (hop.remote === undefined && s.remoteAddress !== undefined) {
        hop.remote = { ip: s.remoteAddress, port: s.remotePort ?? 0 };
      }
    };
    req.on("socket", (s) => {
      s.once("connect", () => {
        notePeer(s);
        tracker.phase = tls ? "tls" : "waiting";
      });
      if (tls) {
        s.once("secureConnect", () => {
          hop.tls = tlsInfo(s as TLSSocket);
          tracker.phase = "waiting";
        });
      }
    });
    // Errors after the response belong to the body pipeline; this keeps them from going
    // unhandled.
    req.on("error", reject);
    req.once("response", (res) => {
      res.on("error", () => {});
      notePeer(res.socket);
      if (tls && hop.tls === undefined) hop.tls = tlsInfo(res.socket as TLSSocket);
      resolve({ req, res });
    });
    req.end();
  });
}

/** Reads, decodes and hashes the body, stopping as soon as it passes the cap. */
async function readBody(
  res: IncomingMessage,
  url: URL,
  policy: FetchPolicy,
  signal: AbortSignal,
  tracker: Tracker,
): Promise<FetchedBody> {
  const header = res.headers["content-encoding"];
  const codings = (header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  const known = codings.every((c) => ["gzip", "x-gzip", "deflate", "br"].includes(c));
  const declared = Number(res.headers["content-length"]);
  if (codings.length === 0 && Number.isFinite(declared) && declared > policy.maxBytes) {
    throw new TooLarge(`the body is ${declared} bytes, over the cap of ${policy.maxBytes}`);
  }

  const decoders: Transform[] = [];
  if (known) {
    // Content-Encoding lists codings in the order they were applied: undo from the end.
    for (let i = codings.length - 1; i >= 0; i--) {
      const coding = codings[i] as string;
      let rawDeflate = false;
      if (coding === "deflate" && i === codings.length - 1) {
        const head = await peek(res, signal);
        rawDeflate = head !== null && !looksLikeZlib(head);
      }
      decoders.push(decoder(coding, rawDeflate));
    }
    tracker.encoding = codings.join(", ");
  }
  const cap = policy.maxBytes;
  const sink = new Collector(cap);
  await pipeline([res, new ByteCap(cap), ...decoders, sink], { signal });
  const body = Buffer.concat(sink.chunks, sink.size);
  const contentType = res.headers["content-type"];
  return {
    url: url.href,
    status: res.statusCode ?? 0,
    ...(contentType !== undefined ? { content_type: contentType } : {}),
    ...(header !== undefined ? { content_encoding: header } : {}),
    decoded: known,
    body,
    size: body.length,
    sha256: createHash("sha256").update(body).digest("hex"),
    truncated: false,
  };
}

// Browsers accept a gzip or deflate body cut short; so does evidence capture.
const zlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 };

function decoder(coding: string, rawDeflate: boolean): Transform {
  if (coding === "br") {
    return zlib.createBrotliDecompress({
      finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      chunkSize: 64 * 1024,
    });
  }
  if (coding === "deflate") {
    return rawDeflate ? zlib.createInflateRaw(zlibOptions) : zlib.createInflate(zlibOptions);
  }
  return zlib.createGunzip(zlibOptions);
}

// "deflate" means zlib-wrapped (RFC 9110), but some servers send raw deflate; a zlib header
// is CM=8 with a window of at most 32 KiB, and a 16-bit value divisible by 31.
function looksLikeZlib(head: Buffer): boolean {
  const b0 = head[0] ?? 0;
  if ((b0 & 0x0f) !== 8 || b0 >> 4 > 7) return false;
  const b1 = head[1];
  return b1 === undefined || ((b0 << 8) | b1) % 31 === 0;
}

/** The first bytes of the body, left in the stream; null for an empty body. */
function peek(res: IncomingMessage, signal: AbortSignal): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      res.off("readable", onReadable);
      res.off("end", onEnd);
      res.off("error", onError);
      signal.removeEventListener("abort", onAbort);
    };
    const onReadable = (): void => {
      const chunk: Buffer | null = res.read();
      if (chunk === null) return;
      done();
      res.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onAbort = (): void => {
      done();
      reject(signal.reason);
    };
    res.on("readable", onReadable);
    res.once("end", onEnd);
    res.once("error", onError);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Passes bytes through until more than `limit` went by. */
class ByteCap extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) cb(new TooLarge(`the body is over the cap of ${this.limit} bytes`));
    else cb(null, chunk);
  }
}

/** Keeps the decoded bytes, refusing the first one past `limit`. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      cb(new TooLarge(`the decoded body is over the cap of ${this.limit} bytes`));
      return;
    }
    this.chunks.push(chunk);
    cb();
  }
}

/** Turns whatever ended a hop into an outcome and one sentence. */
function classify(err: unknown, signal: AbortSignal, policy: FetchPolicy, t: Tracker): Stop {
  if (err instanceof Stop) return err;
  if (err instanceof TooLarge) return new Stop("too_large", err.message);
  const during: Record<Tracker["phase"], string> = {
    starting: "before the request",
    resolving: "while resolving the host name",
    connecting: "while connecting",
    tls: "during the TLS handshake",
    waiting: "while waiting for the response",
    reading: "while reading the body",
  };
  if (signal.aborted) {
    return new Stop("timeout", `timed out after ${policy.timeoutMs} ms ${during[t.phase]}`);
  }
  const code = (err as NodeJS.ErrnoException | null)?.code ?? "";
  const text = errorText(err);
  if (code === "ECONNREFUSED")
    return new Stop("connection_refused", `connection refused (${text})`);
  if (code === "ETIMEDOUT") return new Stop("timeout", `timed out ${during[t.phase]} (${text})`);
  if (t.phase === "tls" || /^(ERR_SSL_|ERR_TLS_|EPROTO)/.test(code)) {
    return new Stop("tls_error", `the TLS handshake failed: ${text}`);
  }
  if (t.phase === "reading" && t.encoding !== undefined && /^(Z_|ERR_BROTLI|ERR_ZLIB)/.test(code)) {
    return new Stop("error", `the ${t.encoding}-encoded body could not be decoded: ${text}`);
  }
  if (code.startsWith("HPE_")) return new Stop("error", `the response is not valid HTTP: ${text}`);
  return new Stop("error", `the fetch failed ${during[t.phase]}: ${text}`);
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code)
      ? `${code}: ${err.message}`
      : err.message;
  }
  return String(err);
}

/** `p`, or a rejection with the deadline's reason when the deadline comes first. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Removes user:password from `url` in place; whether there were any. */
function stripCredentials(url: URL): boolean {
  if (url.username === "" && url.password === "") return false;
  url.username = "";
  url.password = "";
  return true;
}

function unicodeForm(url: URL): string | undefined {
  const unicode = domainToUnicode(url.hostname);
  if (unicode === "" || unicode === url.hostname) return undefined;
  const prefix = `${url.protocol}//${url.hostname}`;
  return `${url.protocol}//${unicode}${url.href.slice(prefix.length)}`;
}

function plainHeaders(res: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = v;
  return out;
}

function tlsInfo(socket: TLSSocket): TlsInfo {
  const cert = socket.getPeerX509Certificate();
  const error = socket.authorizationError as unknown;
  const protocol = socket.getProtocol();
  return {
    subject: cert ? oneLine(cert.subject) : "",
    issuer: cert ? oneLine(cert.issuer) : "",
    ...(cert?.subjectAltName ? { subject_alt_name: cert.subjectAltName } : {}),
    valid_from: cert ? isoDate(cert.validFrom) : "",
    valid_to: cert ? isoDate(cert.validTo) : "",
    fingerprint256: cert?.fingerprint256 ?? "",
    authorized: socket.authorized,
    // Node sets a code string here ("DEPTH_ZERO_SELF_SIGNED_CERT"), though typed as Error.
    ...(error
      ? { authorization_error: error instanceof Error ? error.message : String(error) }
      : {}),
    ...(protocol ? { protocol } : {}),
  };
}

function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

function isoDate(openssl: string): string {
  const d = new Date(openssl);
  return Number.isNaN(d.getTime()) ? openssl : d.toISOString();
}
