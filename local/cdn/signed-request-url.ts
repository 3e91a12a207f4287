/** The query parameters CloudFront reads and strips before it compares a URL with its policy. */
export const SIGNING_PARAMS = ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"] as const;
export type SigningParam = (typeof SIGNING_PARAMS)[number];

const SIGNING_PARAM_NAMES: ReadonlySet<string> = new Set(SIGNING_PARAMS);

export type SignedRequestUrl =
  { ok: true; resourceUrl: string; params: Partial<Record<SigningParam, string>> } | { ok: false; reason: string };

/**
 * Splits a request URL the way CloudFront does: the signing parameters on one side, and on the other
 * the URL the policy must cover, which is the public base, the path as requested and the viewer's other
 * query parameters, byte for byte and in their order (a canned signature covers exactly that string).
 * Only the path and query of `url` count: the scheme and host are the distribution's, from `publicBaseUrl`.
 */
export function splitSignedRequestUrl(url: URL, publicBaseUrl: string): SignedRequestUrl {
  const params: Partial<Record<SigningParam, string>> = {};
  const kept: string[] = [];
  // Not URLSearchParams: it would decode and re-encode the viewer's parameters, and turn + into a space.
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    if (name === null || !SIGNING_PARAM_NAMES.has(name)) {
      kept.push(pair);
      continue;
    }
    const value = safeDecode(eq === -1 ? "" : pair.slice(eq + 1));
    if (value === null) return { ok: false, reason: `malformed ${name}` };
    const param = name as SigningParam; // checked against SIGNING_PARAM_NAMES just above
    if (params[param] !== undefined) return { ok: false, reason: `duplicate ${name}` };
    params[param] = value;
  }
  const base = publicBaseUrl.replace(/\/+$/, "");
  const query = kept.length > 0 ? `?${kept.join("&")}` : "";
  return { ok: true, resourceUrl: `${base}${url.pathname}${query}`, params };
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
