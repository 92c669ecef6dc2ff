import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Event } from "../../domain/event.ts";
import {
  asNumber,
  cidr,
  countryCode,
  hostName,
  ipAddress,
  lowerText,
  port,
  transport,
  urlOf,
} from "../../domain/fields.ts";
import { storableText } from "../../domain/storable.ts";
import { CLASSIFICATION_TYPES, type ClassificationType } from "../../domain/taxonomy.ts";

/*
 * Feed layouts as data: a feed's report types, their columns and the event field each
 * column fills are written in feeds/<provider>.yaml, read once when the process starts and
 * checked here. A wrong file stops the start with the file, the layout and the field. The
 * format is described in docs/intake.md ("Feed layouts").
 */

/**
 * A column's value read into an event field, by the field's rule (domain/fields.ts), from
 * text[s, e) of the row (trimmed, not empty); null when the value does not fit the field
 * (the column then goes to `extra`).
 */
export type ColumnReader = (text: string, s: number, e: number) => string | number | null;

const text: ColumnReader = (t, s, e) => storableText(t.slice(s, e));
const url: ColumnReader = (t, s, e) => urlOf(t.slice(s, e))?.url ?? null;
const network: ColumnReader = (t, s, e) => {
  const r = cidr(t.slice(s, e), { hostBits: "zero" });
  return "cidr" in r ? r.cidr : null;
};

/** The event fields a column can fill, each with its reader. */
export const COLUMN_READERS = {
  "classification.identifier": text,
  "source.network": network,
  "source.port": port,
  "source.fqdn": hostName,
  "source.url": url,
  "source.account": text,
  "source.asn": asNumber,
  "source.reverse_dns": hostName,
  "source.geolocation.cc": countryCode,
  "destination.ip": ipAddress,
  "destination.port": port,
  "destination.fqdn": hostName,
  "destination.url": url,
  "destination.asn": asNumber,
  "protocol.application": lowerText,
  "protocol.transport": transport,
  "malware.name": lowerText,
  "event_description.text": text,
} satisfies Partial<Record<keyof Event, ColumnReader>>;

export type ColumnField = keyof typeof COLUMN_READERS;
const COLUMN_FIELDS = Object.keys(COLUMN_READERS) as ColumnField[];

// ---------------------------------------------------------------------------------------
// The file's schema
// ---------------------------------------------------------------------------------------

const Column = z
  .string()
  .regex(/^[a-z0-9_]+$/, "a column name is written in lower case: letters, digits and _");
const Columns = z.array(Column).min(1);
const notAField = (name: unknown) =>
  `${JSON.stringify(name)} is not a field a column can fill (${COLUMN_FIELDS.join(", ")})`;
const Field = z.enum(COLUMN_FIELDS, { error: (i) => notAField(i.input) });
const Pattern = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `not a regular expression: ${(e as Error).message}` });
    return z.NEVER;
  }
});
const Type = z.enum(CLASSIFICATION_TYPES, {
  error: (i) => `${JSON.stringify(i.input)} is not a classification type (see docs/intake.md)`,
});

const Layout = z
  .object({
    name: z.string().regex(/^[a-z0-9_]+$/, "a layout name is lower case: letters, digits and _"),
    /** The report type names of this layout. */
    report_types: Pattern,
    /** How the report types are shown in a message ("scan_*"). */
    shown_as: z.string().min(1),
    /** The column of source.ip: a row without a readable address is skipped. */
    address: Column,
    /** The column of time.source ("YYYY-MM-DD HH:MM:SS", UTC): a row with another value is skipped. */
    time: Column.optional(),
    classification: z
      .object({
        type: Type,
        /** classification.identifier: the value of this field of the event. */
        identifier: Field.optional(),
        /** A column whose parts (split at ; and ,) name the services the row is about. */
        tag: Column.optional(),
        /** Removed from the report type to name the service of a row without a tag. */
        service: Pattern.optional(),
        /** Types other than `type`, each for the services that have it. */
        types: z.partialRecord(Type, z.array(z.string().min(1)).min(1)).default({}),
      })
      .strict(),
    /** Event fields and the columns that fill them, tried in order. */
    fields: z.record(z.string(), Columns).default({}),
    /** A URL made of a host and a path column (or a whole URL in the path column). */
    url: z
      .object({
        field: z.enum(["source.url", "destination.url"]),
        path: Column,
        host_column: Column.optional(),
        host_fields: z.array(Field).min(1).optional(),
      })
      .strict()
      .refine((u) => (u.host_column === undefined) !== (u.host_fields === undefined), {
        message: "give the host as host_column or as host_fields, one of them",
      })
      .optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    const filled = new Set(Object.keys(l.fields));
    for (const f of filled) {
      if (!(COLUMN_FIELDS as string[]).includes(f))
        ctx.addIssue({ code: "custom", path: ["fields", f], message: notAField(f) });
    }
    const needFilled = (field: string, path: (string | number)[]) => {
      if (!filled.has(field))
        ctx.addIssue({
          code: "custom",
          path,
          message: `"${field}" is not in this layout's fields`,
        });
    };
    if (l.classification.identifier)
      needFilled(l.classification.identifier, ["classification", "identifier"]);
    for (const [i, f] of (l.url?.host_fields ?? []).entries())
      needFilled(f, ["url", "host_fields", i]);
    if (l.classification.identifier && l.classification.tag)
      ctx.addIssue({
        code: "custom",
        path: ["classification", "identifier"],
        message: "a tag column names the identifier already",
      });
  });

