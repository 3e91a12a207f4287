/**
 * Makes every init and media segment URL of a DASH manifest absolute on the CDN and signed, so a
 * stock player (which does not copy the manifest's query string to segment requests) needs no hooks.
 * SegmentTemplate identifiers ($RepresentationID$, $Number%05d$) stay in the path, untouched.
 */
const TEMPLATE_ATTRIBUTE = /\b(initialization|media)="([^"]*)"/g;
const BASE_URL = /<BaseURL>[^<]*<\/BaseURL>\s*/g;

const escapeXml = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const unescapeXml = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function rewriteMpd(mpd: string, signedUrl: (file: string) => string): string {
  return mpd
    .replace(BASE_URL, "")
    .replace(TEMPLATE_ATTRIBUTE, (_, name: string, value: string) => {
      const file = unescapeXml(value);
      if (/^[a-z]+:\/\//i.test(file)) return `${name}="${value}"`;
      return `${name}="${escapeXml(signedUrl(file))}"`;
    });
}
