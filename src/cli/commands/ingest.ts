import { createReadStream, readFileSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import type { Command } from "commander";
import type { ApiClient } from "../../client/api-client.ts";
import { ClientError } from "../../client/client-error.ts";
import { splitMbox } from "../../intake/mbox.ts";
import { clientOf } from "../context.ts";
import { CliError } from "../output.ts";
import { ProgressBar } from "../progress.ts";

interface Submitted {
  id: string;
  tracking_number: string;
  status: string;
  duplicate: boolean;
}

const TYPES: Record<string, string> = {
  ".eml": "message/rfc822",
  ".msg": "message/rfc822",
  ".csv": "text/csv",
  ".json": "application/json",
};

/** Streams a file to the server, drawing progress for large ones. */
function streamed(path: string, size: number): ReadableStream<Uint8Array> {
  const bar = size > 1024 ** 2 ? new ProgressBar(basename(path), size) : null;
  let sent = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      sent += chunk.length;
      bar?.update(sent);
      ctl.enqueue(chunk);
    },
    flush() {
      bar?.done();
    },
  });
  return (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>).pipeThrough(
    counter,
  );
}

async function ingestFile(client: ApiClient, path: string, format?: string): Promise<Submitted[]> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new CliError(
      `${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
  const ext = extname(path).toLowerCase();
  const query = new URLSearchParams({ filename: basename(path), ...(format ? { format } : {}) });
  if (ext === ".mbox" || ext === ".mbx") {
    const messages = splitMbox(readFileSync(path));
    if (messages.length === 0)
      throw new CliError(`${path}: no message found (an mbox starts with a "From " line)`);
    const bar = new ProgressBar(basename(path), messages.length, "items");
    const out: Submitted[] = [];
    for (const [i, m] of messages.entries()) {
      const q = new URLSearchParams({ filename: `${basename(path)}#${i + 1}` });
      out.push(
        await client.upload<Submitted>(`/api/v1/reports?${q}`, "message/rfc822", new Uint8Array(m)),
      );
      bar.update(i + 1);
    }
    bar.done();
    return out;
  }
  const type = TYPES[ext] ?? "text/plain";
  return [await client.upload<Submitted>(`/api/v1/reports?${query}`, type, streamed(path, size))];
}

/** `mogura ingest FILE…`: submits files (.eml, .mbox, .csv, .json, text) as reports. */
export function ingestCommand(program: Command) {
  program
    .command("ingest")
    .description(
      "submit abuse reports from files: .eml, .mbox, .csv (Shadowserver-style), .json, or plain text",
    )
    .argument("<files...>")
    .option(
      "--format <type>",
      "the report type of CSV files, e.g. scan_rdp or event4_sinkhole_http",
    )
    .action(async (files: string[], opts: { format?: string }, cmd: Command) => {
      const client = clientOf(cmd);
      let failed = 0;
      for (const file of files) {
        try {
          for (const r of await ingestFile(client, file, opts.format)) {
            console.log(
              `${file}\t${r.tracking_number}\t${r.id}\t${r.duplicate ? "already received" : r.status}`,
            );
          }
        } catch (e) {
          if (!(e instanceof ClientError)) throw e;
          failed++;
          process.stderr.write(`mogura: ${file}: ${e.message}\n`);
        }
      }
      if (failed > 0) throw new CliError(`${failed} of ${files.length} file(s) not submitted`);
    });
}
