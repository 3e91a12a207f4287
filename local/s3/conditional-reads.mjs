// s3rver 3.7.1 ignores If-Match on GET and HEAD. Real S3 answers 412 PreconditionFailed when the object's
// ETag differs, and the encoder relies on it: it reads a source range by range while it encodes, each read
// pinned to the ETag it saw first, so a source replaced meanwhile fails the encode instead of mixing two files.
import { readFile } from "node:fs/promises";
import S3Error from "s3rver/lib/models/error.js";

const unquote = (etag) => etag.trim().replace(/^W\//, "").replace(/"/g, "");
// Query parameters that do not name a subresource: the SDK's operation tag, presigning, response overrides.
const plainRead = (query) => Object.keys(query).every((k) => k === "x-id" || /^x-amz-/i.test(k) || k.startsWith("response-"));

/** Installed just before s3rver's router; an object that is missing is left to the router (NoSuchKey). */
export function honourIfMatch(server) {
  const ifMatch = async (ctx, next) => {
    const wanted = ctx.get("if-match");
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (!wanted || !match || (ctx.method !== "GET" && ctx.method !== "HEAD") || !plainRead(ctx.query)) return next();
    const stored = await readFile(ctx.store.getResourcePath(match[1], decodeURIComponent(match[2]), "object.md5"), "utf8").catch(
      () => null,
    );
    if (stored === null) return next();
    const accepted = wanted.split(",").map(unquote);
    if (!accepted.includes("*") && !accepted.includes(stored.trim())) {
      throw new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-Match" });
    }
    return next();
  };
  server.middleware.splice(server.middleware.length - 1, 0, ifMatch);
}
