import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { resolveType, TAXONOMY_OF_TYPE } from "../domain/taxonomy.ts";
import {
  CONTEXT_SCHEMAS,
  type NoticeCase,
  type NoticeLang,
  type SampleContexts,
  sampleContexts,
  TEMPLATE_NAMES,
  type TemplateName,
} from "./notice-context.ts";

/** Where the templates shipped with Mogura live; an operator directory overrides them by name. */
export const BUNDLED_TEMPLATE_DIR = fileURLToPath(new URL("./templates/", import.meta.url));

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A template file that cannot be used; the message names the file and the problem. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

const TypeTexts = z.strictObject({
  label: z.string().min(1),
  what: z.string().min(1),
  required_action: z.string().min(1),
});
export type TypeTexts = z.infer<typeof TypeTexts>;

const Texts = z.strictObject({
  types: z
    .record(z.string(), TypeTexts)
    .default({})
    .superRefine((types, ctx) => {
      for (const t of Object.keys(types)) {
        if (t in TAXONOMY_OF_TYPE) continue;
        const canonical = resolveType(t);
        ctx.addIssue({
          code: "custom",
          path: [t],
          message: canonical
            ? `"${t}" is an alias: write "${canonical}"`
            : `"${t}" is not a classification type`,
        });
      }
    }),
  default: TypeTexts,
  outcomes: z.strictObject({ resolved: z.string().min(1), rejected: z.string().min(1) }),
});
/** The per-language texts of a template set: what each classification type is called, etc. */
export type Texts = z.infer<typeof Texts>;

/** The texts for one classification type (aliases accepted), or the default ones. */
export function typeText(texts: Texts, type: string | null): TypeTexts {
  if (!type) return texts.default;
  return texts.types[resolveType(type) ?? type] ?? texts.default;
}

export interface TemplateSet {
  /** Renders `<name>.<type>.<lang>`, else `<name>.<lang>`, else `<name>.ja`. */
  render(name: TemplateName, type: string | null, lang: NoticeLang, ctx: unknown): RenderedMail;
  /** The texts of a language (the Japanese ones when that language has none). */
  texts(lang: NoticeLang): Texts;
  /** The file names in effect, bundled and overridden alike, sorted. */
  files(): string[];
}

const PARTS = ["subject", "text", "html"] as const;
type Part = (typeof PARTS)[number];
type Renderer = (ctx: object) => string;

interface TemplateFile {
  kind: "template";
  file: string;
  name: TemplateName;
  type: string | null;
  lang: NoticeLang;
  parts: Record<Part, Renderer>;
}

interface TextsFile {
  kind: "texts";
  file: string;
  lang: NoticeLang;
  texts: Texts;
}

const TEMPLATE_FILE_NAME = /^([a-z-]+?)(?:\.([a-z0-9-]+))?\.([a-z]{2})\.yaml$/;
const TEXTS_FILE_NAME = /^texts\.([a-z]{2})\.yaml$/;
const FILE_NAME_HELP =
  "expected <name>[.<type>].<lang>.yaml (name: customer-notice, customer-batch or " +
  "reporter-update; lang: ja or en) or texts.<lang>.yaml";

function isLang(v: string | undefined): v is NoticeLang {
  return v === "ja" || v === "en";
}

function isTemplateName(v: string | undefined): v is TemplateName {
  return (TEMPLATE_NAMES as readonly (string | undefined)[]).includes(v);
}

// --- helpers -----------------------------------------------------------------------------

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

