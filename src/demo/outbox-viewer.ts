import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Links in a mail's text made clickable; everything else stays escaped text. */
function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"'）」]+)/)
    .map((part, i) => (i % 2 === 1 ? `<a href="${esc(part)}">${esc(part)}</a>` : esc(part)))
    .join("");
}

const PAGE_HEAD = `<!doctype html><html><head><meta charset="utf-8"><title>Outbox · Mogura demo</title>
<style>body{font-family:sans-serif;margin:24px;max-width:980px}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd;vertical-align:top;font-size:14px}
pre{white-space:pre-wrap;background:#f6f6f6;padding:12px;border:1px solid #ddd}
.kind{font-size:12px;color:#555}</style></head><body>`;

/**
 * The demo's outbox as web pages: the mail Mogura "sent" (written as .eml files because the
 * demo has no relay), newest first, each readable with its links, so the tour can follow
 * a notice's portal link without a mail program.
 */
export async function renderOutbox(outboxDir: string, file?: string): Promise<string | null> {
  let files: string[];
  try {
    files = readdirSync(outboxDir)
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .reverse();
  } catch {
    files = [];
  }
  if (file !== undefined) {
    if (!files.includes(file)) return null;
    const mail = await simpleParser(readFileSync(join(outboxDir, file)));
    const header = (name: string) => {
      const v = mail.headers.get(name);
      return typeof v === "string" ? v : v && "text" in v ? String(v.text) : "";
    };
    return `${PAGE_HEAD}<p><a href="/outbox">← Outbox</a></p>
<h1>${esc(mail.subject ?? "(no subject)")}</h1>
<table><tr><th>From</th><td>${esc(mail.from?.text ?? "")}</td></tr>
<tr><th>To</th><td>${esc(header("to"))}</td></tr>
${header("cc") ? `<tr><th>Cc</th><td>${esc(header("cc"))}</td></tr>` : ""}
<tr><th>Date</th><td>${esc(mail.date?.toISOString() ?? "")}</td></tr>
<tr><th>File</th><td><a href="/outbox/raw/${encodeURIComponent(file)}">${esc(file)}</a></td></tr></table>
<pre>${linkify(mail.text ?? "")}</pre></body></html>`;
  }
  const rows = await Promise.all(
    files.map(async (f) => {
      const mail = await simpleParser(readFileSync(join(outboxDir, f)), {
        skipHtmlToText: true,
        skipTextToHtml: true,
      });
      const to = mail.to
        ? (Array.isArray(mail.to) ? mail.to : [mail.to]).map((a) => a.text).join(", ")
        : "";
      const cases = mail.headers.get("x-mogura-cases");
      return `<tr><td>${esc(mail.date?.toISOString().replace("T", " ").slice(0, 19) ?? "")}</td>
<td>${esc(to)}</td><td><a href="/outbox/${encodeURIComponent(f)}">${esc(mail.subject ?? "(no subject)")}</a>
${cases ? `<div class="kind">case ${esc(String(cases))}</div>` : ""}</td></tr>`;
    }),
  );
  return `${PAGE_HEAD}<h1>Outbox</h1>
<p>Mail Mogura sent during the demo (${files.length}), newest first. The demo has no mail relay:
each one is also an .eml file in <code>${esc(outboxDir)}</code>.</p>
<table><thead><tr><th>Sent (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>
${rows.join("\n")}</tbody></table></body></html>`;
}
