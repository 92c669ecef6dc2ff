/**
 * The Message-ID of a mail, read from its header block without parsing the rest: the
 * duplicate check runs before anything is parsed.
 */
export function messageIdOf(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ");
  const m = /^message-id:\s*(<[^>\s]+>|\S+)/im.exec(headers);
  return m?.[1] ?? null;
}