function toDate(v: unknown, helper: string): Date {
  const d = typeof v === "string" || v instanceof Date ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new Error(
      `${helper}: expects an ISO time, got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
    );
  }
  return d;
}

/** `2026年11月29日 16:00 (JST)` or `29 Nov 2026 16:00 JST`. */
export function formatJst(iso: string | Date, lang: NoticeLang): string {
  // JST has no daylight saving time, so a fixed offset is exact.
  const d = new Date(toDate(iso, "jst").getTime() + 9 * 3600_000);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (lang === "en") {
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hm} JST`;
  }
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm} (JST)`;
}

/** `2026-11-29 07:00 UTC`. */
export function formatUtc(iso: string | Date): string {
  const d = toDate(iso, "utc");
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function rootLang(options: unknown): NoticeLang {
  const lang = (options as { data?: { root?: { lang?: unknown } } } | undefined)?.data?.root?.lang;
  return lang === "en" ? "en" : "ja";
}

function makeInstance(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("jst", (value: unknown, options: unknown) =>
    formatJst(value as string, rootLang(options)),
  );
  hb.registerHelper("utc", (value: unknown) => formatUtc(value as string));
  // Handlebars passes its options object last, so `{{join xs}}` arrives as (xs, options).
  hb.registerHelper("join", (...args: unknown[]) => {
    const list = args[0];
    const sep = args.length > 2 && typeof args[1] === "string" ? args[1] : ", ";
    if (!Array.isArray(list)) throw new Error(`join: expects a list, got ${JSON.stringify(list)}`);
    return list.map(String).join(sep);
  });
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  return hb;
}

// Separate instances so the text parts never pick up an HTML-only helper or setting.
const htmlHandlebars = makeInstance();
const textHandlebars = makeInstance();

// --- compiling ---------------------------------------------------------------------------

/**
 * Handlebars' strict mode checks the paths it prints but not the arguments of helpers, so a
 * misspelt `{{#if case.nope}}` or `{{#each case.nope}}` would silently be false or empty. The
 * compiler reads a `strict` flag on each path node; setting it on every argument makes those
 * fail like a printed path does.
 */
function requireArgumentsDefined(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) requireArgumentsDefined(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const n = node as { params?: unknown[]; hash?: { pairs?: { value: unknown }[] } };
  for (const arg of [...(n.params ?? []), ...(n.hash?.pairs ?? []).map((p) => p.value)]) {
    const path = arg as { type?: string; strict?: boolean };
    if (path.type === "PathExpression") path.strict = true;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== "loc") requireArgumentsDefined(value);
  }
}

interface PartSource {
  part: Part;
  source: string;
  // Where the template's first character stands in the file (line 1-based, column 0-based).
  firstLine: number;
  indent: number;
}

function handlebarsProblem(e: unknown, src: PartSource): string {
  const err = e as {
    message?: unknown;
    lineNumber?: unknown;
    column?: unknown;
    endColumn?: unknown;
  };
  const message = String(err.message ?? e);
  const at = (line: number, column?: number) =>
    `line ${src.firstLine + line - 1}` +
    (column === undefined ? "" : `, column ${src.indent + column + 1}`) +
    ` (${src.part} line ${line})`;
  const parse = /^Parse error on line (\d+):\n([^\n]*)\n[^\n]*\n(.*)$/s.exec(message);
  if (parse) {
    const [, line, near, expecting] = parse;
    const got = /got '([^']+)'/.exec(expecting ?? "")?.[1];
    const what =
      got === "EOF"
        ? "the template ends inside a block: a {{#...}} is not closed by its {{/...}}"
        : `unexpected ${got ?? "token"}`;
    return `${at(Number(line))}: Handlebars syntax error near "${near?.trim()}": ${what}`;
  }
  const line = typeof err.lineNumber === "number" ? err.lineNumber : null;
  const column = typeof err.column === "number" ? err.column : undefined;
  const bare = message.replace(/ - \d+:\d+$/, "");
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(bare);
  if (mismatch && line !== null) {
    return `${at(line, column)}: {{#${mismatch[1]}}} is not closed before {{/${mismatch[2]}}}`;
  }
  const missing = /^"([^"]*)" not defined in /.exec(bare);
  if (missing && line !== null) {
    // The location covers the whole path, so the message can show `case.nope`, not `nope`.
    const text = src.source.split("\n")[line - 1] ?? "";
    const endColumn = typeof err.endColumn === "number" ? err.endColumn : undefined;
    const written = column !== undefined ? text.slice(column, endColumn).trim() : "";
    const name = written || missing[1];
    return `${at(line, column)}: "${name}" is not defined (a misspelt variable, a helper that does not exist, or a variable this template does not get)`;
  }
  return line !== null ? `${at(line, column)}: ${bare}` : `${src.part}: ${bare}`;
}

function compilePart(file: string, src: PartSource): Renderer {
  const hb = src.part === "html" ? htmlHandlebars : textHandlebars;
  let template: Handlebars.TemplateDelegate;
  try {
    const ast = hb.parse(src.source);
    requireArgumentsDefined(ast);
    template = hb.compile(ast, { strict: true, noEscape: src.part !== "html" });
  } catch (e) {
    throw new TemplateError(`${file}: ${handlebarsProblem(e, src)}`, file);
  }
  return (ctx) => {
    try {
      return template(ctx);
    } catch (e) {
      throw new TemplateError(`${file}: ${handlebarsProblem(e, src)}`, file);
    }
  };
}

const zodProblems = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");

// --- parsing files -----------------------------------------------------------------------

interface Position {
  firstLine: number;
  indent: number;
}

function parseYaml(
  file: string,
  source: string,
): { data: unknown; positionOf: (key: string) => Position } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) throw new TemplateError(`${file}: not valid YAML: ${error.message}`, file);
  const positionOf = (key: string): Position => {
    const node = doc.get(key, true) as
      | { range?: [number, number, number]; type?: string }
      | undefined;
    if (!node?.range) return { firstLine: 1, indent: 0 };
    const { line, col } = lineCounter.linePos(node.range[0]);
    if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
      // A block scalar's text starts on the line after its `|` or `>` header, indented.
      const text = source.split("\n")[line] ?? "";
      return { firstLine: line + 1, indent: text.length - text.trimStart().length };
    }
    const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0;
    return { firstLine: line, indent: col - 1 + quoted };
  };
  return { data: doc.toJS(), positionOf };
}

