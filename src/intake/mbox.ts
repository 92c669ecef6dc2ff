/**
 * Splits an mbox file (mboxrd or mboxo) into messages: each starts at a line "From " after
 * an empty line or at the start; quoted ">From " lines are unquoted.
 */
export function splitMbox(bytes: Uint8Array): Buffer[] {
  const text = Buffer.from(bytes).toString("latin1"); // byte-preserving
  const starts: number[] = [];
  const re = /(^|\n)From [^\n]*\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + (m[1] ?? "").length);
  return starts.map((start, i) => {
    const bodyStart = text.indexOf("\n", start) + 1;
    const end = i + 1 < starts.length ? (starts[i + 1] as number) : text.length;
    const message = text
      .slice(bodyStart, end)
      .replace(/\n$/, "")
      .replace(/^>(>*From )/gm, "$1");
    return Buffer.from(message, "latin1");
  });
}
