/** Headers of a mail, unfolded, with lower-case names; read without parsing the body. */
export function headerMap(raw: Uint8Array): Map<string, string[]> {
  const head = Buffer.from(raw.subarray(0, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/);
  const map = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    map.set(name, [...(map.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return map;
}

/**
 * The Message-ID of a mail, from its header block alone: the duplicate check runs before
 * anything is parsed.
 */
export function messageIdOf(raw: Uint8Array): string | null {
  const value = headerMap(raw).get("message-id")?.[0];
  return value ? (/^(<[^>\s]+>|\S+)/.exec(value)?.[1] ?? null) : null;
}
