/**
 * The HLS master as far as its media playlists are stored. ffmpeg's dash muxer writes the master at its
 * first manifest, naming every rendition's playlist, but writes a rendition's playlist only at the first
 * manifest after that rendition's first segment, and it writes manifests only after as many segment cuts as
 * there are video streams. With AV1 rungs the first manifest can come before the last AV1 rung's first cut:
 * its playlist then appears a whole round of segments later (about 3.7 s of a 10-rung 1080p encode on two
 * cores), and the master, which may only be stored after what it names, held the video from being playable.
 * So a live master lists the variants whose playlists are stored; it changes, and is stored whole, once the
 * rest are. Players read a master once: one that came early plays without the late variants.
 */
export function storedVariantsOnly(master: string, isStored: (playlist: string) => boolean): string | null {
  const lines = master.split("\n");
  const kept: string[] = [];
  let variants = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("#EXT-X-MEDIA:")) {
      // A rendition group (the audio) serves every variant: without it no variant plays.
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (uri !== undefined && !isStored(uri)) return null;
    }
    if (!line.startsWith("#EXT-X-STREAM-INF:")) {
      kept.push(line);
      continue;
    }
    let next = i + 1;
    while (next < lines.length && lines[next]!.trim() === "") next++;
    const uri = lines[next]?.trim();
    if (uri === undefined || uri.startsWith("#")) throw new Error("HLS master has an EXT-X-STREAM-INF without its playlist");
    if (isStored(uri)) {
      kept.push(...lines.slice(i, next + 1));
      variants++;
    }
    i = next;
  }
  return variants > 0 ? kept.join("\n") : null;
}
