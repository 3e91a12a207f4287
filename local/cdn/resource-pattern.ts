/**
 * CloudFront's `Resource` wildcards: `*` matches any run of characters (even none), `?` exactly one,
 * everything else only itself, case-sensitively. A linear matcher rather than a RegExp built from the
 * policy, so a policy with many `*` cannot make a request backtrack for long.
 */
export function resourceMatches(pattern: string, url: string): boolean {
  let p = 0;
  let u = 0;
  let star = -1;
  let resumeAt = 0;
  while (u < url.length) {
    const c = pattern[p];
    if (c !== undefined && c !== "*" && (c === "?" || c === url[u])) {
      p++;
      u++;
    } else if (c === "*") {
      star = p++;
      resumeAt = u;
    } else if (star !== -1) {
      // Let the last `*` swallow one more character and retry from just after it.
      p = star + 1;
      u = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
