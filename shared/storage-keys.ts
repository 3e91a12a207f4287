/**
 * One bucket: sources under `uploads/`, what the CDN serves under `videos/`. Each encode attempt writes
 * into a revision folder of its own (`videos/<id>/<revision>/`), so a retry never overwrites a segment a
 * player may already hold: stored segments are immutable, and a manifest only names its own revision's.
 */
export const storageKeys = {
  source: (videoId: string) => `uploads/${videoId}/source`,
  thumbnail: (videoId: string) => `uploads/${videoId}/thumbnail`,
  uploadPrefix: (videoId: string) => `uploads/${videoId}/`,
  /** Where an owner PUTs a caption file before it is validated and published. */
  captionUpload: (videoId: string, language: string) => `uploads/${videoId}/captions/${language}`,
  /**
   * A published caption track: beside the revisions, so it outlives a re-encode, and one file per version
   * (`version` is random), so a replaced track never changes bytes a cache holds.
   */
  captionFile: (videoId: string, language: string, version: string) => `videos/${videoId}/captions/${language}.${version}.vtt`,
  outputPrefix: (videoId: string) => `videos/${videoId}/`,
  revisionPrefix: (videoId: string, revision: string) => `videos/${videoId}/${revision}/`,
  manifest: (videoId: string, revision: string) => `videos/${videoId}/${revision}/manifest.mpd`,
  hlsMaster: (videoId: string, revision: string) => `videos/${videoId}/${revision}/master.m3u8`,
  poster: (videoId: string, revision: string) => `videos/${videoId}/${revision}/poster.jpg`,
  storyboard: (videoId: string, revision: string) => `videos/${videoId}/${revision}/storyboard.jpg`,
  storyboardVtt: (videoId: string, revision: string) => `videos/${videoId}/${revision}/storyboard.vtt`,
  /** A download made from the revision's segments (`<rung>.mp4` or `audio.m4a`): beside it, so deleting the video removes it. */
  download: (videoId: string, revision: string, file: string) => `videos/${videoId}/${revision}/downloads/${file}`,
  /** Touched on every heartbeat while the attempt runs: a stale lease means the attempt is dead. */
  revisionLease: (videoId: string, revision: string) => `videos/${videoId}/${revision}/lease`,
  /** Written last: the encoded event of a finished revision, so a redelivered job can adopt it. */
  revisionRecord: (videoId: string, revision: string) => `videos/${videoId}/${revision}/revision.json`,
} as const;

/** `r` + the attempt's start in base-36 milliseconds (fixed width, so names sort by time) + randomness. */
export const REVISION_PATTERN = /^r[0-9a-z]{9}[0-9a-z]{6}$/;
