// The files of an evidence package as the verifier reads them: the archive Mogura wrote, or the
// same files packed again by someone who unpacked it, with GNU tar or bsdtar, gzipped or not.
import { gunzipSync } from "node:zlib";
import { readTar, type TarEntry } from "./tar.ts";

const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;
const isTar = (b: Buffer) => b.subarray(257, 262).toString("latin1") === "ustar";

// Packing the unpacked folder (`tar -cf case.tar case-3`) puts every file under that folder.
function withoutTopFolder(files: TarEntry[]): TarEntry[] {
  if (files.some((f) => f.name === "manifest.json")) return files;
  const top = files[0]?.name.split("/")[0] ?? "";
  const under = `${top}/`;
  if (!files.some((f) => f.name === `${under}manifest.json`)) return files;
  if (!files.every((f) => f.name.startsWith(under))) return files;
  return files.map((f) => ({ name: f.name.slice(under.length), data: f.data }));
}

/**
 * The package's files, named as the format names them (`manifest.json`, `blobs/<sha256>`…),
 * or why the bytes cannot be read as a package archive.
 */
export function readPackageFiles(bytes: Buffer): { files: TarEntry[] } | { problem: string } {
  let tar = bytes;
  let what = "the tar archive";
  if (isGzip(bytes)) {
    try {
      tar = gunzipSync(bytes);
    } catch (e) {
      return { problem: `not a gzip file, or a damaged one: ${(e as Error).message}` };
    }
    what = "the tar archive inside";
  } else if (!isTar(bytes)) {
    return {
      problem: "not a gzip file nor a tar archive (a package is a .tar.gz, or the .tar inside it)",
    };
  }
  try {
    return { files: withoutTopFolder(readTar(tar)) };
  } catch (e) {
    return { problem: `${what} is damaged: ${(e as Error).message}` };
  }
}
