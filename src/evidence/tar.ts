// POSIX ustar (IEEE Std 1003.1) in 512-byte blocks. The writer makes the plainest form (regular
// files, names of at most 100 bytes) so a package opens with any `tar` on a court's or
// registrar's machine. The reader also takes what GNU tar and bsdtar write when someone unpacks
// a package and packs it again: pax extended headers, GNU long names, directory entries and
// names starting with "./". It reads untrusted bytes, so it refuses anything it would have to
// guess about, and stays small enough to review line by line.

const BLOCK = 512;
const NAME_MAX = 100;
// 11 octal digits: the largest size a plain ustar header can carry (8 GiB - 1).
const SIZE_MAX = 0o77777777777;

/** One file to put into an archive. */
export interface TarInput {
  name: string;
  data: Buffer;
  /** Modification time written into the header; the Unix epoch when absent. */
  mtime?: Date;
}

/** One file read back from an archive. */
export interface TarEntry {
  name: string;
  data: Buffer;
}

/** Why a name cannot go into (or come out of) an archive, or null when it is fine. */
function nameProblem(name: string): string | null {
  if (name.length === 0) return "the name is empty";
  if (name.includes("\0")) return "the name contains a NUL byte";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "the name is an absolute path";
  if (name.includes("\\")) return "the name contains a backslash";
  if (name.split("/").some((part) => part === ".." || part === "."))
    return "the name contains a '.' or '..' segment";
  if (name.endsWith("/")) return "the name ends with '/' (a directory)";
  return null;
}

function writeOctal(header: Buffer, offset: number, width: number, value: number): void {
  // width - 1 digits, then NUL: what every tar since V7 accepts.
  header.write(value.toString(8).padStart(width - 1, "0"), offset, width - 1, "ascii");
  header[offset + width - 1] = 0;
}

function checksumOf(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum;
}

function headerFor(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, NAME_MAX, "utf8");
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, Math.max(0, Math.floor(mtime.getTime() / 1000)));
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  // The checksum field: six octal digits, NUL, space (POSIX and GNU tar agree on this form).
  const sum = checksumOf(h);
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

