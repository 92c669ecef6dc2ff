import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseHost } from "tldts";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const Platform = z.object({
  name: z.string().min(1),
  kind: z.enum(["shortener", "hosting"]),
  domains: z.array(z.string().regex(/^[a-z0-9.-]+$/, "a lower-case domain suffix")).min(1),
});
export type Platform = z.output<typeof Platform>;

const PlatformFile = z.object({ platforms: z.array(Platform) });

const BUNDLED = fileURLToPath(new URL("./platforms.yaml", import.meta.url));

/** The known platforms (the bundled list, then an operator's file's entries). */
export function loadPlatforms(extraFile?: string): Platform[] {
  const read = (file: string) => {
    const parsed = PlatformFile.safeParse(parseYaml(readFileSync(file, "utf8")));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(
        `The platform list ${file} is not valid: ${first?.path.join(".")}: ${first?.message}`,
      );
    }
    return parsed.data.platforms;
  };
  return [...(extraFile ? read(extraFile) : []), ...read(BUNDLED)];
}

/** The platform a host belongs to: a listed one by the longest suffix, else a PSL private suffix. */
export function platformOf(
  platforms: Platform[],
  host: string,
): { name: string; kind: Platform["kind"] | "shared"; suffix: string } | null {
  let best: { name: string; kind: Platform["kind"]; suffix: string } | null = null;
  for (const p of platforms) {
    for (const d of p.domains) {
      if ((host === d || host.endsWith(`.${d}`)) && (!best || d.length > best.suffix.length)) {
        best = { name: p.name, kind: p.kind, suffix: d };
      }
    }
  }
  if (best) return best;
  // The Public Suffix List's private section names suffixes under which a company gives its
  // users their own names (github.io, blogspot.com…): the company is the platform.
  const parsed = parseHost(host, { allowPrivateDomains: true });
  if (parsed.isPrivate && parsed.publicSuffix && host !== parsed.publicSuffix) {
    return { name: parsed.publicSuffix, kind: "shared", suffix: parsed.publicSuffix };
  }
  return null;
}
