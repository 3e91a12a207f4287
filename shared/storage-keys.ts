/** One bucket: sources under `uploads/`, what the CDN serves under `videos/`. */
export const storageKeys = {
  source: (videoId: string) => `uploads/${videoId}/source`,
  thumbnail: (videoId: string) => `uploads/${videoId}/thumbnail`,
  uploadPrefix: (videoId: string) => `uploads/${videoId}/`,
  outputPrefix: (videoId: string) => `videos/${videoId}/`,
  manifest: (videoId: string) => `videos/${videoId}/manifest.mpd`,
  hlsMaster: (videoId: string) => `videos/${videoId}/master.m3u8`,
  poster: (videoId: string) => `videos/${videoId}/poster.jpg`,
  storyboard: (videoId: string) => `videos/${videoId}/storyboard.jpg`,
  storyboardVtt: (videoId: string) => `videos/${videoId}/storyboard.vtt`,
} as const;
