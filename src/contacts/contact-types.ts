import { z } from "zod";
import { ContactRole } from "../domain/contact-role.ts";

export { ContactRole };

/** Where a contact came from, so the desk can say later why it wrote to whom. */
export const ContactSource = z
  .enum(["rdap", "rdap-root", "dns-txt", "platform-list", "override"])
  .describe(
    "rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry",
  );
export type ContactSource = z.output<typeof ContactSource>;

/** How a recipient wants to be asked. */
export const RequestFormat = z.enum(["xarf", "mail", "both"]);
export type RequestFormat = z.output<typeof RequestFormat>;

export const Contact = z.object({
  role: ContactRole,
  /** What this contact is responsible for: a network, a domain, a TLD, a platform. */
  about: z.string(),
  /** For host and dns contacts: the address they were looked up for. */
  address: z.string().optional(),
  organisation: z.string().optional(),
  email: z.string().optional(),
  web_form: z.string().optional(),
  phone: z.string().optional(),
  /** A registrar's id in IANA's registrar registry. */
  iana_id: z.string().optional(),
  country: z.string().optional(),
  source: ContactSource,
  source_url: z.string().optional(),
  /** When the source answered (ISO-8601). */
  fetched_at: z.string(),
  /** From the desk's override: how this recipient wants requests, and what the desk knows. */
  preferred_format: RequestFormat.optional(),
  language: z.enum(["ja", "en"]).optional(),
  note: z.string().optional(),
  override_id: z.number().int().optional(),
});
export type Contact = z.output<typeof Contact>;

/** A source that did not answer, and why; the lookup goes on without it. */
export const LookupProblem = z.object({ source: z.string(), message: z.string() });
export type LookupProblem = z.output<typeof LookupProblem>;

export const ContactLookup = z.object({
  /** The resource as asked, cleaned: an address, a CIDR range, a host name or a URL. */
  resource: z.string(),
  kind: z.enum(["ip", "cidr", "domain", "url"]),
  host: z.string().optional(),
  /** The registrable domain of the host (what registrars and registries know). */
  domain: z.string().optional(),
  /** The addresses looked at: the one asked, or what the host resolved to. */
  addresses: z.array(z.string()),
  nameservers: z.array(z.string()),
  contacts: z.array(Contact),
  problems: z.array(LookupProblem),
  looked_up_at: z.string(),
  /** True when the answer came from the lookup cache (see `looked_up_at`). */
  cached: z.boolean(),
});
export type ContactLookup = z.output<typeof ContactLookup>;
