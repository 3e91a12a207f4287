/**
 * The bucket's CORS configuration. Browsers PUT straight to presigned URLs, and a multipart upload
 * needs each part's ETag from the response, which a browser only shows when it is exposed.
 */
export function corsXml(origins: readonly string[]): string {
  // S3 rejects a CORSRule without an AllowedOrigin, and without CORS no browser upload can work.
  if (origins.length === 0) throw new Error("s3: corsOrigins is empty; browsers could not upload");
  const methods = ["GET", "HEAD", "PUT", "POST", "DELETE"];
  return [
    "<CORSConfiguration><CORSRule>",
    ...origins.map((o) => `<AllowedOrigin>${escapeXml(o)}</AllowedOrigin>`),
    ...methods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`),
    "<AllowedHeader>*</AllowedHeader>",
    "<ExposeHeader>ETag</ExposeHeader>",
    "<MaxAgeSeconds>3000</MaxAgeSeconds>",
    "</CORSRule></CORSConfiguration>",
  ].join("");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
