import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTar, writeTar } from "./tar.ts";

const bytes = (n: number, seed = 7) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 3) % 256));

function fixChecksum(h: Buffer): void {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
}

/** A one-file archive with a header the writer would never make, checksum made right again. */
function withHeader(edit: (h: Buffer) => void): Buffer {
  const tar = writeTar([{ name: "a.txt", data: Buffer.from("hello") }]);
  const h = tar.subarray(0, 512);
  edit(h);
  fixChecksum(h);
  return tar;
}

/** One entry (header and data, no end blocks) of any type, as other writers make them. */
function entry(name: string, data: string | Buffer, type: string): Buffer {
  const tar = writeTar([{ name: "placeholder", data: Buffer.from(data) }]);
  const one = Buffer.from(tar.subarray(0, tar.length - 1024));
  one.fill(0, 0, 100);
  one.write(name, 0, 100, "utf8");
  one.write(type, 156, 1, "latin1");
  fixChecksum(one.subarray(0, 512));
  return one;
}
const archive = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

/** A pax record: its length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

const tarVersion = () => spawnSync("tar", ["--version"], { encoding: "utf8" });
const hasSystemTar = () => tarVersion().status === 0;
const hasGnuTar = () => tarVersion().stdout?.includes("GNU tar") === true;

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

  it.skipIf(!hasSystemTar())("is read by the system's tar, and reads what it writes", () => {
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

  it("refuses links, devices and names that climb out, even with a right checksum", () => {
    expect(() => readTar(withHeader((h) => h.write("2", 156)))).toThrow(
      /"a\.txt" at byte 0 is a symbolic link, not a regular file/,
    );
    expect(() => readTar(withHeader((h) => h.write("1", 156)))).toThrow(/a hard link/);
    expect(() => readTar(withHeader((h) => h.write("3", 156)))).toThrow(/a character device/);
    expect(() => readTar(archive(entry("../up/", "", "5")))).toThrow(
      /"\.\.\/up\/" at byte 0 is refused/,
    );
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

  it("passes over directory entries and takes a leading './' off names", () => {
    const tar = archive(
      entry("./", "", "5"),
      entry("./d/", "", "5"),
      entry("./d/a.txt", "hi", "0"),
      entry("top", "", "5"),
      entry("top/b", "b", "\0"),
    );
    expect(readTar(tar)).toEqual([
      { name: "d/a.txt", data: Buffer.from("hi") },
      { name: "top/b", data: Buffer.from("b") },
    ]);
    expect(() => readTar(archive(entry("a", "1", "0"), entry("./a", "2", "0")))).toThrow(
      /"a" appears twice/,
    );
  });

  it("takes names and sizes from pax extended headers, and ignores the other records", () => {
    const long = `d/${"n".repeat(150)}.bin`;
    const pax = paxRecord("path", long) + paxRecord("mtime", "1700000000.123456789");
    const tar = archive(
      entry("g", paxRecord("comment", "made elsewhere"), "g"),
      entry("PaxHeaders/x", pax, "x"),
      entry("short-name", bytes(600), "0"),
      entry("after", "x", "0"),
    );
    expect(readTar(tar)).toEqual([
      { name: long, data: bytes(600) },
      { name: "after", data: Buffer.from("x") },
    ]);
    // The size record wins over the header's size field.
    const sized = archive(
      entry("PaxHeaders/x", paxRecord("size", "3"), "x"),
      entry("abc", "abc", "0"),
    );
    sized.write("00000000077\0", 512 * 2 + 124, "ascii");
    fixChecksum(sized.subarray(512 * 2, 512 * 3));
    expect(readTar(sized)).toEqual([{ name: "abc", data: Buffer.from("abc") }]);
  });

  it("takes GNU long names", () => {
    const long = `blobs/${"a".repeat(64)}/${"b".repeat(64)}`;
    const tar = archive(
      entry("././@LongLink", `${long}\0`, "L"),
      entry(long.slice(0, 100), "data", "0"),
    );
    expect(readTar(tar)).toEqual([{ name: long, data: Buffer.from("data") }]);
  });

  it("refuses malformed pax headers and an extended header with nothing after it", () => {
    expect(() => readTar(archive(entry("x", "12 path=a\n", "x"), entry("b", "", "0")))).toThrow(
      /pax header at byte 0: a malformed record/,
    );
    expect(() => readTar(archive(entry("x", "9 path=a", "x"), entry("b", "", "0")))).toThrow(
      /malformed record/,
    );
    expect(() => readTar(archive(entry("x", paxRecord("size", "-1"), "x")))).toThrow(
      /size "-1" is not a number/,
    );
    expect(() => readTar(archive(entry("x", paxRecord("path", "a"), "x")))).toThrow(
      /an extended header with no entry after it/,
    );
    expect(() => readTar(archive(entry("g", paxRecord("path", "a"), "g")))).toThrow(
      /global header at byte 0 sets a path/,
    );
    expect(() =>
      readTar(archive(entry("x", paxRecord("path", "../../etc/x"), "x"), entry("b", "", "0"))),
    ).toThrow(/"\.\.\/\.\.\/etc\/x" at byte 1024 is refused/);
  });

  it.skipIf(!hasGnuTar())(
    "reads what GNU tar writes in its own and the pax format, long names included",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mogura-tar-"));
      try {
        const top = `mogura-case-1-internal-${"x".repeat(40)}`;
        const name = `blobs/${"c".repeat(64)}`;
        mkdirSync(join(dir, top, "blobs"), { recursive: true });
        writeFileSync(join(dir, top, name), bytes(3000));
        writeFileSync(join(dir, top, "manifest.json"), "{}");
        for (const format of ["gnu", "pax", "ustar"]) {
          const out = join(dir, `${format}.tar`);
          execFileSync("tar", [`--format=${format}`, "-cf", out, "-C", dir, top]);
          const files = readTar(readFileSync(out));
          expect(files.map((f) => f.name).sort(), format).toEqual(
            [`${top}/${name}`, `${top}/manifest.json`].sort(),
          );
          expect(files.find((f) => f.name === `${top}/${name}`)?.data).toEqual(bytes(3000));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
