/**
 * HLS over the same segments. The master playlist points at the edge's rewritten media playlists;
 * each media playlist points at signed CDN URLs for its init (EXT-X-MAP) and media segments.
 */
const URI_ATTRIBUTE = /URI="([^"]+)"/g;
const END_LIST = /^#EXT-X-ENDLIST/m;

/** A media playlist that is complete; without ENDLIST it is still being written (progressive publishing). */
export const isFinishedHlsMedia = (media: string): boolean => END_LIST.test(media);

function mapLines(playlist: string, mapUri: (uri: string) => string): string {
  return playlist
    .split(/\r?\n/)
    .map((line) => {
      if (line.startsWith("#")) return line.replace(URI_ATTRIBUTE, (_, uri: string) => `URI="${mapUri(uri)}"`);
      return line.trim() === "" ? line : mapUri(line.trim());
    })
    .join("\n");
}

const isAbsolute = (uri: string) => /^[a-z]+:\/\//i.test(uri);

export function rewriteHlsMaster(master: string, mediaPlaylistUrl: (name: string) => string): string {
  return mapLines(master, (uri) => (isAbsolute(uri) ? uri : mediaPlaylistUrl(uri)));
}

/**
 * ffmpeg's dash muxer does not mark its playlists; VOD lets native players seek from the start.
 * A playlist without ENDLIST is still being written (progressive publishing), so it stays EVENT.
 */
export function rewriteHlsMedia(media: string, signedUrl: (file: string) => string): string {
  const rewritten = mapLines(media, (uri) => (isAbsolute(uri) ? uri : signedUrl(uri)));
  if (/^#EXT-X-PLAYLIST-TYPE:/m.test(rewritten)) return rewritten;
  const type = isFinishedHlsMedia(rewritten) ? "VOD" : "EVENT";
  return rewritten.replace(/^#EXTM3U[^\n]*\n/, (head) => `${head}#EXT-X-PLAYLIST-TYPE:${type}\n`);
}

/** Media playlist names the edge serves: plain file names from the master, nothing that climbs paths. */
export const MEDIA_PLAYLIST_NAME = /^[A-Za-z0-9_.-]+\.m3u8$/;
