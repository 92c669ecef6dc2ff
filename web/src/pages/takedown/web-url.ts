// Addresses from RDAP answers and overrides are data from elsewhere: only http(s) ones become
// links (never javascript: or data:), and they open in a new tab without a referrer.

/** The address as a link target when it is http or https, else null (shown as text). */
export function webUrl(s: string | null | undefined): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
