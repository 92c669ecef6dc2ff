import { domainToASCII } from "node:url";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { UserError } from "../domain/errors.ts";
import { cidr, countryCode, emailAddress, hostName, urlOf } from "../domain/fields.ts";
import { storableText } from "../domain/storable.ts";
import type { Db } from "../store/database.ts";
import { contactOverrides } from "../store/schema.ts";
import { ContactRole, RequestFormat } from "./contact-types.ts";

/** What an override is matched against. */
export const MatchKind = z
  .enum(["cidr", "domain", "organisation", "registrar", "tld", "country"])
  .describe(
    "cidr: the addresses looked up; domain: the host (or, for dns, a name server) at or under it; organisation: a contact's organisation name; registrar: a registrar's IANA id; tld: the domain's TLD; country: the network's country (for the country's CERT)",
  );
export type MatchKind = z.output<typeof MatchKind>;

export const ContactOverrideInput = z.object({
  role: ContactRole,
  match_kind: MatchKind,
  match_value: z.string().min(1).max(300),
  organisation: z.string().min(1).max(300).optional(),
  email: z.string().max(320).optional(),
  web_form: z.string().max(2000).optional(),
  phone: z.string().min(1).max(60).optional(),
  preferred_format: RequestFormat.optional(),
  language: z.enum(["ja", "en"]).optional(),
  note: z.string().max(2000).optional(),
});
export type ContactOverrideInput = z.input<typeof ContactOverrideInput>;

export const ContactOverride = ContactOverrideInput.extend({
  id: z.number().int(),
  created_at: z.string(),
  created_by: z.string(),
});
export type ContactOverride = z.output<typeof ContactOverride>;

/** The match value in the one form lookups compare with, or a UserError saying what is wrong. */
function cleanMatch(kind: MatchKind, value: string): string {
  const v = value.trim();
  const bad = (what: string) =>
    new UserError("invalid_override", `"${value}" is not ${what} (match kind ${kind}).`);
  switch (kind) {
    case "cidr": {
      const c = cidr(v, { hostBits: "refuse" });
      if ("error" in c) throw bad("a CIDR range such as 203.0.113.0/24");
      return c.cidr;
    }
    case "domain": {
      const h = hostName(v.replace(/^\*?\./, ""));
      if (!h) throw bad("a domain such as example.jp");
      return h;
    }
    case "tld": {
      // A TLD is one label, which the host-name rule (two labels at least) does not take.
      const t = domainToASCII(v.replace(/^\./, "").toLowerCase());
      if (!/^[a-z0-9-]{2,63}$/.test(t)) throw bad("a top-level domain such as jp");
      return t;
    }
    case "registrar":
      if (!/^\d{1,10}$/.test(v)) throw bad("a registrar's IANA id (digits)");
      return v;
    case "country": {
      const cc = countryCode(v);
      if (!cc) throw bad("a two-letter country code such as JP");
      return cc;
    }
    case "organisation":
      return storableText(v);
  }
}

/** Checks and cleans an override: its match value, address and web form. */
export function cleanOverride(input: ContactOverrideInput): z.output<typeof ContactOverrideInput> {
  const o = ContactOverrideInput.parse(input);
  const email = o.email === undefined ? undefined : emailAddress(o.email);
  if (o.email !== undefined && !email) {
    throw new UserError("invalid_override", `"${o.email}" is not an e-mail address.`);
  }
  const form = o.web_form === undefined ? undefined : urlOf(o.web_form);
  if (o.web_form !== undefined && (!form || !/^https?:/.test(form.url))) {
    throw new UserError("invalid_override", `"${o.web_form}" is not an http(s) URL.`);
  }
  if (
    !email &&
    !form &&
    !o.phone &&
    !o.organisation &&
    !o.note &&
    !o.preferred_format &&
    !o.language
  ) {
    throw new UserError(
      "invalid_override",
      "An override must say something: an e-mail address, a web form, a phone number, a name, a format, a language or a note.",
    );
  }
  return {
    ...o,
    match_value: cleanMatch(o.match_kind, o.match_value),
    ...(email ? { email } : {}),
    ...(form ? { web_form: form.url } : {}),
    ...(o.organisation ? { organisation: storableText(o.organisation) } : {}),
    ...(o.note ? { note: storableText(o.note) } : {}),
  };
}

type Row = typeof contactOverrides.$inferSelect;

function toOverride(r: Row): ContactOverride {
  const opt = <K extends string, V>(k: K, v: V | null) =>
    (v === null ? {} : { [k]: v }) as { [P in K]?: V };
  return {
    id: r.id,
    role: ContactRole.parse(r.role),
    match_kind: MatchKind.parse(r.matchKind),
    match_value: r.matchValue,
    ...opt("organisation", r.organisation),
    ...opt("email", r.email),
    ...opt("web_form", r.webForm),
    ...opt("phone", r.phone),
    ...opt("preferred_format", r.preferredFormat as ContactOverride["preferred_format"] | null),
    ...opt("language", r.language as ContactOverride["language"] | null),
    ...opt("note", r.note),
    created_at: r.createdAt.toISOString(),
    created_by: r.createdBy,
  };
}

/** Every override, oldest first. */
export async function listOverrides(db: Db): Promise<ContactOverride[]> {
  const rows = await db.select().from(contactOverrides).orderBy(asc(contactOverrides.id));
  return rows.map(toOverride);
}

/**
 * Adds an override, or replaces the one with the same role and match (a desk corrects what it
 * learnt rather than piling entries up).
 */
export async function saveOverride(
  db: Db,
  input: ContactOverrideInput,
  actor: string,
): Promise<ContactOverride> {
  const o = cleanOverride(input);
  const values = {
    role: o.role,
    matchKind: o.match_kind,
    matchValue: o.match_value,
    organisation: o.organisation ?? null,
    email: o.email ?? null,
    webForm: o.web_form ?? null,
    phone: o.phone ?? null,
    preferredFormat: o.preferred_format ?? null,
    language: o.language ?? null,
    note: o.note ?? null,
    createdBy: actor,
  };
  const [row] = await db
    .insert(contactOverrides)
    .values(values)
    .onConflictDoUpdate({
      target: [contactOverrides.role, contactOverrides.matchKind, contactOverrides.matchValue],
      set: { ...values, createdAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("saving an override returned no row");
  return toOverride(row);
}

/** Removes an override; false when there was none with that id. */
export async function deleteOverride(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .delete(contactOverrides)
    .where(eq(contactOverrides.id, id))
    .returning({ id: contactOverrides.id });
  return rows.length > 0;
}
