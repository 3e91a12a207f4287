/** One `#EXT-X-STREAM-INF` entry of an HLS master playlist. */
export interface HlsVariant {
  bandwidth: number;
  /** AVERAGE-BANDWIDTH when the playlist declares it. */
  averageBandwidth?: number;
  width: number;
  height: number;
  codecs: string;
  uri: string;
}

/** Reads the variants of a master playlist (attribute values may be quoted and contain commas). */
export function parseHlsMaster(text: string): HlsVariant[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const variants: HlsVariant[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith("#EXT-X-STREAM-INF:")) return;
    const attrs = new Map<string, string>();
    for (const m of line.slice(line.indexOf(":") + 1).matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
      attrs.set(m[1] ?? "", (m[2] ?? "").replace(/^"|"$/g, ""));
    }
    const [width, height] = (attrs.get("RESOLUTION") ?? "").split("x").map(Number);
    const uri = lines.slice(i + 1).find((l) => l !== "" && !l.startsWith("#")) ?? "";
    variants.push({
      bandwidth: Number(attrs.get("BANDWIDTH")),
      ...(attrs.has("AVERAGE-BANDWIDTH") ? { averageBandwidth: Number(attrs.get("AVERAGE-BANDWIDTH")) } : {}),
      width: width ?? NaN,
      height: height ?? NaN,
      codecs: attrs.get("CODECS") ?? "",
      uri,
    });
  });
  return variants;
}