function parseFile(file: string, source: string): TemplateFile | TextsFile {
  const base = path.basename(file);
  const textsName = TEXTS_FILE_NAME.exec(base);
  const templateName = textsName ? null : TEMPLATE_FILE_NAME.exec(base);
  const lang = textsName?.[1] ?? templateName?.[3];
  if (!isLang(lang) || (templateName && !isTemplateName(templateName[1]))) {
    throw new TemplateError(`${file}: not a template file name: ${FILE_NAME_HELP}`, file);
  }
  const type = templateName?.[2] ?? null;
  if (type !== null && !(type in TAXONOMY_OF_TYPE)) {
    const canonical = resolveType(type);
    throw new TemplateError(
      canonical
        ? `${file}: "${type}" is an alias: name the file with the type "${canonical}"`
        : `${file}: "${type}" is not a classification type`,
      file,
    );
  }

  const { data, positionOf } = parseYaml(file, source);
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new TemplateError(
      `${file}: expected a mapping of keys, found ${data === null ? "nothing" : typeof data}`,
      file,
    );
  }

  if (textsName) {
    const texts = Texts.safeParse(data);
    if (!texts.success) {
      throw new TemplateError(`${file}: ${zodProblems(texts.error)}`, file);
    }
    return { kind: "texts", file, lang, texts: texts.data };
  }

  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(PARTS as readonly string[]).includes(key)) {
      throw new TemplateError(
        `${file}: unknown key "${key}" (expected subject, text and html)`,
        file,
      );
    }
  }
  const parts = {} as Record<Part, Renderer>;
  for (const part of PARTS) {
    const value = record[part];
    if (value === undefined) throw new TemplateError(`${file}: missing key "${part}"`, file);
    if (typeof value !== "string") {
      throw new TemplateError(`${file}: "${part}" must be text, found ${typeof value}`, file);
    }
    parts[part] = compilePart(file, { part, source: value, ...positionOf(part) });
  }
  return { kind: "template", file, name: templateName?.[1] as TemplateName, type, lang, parts };
}

// --- rendering ---------------------------------------------------------------------------

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ").trim();

