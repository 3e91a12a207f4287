/** What the pipeline needs to know about an upload, as probed. */
export interface MediaInfo {
  durationSeconds: number;
  /** Display size: after the sample aspect ratio and the rotation are applied. */
  width: number;
  height: number;
  /** Clockwise degrees a player turns the coded picture to show it upright (the `rotate` tag's sense). */
  rotation: 0 | 90 | 180 | 270;
  hasAudio: boolean;
  videoCodec: string;
  frameRate: number;
}

/** The upload itself is unusable: retrying cannot help, and `reason` is shown to the video's owner. */
export class BadMediaError extends Error {
  constructor(
    readonly reason: string,
    opts?: ErrorOptions,
  ) {
    super(reason, opts);
    this.name = "BadMediaError";
  }
}

/** A source given as an http(s) URL (read by ffmpeg with byte ranges) rather than a local path. */
export const isUrl = (source: string): boolean => /^https?:\/\//.test(source);
