/**
 * What a manifest names, read from the text ffmpeg's dash muxer writes: the segments a DASH manifest
 * lists through SegmentTemplate + SegmentTimeline, the init and media segments of an HLS media playlist,
 * the media playlists of the HLS master. A manifest may be stored only once everything it names is.
 */
export type ManifestKind = "mpd" | "hls-master" | "hls-media";

export function manifestKind(name: string, hlsMasterName: string): ManifestKind | null {
  if (name.endsWith(".mpd")) return "mpd";
  if (!name.endsWith(".m3u8")) return null;
  return name === hlsMasterName ? "hls-master" : "hls-media";
}

/** True once the manifest describes the whole video: players stop polling it. */
export function isFinalManifest(kind: ManifestKind, text: string): boolean {
  switch (kind) {
    case "mpd":
      return /\btype="static"/.test(text);
    case "hls-media":
      return /^#EXT-X-ENDLIST\s*$/m.test(text);
    case "hls-master":
      // Lists playlists, not segments: it never changes as the encode goes on.
      return true;
  }
}

export function referencedFiles(kind: ManifestKind, text: string): string[] {
  return kind === "mpd" ? mpdReferences(text) : playlistReferences(text);
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`);

function attribute(element: string, name: string): string | undefined {
  return ATTRIBUTE(name).exec(element)?.[1];
}

/** Every Representation's init segment and one media segment per SegmentTimeline entry (and repeat). */
function mpdReferences(mpd: string): string[] {
  const files: string[] = [];
  for (const rep of mpd.matchAll(/<Representation\b([^>]*)>([\s\S]*?)<\/Representation>/g)) {
    const id = attribute(rep[1] ?? "", "id");
    const body = rep[2] ?? "";
    const template = /<SegmentTemplate\b([^>]*)>/.exec(body)?.[1];
    if (id === undefined || template === undefined) throw new Error("manifest has a Representation without id or SegmentTemplate");
    const init = attribute(template, "initialization");
    const media = attribute(template, "media");
    if (init) files.push(fillTemplate(init, id, 0, 0));
    if (!media) continue;
    let number = Number(attribute(template, "startNumber") ?? "1");
    let time = 0;
    for (const s of body.matchAll(/<S\b([^>]*)\/?>/g)) {
      const attrs = s[1] ?? "";
      const t = attribute(attrs, "t");
      if (t !== undefined) time = Number(t);
      const duration = Number(attribute(attrs, "d"));
      const repeat = Number(attribute(attrs, "r") ?? "0");
      if (!Number.isFinite(duration) || repeat < 0) throw new Error("manifest has a SegmentTimeline entry this reader does not support");
      for (let i = 0; i <= repeat; i++) {
        files.push(fillTemplate(media, id, number++, time));
        time += duration;
      }
    }
  }
  return files.map(unescapeXml);
}

/** `$RepresentationID$`, `$Number$` / `$Number%05d$`, `$Time$`, and `$$` as DASH (ISO 23009-1 5.3.9.4.4) defines them. */
function fillTemplate(template: string, id: string, number: number, time: number): string {
  return template.replace(/\$(RepresentationID|Number|Time|)(?:%0(\d+)d)?\$/g, (_, name: string, width: string | undefined) => {
    if (name === "") return "$";
    const value = name === "RepresentationID" ? id : String(name === "Number" ? number : time);
    return width ? value.padStart(Number(width), "0") : value;
  });
}

const unescapeXml = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** URI lines and URI="..." attributes (EXT-X-MAP, EXT-X-MEDIA) of an HLS playlist. */
function playlistReferences(playlist: string): string[] {
  const files: string[] = [];
  for (const raw of playlist.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("#")) files.push(line);
    else for (const m of line.matchAll(/URI="([^"]+)"/g)) if (m[1]) files.push(m[1]);
  }
  return files;
}
