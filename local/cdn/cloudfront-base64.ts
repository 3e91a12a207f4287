// CloudFront's own URL-safe alphabet: standard base64 with + = / swapped for - _ ~ (not RFC 4648 base64url).
const URL_SAFE_BASE64 = /^[A-Za-z0-9\-_~]+$/;
const TO_STANDARD: Record<string, string> = { "-": "+", _: "=", "~": "/" };

/** Decodes a Policy or Signature value; null when it is not in CloudFront's alphabet. */
export function decodeCloudFrontBase64(text: string): Buffer | null {
  if (!URL_SAFE_BASE64.test(text)) return null;
  return Buffer.from(
    text.replace(/[-_~]/g, (c) => TO_STANDARD[c] ?? c),
    "base64",
  );
}