function tidyText(s: string): string {
  const lines = s.split(/\r?\n/).map((l) => l.trimEnd());
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+/, "")
    .trimEnd()}\n`;
}

function renderFile(f: TemplateFile, ctx: object): RenderedMail {
  return {
    subject: oneLine(f.parts.subject(ctx)),
    text: tidyText(f.parts.text(ctx)),
    html: `${f.parts.html(ctx).trim()}\n`,
  };
}

/** Why an html body breaks the rules (a whole document, `lang` set, inline styles only). */
function htmlProblem(html: string): string | null {
  if (!/^<!doctype html>/i.test(html)) return "html must start with <!DOCTYPE html>";
  if (!/<html\b[^>]*\slang="[A-Za-z-]+"/i.test(html)) return 'html needs <html lang="...">';
  if (!/<\/html>\s*$/i.test(html)) return "html must end with </html>";
  const banned =
    /<(script|style|link|img|iframe|frame|object|embed|base|form|video|audio|svg)\b/i.exec(html);
  if (banned) {
    return `html may not contain <${banned[1]}>: inline styles only, no scripts or external resources`;
  }
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    if (/\s(on[a-z]+|src|srcset|background|http-equiv)\s*=|url\s*\(|@import/i.test(tag)) {
      return `html may not load resources or run scripts: ${tag}`;
    }
  }
  return null;
}

function fillCase(c: NoticeCase, texts: Texts): NoticeCase {
  const t = typeText(texts, c.type);
  return {
    ...c,
    type_label: c.type_label || t.label,
    what: c.what || t.what,
    required_action: c.required_action || t.required_action,
  };
}

/** The context as the chosen file should see it: its language, and labels filled in. */
function prepare(
  name: TemplateName,
  data: SampleContexts[TemplateName],
  type: string | null,
  lang: NoticeLang,
  texts: Texts,
): object {
  if (name === "customer-notice" && "case" in data) {
    return { ...data, lang, case: fillCase(data.case, texts) };
  }
  if (name === "customer-batch" && "cases" in data) {
    return { ...data, lang, cases: data.cases.map((c) => fillCase(c, texts)) };
  }
  if ("outcome" in data) {
    return {
      ...data,
      lang,
      outcome_label: data.outcome_label || texts.outcomes[data.outcome],
      type_label: data.type_label || typeText(texts, type).label,
    };
  }
  return { ...data, lang };
}

function parseContext(
  file: string,
  name: TemplateName,
  ctx: unknown,
): SampleContexts[TemplateName] {
  const parsed = CONTEXT_SCHEMAS[name].safeParse(ctx);
  if (!parsed.success) {
    throw new TemplateError(
      `${file}: the variables given for ${name} are not valid: ${zodProblems(parsed.error)}`,
      file,
    );
  }
  return parsed.data;
}

/** The sample for a file: full, then with every list emptied so `{{else}}` branches run too. */
function samplesFor(f: TemplateFile): SampleContexts[TemplateName][] {
  const sample = structuredClone(sampleContexts(f.lang)[f.name]);
  const withType = (c: NoticeCase): NoticeCase => (f.type ? { ...c, type: f.type } : c);
  const sparse = (c: NoticeCase): NoticeCase => ({
    ...c,
    tracking_numbers: [],
    urls: [],
    ips: [],
    evidence: [],
    service_id: null,
  });
  if ("case" in sample) {
    const c = withType(sample.case);
    return [
      { ...sample, case: c },
      { ...sample, case: sparse(c) },
    ];
  }
  if ("cases" in sample) {
    const cs = sample.cases.map(withType);
    return [
      { ...sample, cases: cs },
      { ...sample, cases: cs.map(sparse) },
    ];
  }
  return [sample];
}

/** Renders a file with the samples; any problem is a TemplateError naming the file. */
function verifyTemplate(f: TemplateFile): void {
  for (const sample of samplesFor(f)) {
    const data = parseContext(f.file, f.name, sample);
    const mail = renderFile(f, { ...data, lang: f.lang });
    if (!mail.subject) throw new TemplateError(`${f.file}: the subject renders empty`, f.file);
    const problem = htmlProblem(mail.html);
    if (problem) throw new TemplateError(`${f.file}: ${problem}`, f.file);
  }
}

function readTemplateDir(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TemplateError(`${dir}: template directory does not exist`, dir);
  }
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    // Editors leave `.swp`, `~` and dot files next to what they edit; only `.yaml` counts.
    if (name.startsWith(".") || !name.endsWith(".yaml")) continue;
    files.set(name, path.join(dir, name));
  }
  return files;
}

/**
 * Loads the bundled templates, with same-named files from `overrideDir` replacing them, and
 * renders every file with the sample contexts, so a broken template fails here (at start or
 * on reload), never when a notice is sent.
 */
export function loadTemplates(
  overrideDir?: string,
  options: { bundledDir?: string } = {},
): TemplateSet {
  const paths = readTemplateDir(options.bundledDir ?? BUNDLED_TEMPLATE_DIR);
  if (overrideDir) for (const [name, p] of readTemplateDir(overrideDir)) paths.set(name, p);

  const problems: TemplateError[] = [];
  const templates = new Map<string, TemplateFile>();
  const texts = new Map<NoticeLang, Texts>();
  for (const [name, file] of paths) {
    try {
      const parsed = parseFile(file, readFileSync(file, "utf8"));
      if (parsed.kind === "texts") {
        texts.set(parsed.lang, parsed.texts);
      } else {
        verifyTemplate(parsed);
        templates.set(name, parsed);
      }
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      problems.push(e);
    }
  }
  for (const required of [...TEMPLATE_NAMES.map((n) => `${n}.ja.yaml`), "texts.ja.yaml"]) {
    if (!paths.has(required)) {
      problems.push(new TemplateError(`${required}: missing (the Japanese file is the fallback)`));
    }
  }
  if (problems.length > 0) {
    throw new TemplateError(problems.map((p) => p.message).join("\n"), problems[0]?.file);
  }

  // Checked just above: Japanese texts exist.
  const textsOf = (lang: NoticeLang) => texts.get(lang) ?? (texts.get("ja") as Texts);
  return {
    render(name, type, lang, ctx) {
      const canonical = type ? (resolveType(type) ?? type) : null;
      const candidates = [`${name}.${lang}.yaml`, `${name}.ja.yaml`];
      if (canonical) candidates.unshift(`${name}.${canonical}.${lang}.yaml`);
      const file = candidates.map((c) => templates.get(c)).find((f) => f !== undefined);
      if (!file) throw new TemplateError(`${name}.ja.yaml: missing`);
      const data = parseContext(file.file, name, ctx);
      return renderFile(file, prepare(name, data, canonical, file.lang, textsOf(file.lang)));
    },
    texts: textsOf,
    files: () => [...paths.keys()].sort(),
  };
}

/**
 * Checks the new content of one template or texts file before it is saved: the problem, or
 * null when the file would load.
 */
export function checkTemplateSource(fileName: string, yamlSource: string): string | null {
  try {
    const parsed = parseFile(fileName, yamlSource);
    if (parsed.kind === "template") verifyTemplate(parsed);
    return null;
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}
