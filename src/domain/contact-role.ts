import { z } from "zod";

/** Whom a contact can ask to act: the network, the name's registrar and registry, and so on. */
export const ContactRole = z
  .enum(["host", "registrar", "registry", "dns", "platform", "cert"])
  .describe(
    "host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT",
  );
export type ContactRole = z.output<typeof ContactRole>;
