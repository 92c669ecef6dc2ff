// A link to another site (a web form, an RDAP answer), or the plain text when it is no
// http(s) address.
import { webUrl } from "./web-url.ts";

export function ExternalLink({ href, children }: { href: string; children?: string }) {
  const url = webUrl(href);
  if (!url) return <span className="mono break">{children ?? href}</span>;
  return (
    <a className="mono break" href={url} target="_blank" rel="noopener noreferrer">
      {children ?? href}
    </a>
  );
}
