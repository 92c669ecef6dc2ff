import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { base32, loadOrCreateTokenKey, tokenKeyOf } from "./token-key.ts";

describe("reply-token key", () => {
  it("makes 32 base32 characters per id, the same each time, different per id and key", () => {
    const k = tokenKeyOf(Buffer.alloc(32, 1));
    expect(k.tokenFor(7)).toMatch(/^[a-z2-7]{32}$/);
    expect(k.tokenFor(7)).toBe(k.tokenFor(7));
    expect(k.tokenFor(8)).not.toBe(k.tokenFor(7));
    expect(tokenKeyOf(Buffer.alloc(32, 2)).tokenFor(7)).not.toBe(k.tokenFor(7));
  });

  it("writes base32 as RFC 4648 does", () => {
    expect(base32(Buffer.from("foobar"))).toBe("mzxw6ytboi");
    expect(base32(Buffer.from("f"))).toBe("my");
  });

  it("creates its file once, readable by its owner only, and refuses a file that is not a key", () => {
    const dir = mkdtempSync(join(tmpdir(), "mogura-token-key-"));
    const path = join(dir, "keys", "reply-token.key");
    const a = loadOrCreateTokenKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const first = readFileSync(path, "utf8");
    expect(loadOrCreateTokenKey(path).tokenFor(1)).toBe(a.tokenFor(1));
    expect(readFileSync(path, "utf8")).toBe(first);
    writeFileSync(path, "not a key\n");
    expect(() => loadOrCreateTokenKey(path)).toThrow(/does not hold a reply-token key/);
  });
});
