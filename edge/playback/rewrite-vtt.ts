/**
 * Storyboard cues name sprite regions relative to the VTT (`storyboard.jpg#xywh=…`); a player resolves
 * them without the VTT's query string, so each image reference is made absolute and signed.
 */
export function rewriteStoryboardVtt(vtt: string, signedUrl: (file: string) => string): string {
  return vtt
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (
        trimmed === "" ||
        trimmed.startsWith("WEBVTT") ||
        trimmed.includes("-->") ||
        /^[a-z]+:\/\//i.test(trimmed) ||
        /^(NOTE|STYLE|REGION)\b/.test(trimmed)
      )
        return line;
      const [file, fragment] = trimmed.split("#", 2);
      if (!file || !/\.(jpe?g|png|webp)$/i.test(file)) return line;
      return fragment === undefined ? signedUrl(file) : `${signedUrl(file)}#${fragment}`;
    })
    .join("\n");
}