/** A ustar archive of regular files, ending with two zero blocks. Throws on a name it cannot store. */
export function writeTar(files: TarInput[]): Buffer {
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const problem = nameProblem(f.name);
    if (problem) throw new Error(`cannot archive "${f.name}": ${problem}`);
    if (Buffer.byteLength(f.name, "utf8") > NAME_MAX)
      throw new Error(`cannot archive "${f.name}": the name is longer than ${NAME_MAX} bytes`);
    if (seen.has(f.name)) throw new Error(`cannot archive "${f.name}" twice`);
    seen.add(f.name);
    if (f.data.length > SIZE_MAX)
      throw new Error(`cannot archive "${f.name}": larger than a ustar header can describe`);
    parts.push(headerFor(f.name, f.data.length, f.mtime ?? new Date(0)), f.data);
    const pad = (BLOCK - (f.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function readOctal(header: Buffer, offset: number, width: number, what: string, at: number) {
  const field = header.subarray(offset, offset + width);
  // GNU's base-256 form (high bit set) is for sizes ustar cannot hold; we never write it.
  if ((field[0] as number) & 0x80) throw new Error(`tar header at byte ${at}: ${what} is base-256`);
  const text = field
    .toString("ascii")
    .replace(/[\0 ]+$/, "")
    .replace(/^ +/, "");
  if (!/^[0-7]+$/.test(text))
    throw new Error(`tar header at byte ${at}: ${what} is not an octal number`);
  return Number.parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
}

const isZero = (b: Buffer) => b.every((x) => x === 0);

/** The name a header carries. Old GNU headers use the ustar prefix field for other things. */
function headerName(header: Buffer): string {
  const base = cString(header.subarray(0, NAME_MAX));
  const posix = header.subarray(257, 263).toString("latin1") === "ustar\0";
  const prefix = posix ? cString(header.subarray(345, 500)) : "";
  return prefix ? `${prefix}/${base}` : base;
}

/** The records of a pax extended header ("<length> <key>=<value>\n", length counting itself). */
function paxRecords(data: Buffer, at: number): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const malformed = () =>
      new Error(`pax header at byte ${at}: a malformed record at offset ${i}`);
    const space = data.indexOf(0x20, i);
    const digits = space === -1 ? "" : data.subarray(i, space).toString("ascii");
    if (!/^[0-9]{1,9}$/.test(digits)) throw malformed();
    const end = i + Number(digits);
    if (end <= space + 1 || end > data.length || data[end - 1] !== 0x0a) throw malformed();
    const record = data.subarray(space + 1, end - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq < 1) throw new Error(`pax header at byte ${at}: a record without "key=" at offset ${i}`);
    records.set(record.slice(0, eq), record.slice(eq + 1));
    i = end;
  }
  return records;
}

/** What extended headers say about the entry that follows them. */
interface Extension {
  path?: string;
  size?: number;
}

function paxExtension(records: Map<string, string>, at: number): Extension {
  const out: Extension = {};
  const path = records.get("path");
  if (path) out.path = path;
  const size = records.get("size");
  if (size !== undefined && size !== "") {
    if (!/^[0-9]{1,15}$/.test(size))
      throw new Error(`pax header at byte ${at}: size "${size}" is not a number`);
    out.size = Number(size);
  }
  return out;
}

const NOT_A_FILE: Record<string, string> = {
  "1": "a hard link",
  "2": "a symbolic link",
  "3": "a character device",
  "4": "a block device",
  "6": "a FIFO",
  "7": "a contiguous file",
  D: "a GNU directory dump",
  K: "a GNU long link name",
  M: "a GNU multi-volume continuation",
  S: "a GNU sparse file",
  V: "a GNU volume label",
};

/**
 * The regular files of an archive, in order, with a leading "./" taken off their names.
 * Directory entries are passed over (a directory carries no content); pax extended headers
 * and GNU long names give the next entry its name and size. Refuses, with an Error naming the
 * byte offset, anything it would have to guess about: a bad checksum, a truncated archive, a
 * link, device or other entry that is not a regular file, a name with `..` or an absolute
 * path, a name given twice.
 */
export function readTar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  const seen = new Set<string>();
  let pending: Extension | null = null;
  let at = 0;
  for (;;) {
    if (at + BLOCK > buf.length) {
      throw new Error(
        at === 0 && buf.length === 0
          ? "the archive is empty (not even its end-of-archive blocks)"
          : `the archive is truncated at byte ${buf.length}: a header or the end-of-archive blocks are missing`,
      );
    }
    const header = buf.subarray(at, at + BLOCK);
    if (isZero(header)) {
      if (pending)
        throw new Error(`tar header at byte ${at}: an extended header with no entry after it`);
      if (at + 2 * BLOCK > buf.length)
        throw new Error(`the archive is truncated at byte ${buf.length}: one end block of two`);
      if (!isZero(buf.subarray(at + BLOCK, at + 2 * BLOCK)))
        throw new Error(`tar header at byte ${at}: a zero block in the middle of the archive`);
      // Writers may pad to a record size (10240 bytes by default): only zeros may follow.
      if (!isZero(buf.subarray(at + 2 * BLOCK)))
        throw new Error(`the archive has data after its end-of-archive blocks (byte ${at})`);
      return out;
    }
    const stored = readOctal(header, 148, 8, "the checksum", at);
    if (stored !== checksumOf(header))
      throw new Error(`tar header at byte ${at}: bad checksum (the header is corrupt)`);
    if (header.subarray(257, 262).toString("ascii") !== "ustar")
      throw new Error(`tar header at byte ${at}: not a ustar header`);
    const type = String.fromCharCode(header[156] as number);
    // An extended header is sized by its own header; what it says applies to the entry after it.
    const applies = type === "x" || type === "g" || type === "L" ? undefined : pending;
    const raw = applies?.path ?? headerName(header);
    const size = applies?.size ?? readOctal(header, 124, 12, "the size", at);
    const start = at + BLOCK;
    if (start + size > buf.length)
      throw new Error(
        `tar entry "${raw}" is truncated: ${size} bytes announced, ${buf.length - start} present`,
      );
    const data = buf.subarray(start, start + size);
    const headerAt = at;
    at = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "x") {
      pending = { ...(pending ?? {}), ...paxExtension(paxRecords(data, headerAt), headerAt) };
      continue;
    }
    if (type === "g") {
      // Global records (times, charsets) say nothing about names or sizes; one that did would
      // rename every entry after it.
      const global = paxExtension(paxRecords(data, headerAt), headerAt);
      if (global.path !== undefined || global.size !== undefined)
        throw new Error(
          `pax global header at byte ${headerAt} sets a path or size for every entry`,
        );
      continue;
    }
    if (type === "L") {
      pending = { ...(pending ?? {}), path: cString(data) };
      continue;
    }
    pending = null;
    const isDirectory = type === "5";
    let name = raw.replace(/^(\.\/)+/, "");
    if (isDirectory) name = name.replace(/\/+$/, "");
    if (isDirectory && (name === "" || name === ".")) continue;
    const problem = nameProblem(name);
    if (problem) throw new Error(`tar entry "${raw}" at byte ${headerAt} is refused: ${problem}`);
    if (isDirectory) continue;
    if (type !== "0" && type !== "\0")
      throw new Error(
        `tar entry "${raw}" at byte ${headerAt} is ${NOT_A_FILE[type] ?? `of type '${type}'`}, not a regular file`,
      );
    if (seen.has(name)) throw new Error(`tar entry "${name}" appears twice (byte ${headerAt})`);
    seen.add(name);
    out.push({ name, data: Buffer.from(data) });
  }
}
