import { cidr, hostName } from "../domain/fields.ts";

/*
 * The inventory's values, by the field rules of src/domain/fields.ts. The inventory is the
 * provider's own data, so it must say what it means: a netblock with host bits set
 * (192.0.2.5/24) is refused with the network it probably means, where a report naming the
 * same text is read as that network.
 */

/**
 * A CIDR in the form PostgreSQL prints it (`192.0.2.0/28`, `2001:db8:10::/48`), or an error
 * message. Host bits must be zero. A bare address is a /32 or /128.
 */
export const normalizeCidr = (input: string): { cidr: string } | { error: string } =>
  cidr(input, { hostBits: "refuse" });

/**
 * A host name as the inventory keeps it: lower case, ASCII (IDN as punycode), no trailing
 * dot. Null when it is not a host name.
 */
export const normalizeHost = (input: string): string | null => hostName(input);
