import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTar, writeTar } from "./tar.ts";

const bytes = (n: number, seed = 7) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 3) % 256));

/** A one-file archive with a header the writer would never make, checksum made right again. */
function withHeader(edit: (h: Buffer) => void): Buffer {
  const tar = writeTar([{ name: "a.txt", data: Buffer.from("hello") }]);
  const h = tar.subarray(0, 512);
  edit(h);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return tar;
}

describe("ustar", () => {
  it("round-trips names, text, binary data and times", () => {
    const files = [
      { name: "manifest.json", data: Buffer.from('{"a":1}') },
      { name: "blobs/00ff", data: bytes(70_000) },
      { name: "dir/日本語.txt", data: Buffer.from("証拠") },
    ];
    const tar = writeTar(files.map((f) => ({ ...f, mtime: new Date("2025-01-02T03:04:05Z") })));
    expect(tar.length % 512).toBe(0);
    expect(readTar(tar)).toEqual(files);
    // The mtime is the header's octal seconds.
    expect(tar.subarray(136, 147).toString("ascii")).toBe(
      (Date.parse("2025-01-02T03:04:05Z") / 1000).toString(8).padStart(11, "0"),
    );
  });

  it("writes an empty archive as two zero blocks and reads it back", () => {
    const tar = writeTar([]);
    expect(tar).toEqual(Buffer.alloc(1024));
    expect(readTar(tar)).toEqual([]);
  });

  it("keeps an empty file and a file of exactly 512 and 1024 bytes", () => {
    const files = [
      { name: "empty", data: Buffer.alloc(0) },
      { name: "one-block", data: bytes(512) },
      { name: "two-blocks", data: bytes(1024, 13) },
      { name: "after", data: Buffer.from("x") },
    ];
    const tar = writeTar(files);
    // headers: 4 × 512, data: 0 + 512 + 1024 + 512, end: 1024
    expect(tar.length).toBe(4 * 512 + 2048 + 1024);
    expect(readTar(tar)).toEqual(files);
  });

  it("accepts a 100-byte name and refuses longer ones, absolute paths and '..'", () => {
    const long = `${"n".repeat(99)}x`;
    expect(readTar(writeTar([{ name: long, data: Buffer.from("1") }]))[0]?.name).toBe(long);
    expect(() => writeTar([{ name: `${long}y`, data: Buffer.alloc(0) }])).toThrow(/100 bytes/);
    expect(() => writeTar([{ name: "/etc/passwd", data: Buffer.alloc(0) }])).toThrow(/absolute/);
    expect(() => writeTar([{ name: "a/../b", data: Buffer.alloc(0) }])).toThrow(/'\.\.'/);
    expect(() =>
      writeTar([
        { name: "a", data: Buffer.alloc(0) },
        { name: "a", data: Buffer.alloc(0) },
      ]),
    ).toThrow(/twice/);
  });

  it("is read by the system's tar, and reads what it writes", () => {
    let hasTar = true;
    try {
      execFileSync("tar", ["--version"], { stdio: "ignore" });
    } catch {
      hasTar = false;
    }
    if (!hasTar) return;
    const dir = mkdtempSync(join(tmpdir(), "mogura-tar-"));
    try {
      const tarPath = join(dir, "ours.tar");
      writeFileSync(tarPath, writeTar([{ name: "d/x.bin", data: bytes(1000) }]));
      execFileSync("tar", ["-xf", tarPath, "-C", dir]);
      expect(readFileSync(join(dir, "d/x.bin"))).toEqual(bytes(1000));
      writeFileSync(join(dir, "y.txt"), "from tar");
      execFileSync("tar", ["--format=ustar", "-cf", join(dir, "theirs.tar"), "-C", dir, "y.txt"]);
      expect(readTar(readFileSync(join(dir, "theirs.tar")))).toEqual([
        { name: "y.txt", data: Buffer.from("from tar") },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a header with a bad checksum", () => {
    const tar = writeTar([{ name: "a.txt", data: Buffer.from("hello") }]);
    tar[0] = "b".charCodeAt(0);
    expect(() => readTar(tar)).toThrow(/byte 0: bad checksum/);
    const garbage = Buffer.alloc(1536, 0x41);
    expect(() => readTar(garbage)).toThrow(/checksum/);
  });

  it("refuses truncated archives", () => {
    const tar = writeTar([{ name: "a.bin", data: bytes(2000) }]);
    expect(() => readTar(tar.subarray(0, 512 + 1000))).toThrow(/"a\.bin" is truncated/);
    expect(() => readTar(tar.subarray(0, tar.length - 1024))).toThrow(/truncated/);
    expect(() => readTar(tar.subarray(0, tar.length - 512))).toThrow(/one end block of two/);
    expect(() => readTar(tar.subarray(0, 300))).toThrow(/truncated/);
    expect(() => readTar(Buffer.alloc(0))).toThrow(/empty/);
  });

  it("refuses links, directories and names that climb out, even with a right checksum", () => {
    expect(() => readTar(withHeader((h) => h.write("2", 156)))).toThrow(
      /"a\.txt" at byte 0 is a symbolic link, not a regular file/,
    );
    expect(() => readTar(withHeader((h) => h.write("5", 156)))).toThrow(/a directory/);
    expect(() =>
      readTar(
        withHeader((h) => {
          h.fill(0, 0, 100);
          h.write("../../x", 0);
        }),
      ),
    ).toThrow(/"\.\.\/\.\.\/x" at byte 0 is refused/);
    expect(() =>
      readTar(
        withHeader((h) => {
          h.fill(0, 0, 100);
          h.write("/etc/cron.d/x", 0);
        }),
      ),
    ).toThrow(/absolute path/);
    expect(() => readTar(withHeader((h) => h.write("7777777777x", 124)))).toThrow(
      /size is not an octal number/,
    );
  });

  it("refuses data after the end and a second copy of a name", () => {
    const tar = Buffer.concat([writeTar([]), Buffer.from("junk")]);
    expect(() => readTar(tar)).toThrow(/after its end-of-archive/);
    const one = writeTar([{ name: "a", data: Buffer.from("1") }]);
    const twice = Buffer.concat([one.subarray(0, 1024), one]);
    expect(() => readTar(twice)).toThrow(/appears twice/);
  });
});
