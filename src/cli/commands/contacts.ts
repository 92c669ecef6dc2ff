import type { Command } from "commander";
import type { ContactLookup } from "../../contacts/contact-types.ts";
import type { ContactOverride, ContactOverrideInput } from "../../contacts/overrides.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

const ROLE_NAMES: Record<string, string> = {
  platform: "platform",
  host: "hosting network",
  registrar: "registrar",
  registry: "registry",
  dns: "DNS operator",
  cert: "national CERT",
};

/** Prints a lookup for a person: one block per contact, then what could not be asked. */
export function printLookup(r: ContactLookup): void {
  console.log(`${r.resource} (${r.kind})${r.cached ? `, as looked up at ${r.looked_up_at}` : ""}`);
  if (r.host)
    console.log(`  host ${r.host}${r.domain && r.domain !== r.host ? `, domain ${r.domain}` : ""}`);
  if (r.addresses.length > 0) console.log(`  addresses ${r.addresses.join(", ")}`);
  if (r.nameservers.length > 0) console.log(`  name servers ${r.nameservers.join(", ")}`);
  if (r.contacts.length === 0) console.log("\nNo contact found.");
  for (const c of r.contacts) {
    console.log(`\n${ROLE_NAMES[c.role] ?? c.role}: ${c.organisation ?? "(name not published)"}`);
    console.log(`  for      ${c.about}`);
    if (c.email) console.log(`  e-mail   ${c.email}`);
    if (c.web_form) console.log(`  web form ${c.web_form}`);
    if (c.phone) console.log(`  phone    ${c.phone}`);
    if (c.iana_id) console.log(`  IANA id  ${c.iana_id}`);
    if (c.preferred_format || c.language) {
      console.log(`  prefers  ${[c.preferred_format, c.language].filter(Boolean).join(", ")}`);
    }
    if (c.note) console.log(`  note     ${c.note}`);
    console.log(
      `  source   ${c.source}${c.override_id ? ` #${c.override_id}` : ""}${c.source_url ? ` ${c.source_url}` : ""} (${c.fetched_at})`,
    );
    if (!c.email && !c.web_form)
      console.log("  (no address published: add one with `mogura contacts override add`)");
  }
  if (r.problems.length > 0) {
    console.log("\nNot answered:");
    for (const p of r.problems) console.log(`  ${p.source}: ${p.message}`);
  }
}

interface OverrideOptions {
  role: ContactOverrideInput["role"];
  cidr?: string;
  domain?: string;
  organisation?: string;
  registrar?: string;
  tld?: string;
  country?: string;
  name?: string;
  email?: string;
  webForm?: string;
  phone?: string;
  format?: "xarf" | "mail" | "both";
  language?: "ja" | "en";
  note?: string;
}

const MATCHES = ["cidr", "domain", "organisation", "registrar", "tld", "country"] as const;

/** `mogura contacts`: who can act on a resource outside our space, and the desk's own entries. */
export function contactsCommand(program: Command) {
  const cmd = program
    .command("contacts")
    .description(
      "who can act on an address, range, domain or URL (RDAP, DNS, platforms, overrides)",
    );
  cmd
    .command("lookup <resource>")
    .description(
      "the hosting network's abuse contact, the registrar, registry, DNS operator and platform",
    )
    .option("--fresh", "ask RDAP and DNS again instead of the kept answer")
    .option("--json", "print the lookup as JSON")
    .action(async (resource: string, opts: { fresh?: boolean; json?: boolean }, sub: Command) => {
      const qs = new URLSearchParams({ resource, ...(opts.fresh ? { fresh: "true" } : {}) });
      const r = await clientOf(sub).request<ContactLookup>("GET", `/api/v1/contacts?${qs}`);
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else printLookup(r);
    });

  const overrides = cmd.command("override").description("the desk's own contact entries");
  overrides
    .command("list")
    .description("every override")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }, sub: Command) => {
      const r = await clientOf(sub).request<{ overrides: ContactOverride[] }>(
        "GET",
        "/api/v1/contacts/overrides",
      );
      if (opts.json) return void console.log(JSON.stringify(r.overrides, null, 2));
      printTable(
        r.overrides.map((o) => ({
          id: o.id,
          role: o.role,
          match: `${o.match_kind} ${o.match_value}`,
          contact: o.email ?? o.web_form ?? o.phone ?? "",
          name: o.organisation ?? "",
          prefers: [o.preferred_format, o.language].filter(Boolean).join(" "),
          note: o.note ?? "",
        })),
        ["id", "role", "match", "contact", "name", "prefers", "note"],
      );
    });
  overrides
    .command("add")
    .description(
      "add (or replace) what the desk knows: e.g. --role host --cidr 203.0.113.0/24 --web-form https://…",
    )
    .requiredOption("--role <role>", "host, registrar, registry, dns, platform or cert")
    .option("--cidr <range>", "match the addresses in this range")
    .option(
      "--domain <suffix>",
      "match hosts at or under this domain (name servers for --role dns)",
    )
    .option("--organisation <name>", "match a contact by its organisation's name")
    .option("--registrar <iana-id>", "match a registrar by its IANA id")
    .option("--tld <tld>", "match domains under this TLD")
    .option("--country <cc>", "match networks in this country (for --role cert)")
    .option("--name <name>", "the recipient's name")
    .option("--email <address>", "where requests go")
    .option("--web-form <url>", "the recipient's abuse web form")
    .option("--phone <number>", "a phone number")
    .option("--format <format>", "xarf, mail or both")
    .option("--language <lang>", "ja or en")
    .option("--note <text>", "what the desk knows (answers only to court orders, …)")
    .action(async (opts: OverrideOptions, sub: Command) => {
      const given = MATCHES.filter((m) => opts[m] !== undefined);
      if (given.length !== 1) {
        throw new Error(`give exactly one of --${MATCHES.join(", --")}`);
      }
      const kind = given[0] as (typeof MATCHES)[number];
      const body: ContactOverrideInput = {
        role: opts.role,
        match_kind: kind,
        match_value: opts[kind] as string,
        ...(opts.name ? { organisation: opts.name } : {}),
        ...(opts.email ? { email: opts.email } : {}),
        ...(opts.webForm ? { web_form: opts.webForm } : {}),
        ...(opts.phone ? { phone: opts.phone } : {}),
        ...(opts.format ? { preferred_format: opts.format } : {}),
        ...(opts.language ? { language: opts.language } : {}),
        ...(opts.note ? { note: opts.note } : {}),
      };
      const o = await clientOf(sub).request<ContactOverride>(
        "POST",
        "/api/v1/contacts/overrides",
        body,
      );
      console.log(`override #${o.id}: ${o.role} for ${o.match_kind} ${o.match_value}`);
    });
  overrides
    .command("remove <id>")
    .description("remove an override")
    .action(async (id: string, _opts: unknown, sub: Command) => {
      await clientOf(sub).request("DELETE", `/api/v1/contacts/overrides/${encodeURIComponent(id)}`);
      console.log(`override #${id} removed`);
    });
}
