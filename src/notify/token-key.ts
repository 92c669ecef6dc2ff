import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The key reply tokens are made from. A notice's tokens are not kept anywhere in clear:
 * the database holds their SHA-256 (to find them) and the outbox holds the notice with
 * markers in their place; the token itself is made again from this key and the token's id
 * when the mail goes out. So staff who read a notice, and a copy of the database, see no
 * live token.
 */
export interface TokenKey {
  /** The token with this id: 160 bits as 32 base32 characters. */
  tokenFor(id: number): string;
}

// RFC 4648 base32 without padding, lower case: safe in a mail address's local part and a URL.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Bytes as base32 (RFC 4648, lower case, no padding). */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A key from its 32 bytes. */
export function tokenKeyOf(secret: Uint8Array): TokenKey {
  return {
    tokenFor: (id) =>
      base32(createHmac("sha256", secret).update(`reply-token:${id}`).digest().subarray(0, 20)),
  };
}

/**
 * The key in `path` (64 hex characters), made there (mode 0600) on the first start. Every
 * process that sends notices needs the same file: workers on other machines get a copy.
 */
export function loadOrCreateTokenKey(path: string): TokenKey {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
  }
  const hex = readFileSync(path, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`${path} does not hold a reply-token key (64 hexadecimal characters)`);
  return tokenKeyOf(Buffer.from(hex, "hex"));
}