const FeedFile = z
  .object({
    provider: z.string().min(1),
    /** The report type in a file name: the pattern's first group. */
    file_name: Pattern,
    extra_names: z.record(Column, z.string().min(1)).default({}),
    header_rules: z.array(
      z.object({ layout: z.string(), all: Columns, any: z.array(Column).default([]) }).strict(),
    ),
    layouts: z.array(Layout).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const names = f.layouts.map((l) => l.name);
    for (const [i, name] of names.entries()) {
      if (names.indexOf(name) !== i)
        ctx.addIssue({ code: "custom", path: ["layouts", i, "name"], message: `"${name}" twice` });
    }
    for (const [i, r] of f.header_rules.entries()) {
      if (!names.includes(r.layout))
        ctx.addIssue({
          code: "custom",
          path: ["header_rules", i, "layout"],
          message: `no layout is named "${r.layout}"`,
        });
    }
    if (new RegExp(`${f.file_name.source}|`).exec("")?.length === 1)
      ctx.addIssue({ code: "custom", path: ["file_name"], message: "the pattern has no group" });
  });

// ---------------------------------------------------------------------------------------
// Loaded feeds
// ---------------------------------------------------------------------------------------

export interface FeedLayout {
  name: string;
  reportTypes: RegExp;
  shownAs: string;
  address: string;
  time?: string;
  classification: {
    type: ClassificationType;
    identifier?: ColumnField;
    tag?: string;
    service?: RegExp;
    /** A service (lower case, "-" as "_") → its type, when not `type`. */
    types: Map<string, ClassificationType>;
  };
  fields: [ColumnField, string[]][];
  url?: {
    field: "source.url" | "destination.url";
    path: string;
    hostColumn?: string;
    hostFields?: ColumnField[];
  };
}

export interface Feed {
  provider: string;
  fileName: RegExp;
  extraNames: Map<string, string>;
  headerRules: { layout: FeedLayout; all: string[]; any: string[] }[];
  layouts: FeedLayout[];
}

/** Where a zod issue is, in words: the layout by its name, then the field. */
function whereIs(raw: unknown, path: readonly PropertyKey[]): string {
  const [top, index, ...rest] = path.map(String);
  if (top === "layouts" && index !== undefined) {
    const name = (raw as { layouts?: { name?: unknown }[] })?.layouts?.[Number(index)]?.name;
    const layout = typeof name === "string" ? `layout "${name}"` : `layouts[${index}]`;
    return rest.length ? `${layout}, ${rest.join(" › ")}` : layout;
  }
  return path.map(String).join(" › ") || "the file";
}

/** A feed's layouts from their YAML text; throws an Error naming the layout and field. */
export function parseFeed(yamlText: string, file: string): Feed {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (e) {
    throw new Error(`${file}: not YAML: ${(e as Error).message}`);
  }
  const parsed = FeedFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${whereIs(raw, i.path)}: ${i.message}`);
    throw new Error(`${file}: ${problems.join("; ")}`);
  }
  const f = parsed.data;
  const layouts = f.layouts.map(
    (l): FeedLayout => ({
      name: l.name,
      reportTypes: l.report_types,
      shownAs: l.shown_as,
      address: l.address,
      time: l.time,
      classification: {
        type: l.classification.type,
        identifier: l.classification.identifier,
        tag: l.classification.tag,
        service: l.classification.service,
        types: new Map(
          Object.entries(l.classification.types).flatMap(([type, services]) =>
            (services ?? []).map((s) => [serviceName(s), type as ClassificationType] as const),
          ),
        ),
      },
      fields: Object.entries(l.fields) as [ColumnField, string[]][],
      url: l.url && {
        field: l.url.field,
        path: l.url.path,
        hostColumn: l.url.host_column,
        hostFields: l.url.host_fields,
      },
    }),
  );
  const byName = new Map(layouts.map((l) => [l.name, l]));
  return {
    provider: f.provider,
    fileName: f.file_name,
    extraNames: new Map(Object.entries(f.extra_names)),
    headerRules: f.header_rules.map((r) => ({
      layout: byName.get(r.layout) as FeedLayout,
      all: r.all,
      any: r.any,
    })),
    layouts,
  };
}

/** The feed in feeds/<name>.yaml beside this module. */
export function loadFeed(name: string): Feed {
  const file = join(import.meta.dirname, "feeds", `${name}.yaml`);
  return parseFeed(readFileSync(file, "utf8"), join("feeds", basename(file)));
}

/** A service or report type as layouts compare them: lower case, "-" as "_". */
export const serviceName = (s: string) => s.trim().toLowerCase().replace(/-/g, "_");

// ---------------------------------------------------------------------------------------
// Which layout a file has
// ---------------------------------------------------------------------------------------

/** The report type in a file name (`2026-11-28-scan_rdp-asn-jp-geo.csv`), or null. */
export function reportTypeFromFilename(feed: Feed, filename: string): string | null {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const m = feed.fileName.exec(base);
  return m?.[1] ? m[1].toLowerCase() : null;
}

const quoted = (cs: string[], sep: string) => cs.map((c) => `"${c}"`).join(sep);
const describeHeader = (header: string[]) => {
  const text = header.join(",");
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};
const listed = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")}, or ${items.at(-1)}`;

/** The layout named by a report type: the first that matches it and has its address column. */
function layoutNamed(
  feed: Feed,
  name: string,
  has: (c: string) => boolean,
): FeedLayout | null | { missing: string[] } {
  const matching = feed.layouts.filter((l) => l.reportTypes.test(name));
  if (matching.length === 0) return null;
  return (
    matching.find((l) => has(l.address)) ?? {
      missing: [...new Set(matching.map((l) => l.address))],
    }
  );
}

/**
 * The report type and layout of a file: the explicit format, else the file name, else the
 * header; or the reason none fits, naming the header.
 */
export function detectLayout(
  feed: Feed,
  header: string[],
  opts: { format?: string; filename?: string },
): { name: string; layout: FeedLayout } | { error: string } {
  const columns = new Set(header);
  const has = (c: string) => columns.has(c);
  const shown = describeHeader(header);
  const needs = (name: string, missing: string[]) => ({
    error: `report type "${name}" needs an ${quoted(missing, " or ")} column; header: ${shown}`,
  });
  if (opts.format?.trim()) {
    const name = serviceName(opts.format);
    const layout = layoutNamed(feed, name, has);
    if (layout === null) {
      const known = feed.layouts.map((l) => l.shownAs).join(", ");
      return {
        error: `unknown ${feed.provider} report type "${name}" (known: ${known}); header: ${shown}`,
      };
    }
    return "missing" in layout ? needs(name, layout.missing) : { name, layout };
  }
  const fromName = opts.filename ? reportTypeFromFilename(feed, opts.filename) : null;
  if (fromName) {
    const layout = layoutNamed(feed, fromName, has);
    if (layout && "missing" in layout) return needs(fromName, layout.missing);
    if (layout) return { name: fromName, layout };
  }
  const rule = feed.headerRules.find((r) => r.all.every(has) && (!r.any.length || r.any.some(has)));
  if (rule) return { name: fromName ?? rule.layout.name, layout: rule.layout };
  const expected = feed.headerRules.map(
    (r) => `${quoted(r.all, " and ")}${r.any.length ? ` with ${quoted(r.any, "/")}` : ""}`,
  );
  return {
    error:
      `unknown ${feed.provider} report type${fromName ? ` "${fromName}"` : ""}: the header names no known layout ` +
      `(expected ${listed(expected)}); header: ${shown}`,
  };
}
