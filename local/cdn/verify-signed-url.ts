import { verify as verifySignature, type KeyObject } from "node:crypto";
import { decodeCloudFrontBase64 } from "./cloudfront-base64.js";
import { cannedPolicy, customPolicySchema } from "./policy.js";
import { resourceMatches } from "./resource-pattern.js";
import { splitSignedRequestUrl } from "./signed-request-url.js";
import { sourceIpAllowed } from "./source-ip.js";
import { loadTrustedKeys, type TrustedKey, type TrustedKeyMap } from "./trusted-keys.js";

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface RequestFacts {
  now: Date;
  /** The viewer's address as the socket reports it; only a policy with `IpAddress` needs it. */
  clientIp?: string;
}

export type SignedUrlVerifier = (url: URL, facts: RequestFacts) => Verdict;

// Without Hash-Algorithm, CloudFront verifies SHA-1, which is what every signer produced before 2026.
const DEFAULT_ALGORITHM = "RSA-SHA1";
const ALGORITHMS: ReadonlyMap<string, string> = new Map([["SHA256", "RSA-SHA256"]]);
const EPOCH_SECONDS = /^\d{1,12}$/;
const MS_PER_SECOND = 1000;

const deny = (reason: string): Verdict => ({ ok: false, reason });

/**
 * Checks a signed URL as a CloudFront distribution with trusted key groups does, for canned policies
 * (`Expires`) and custom ones (`Policy`). Reasons are short and never contain the signature or policy.
 */
export function createSignedUrlVerifier(opts: { publicBaseUrl: string; keys: TrustedKeyMap }): SignedUrlVerifier {
  return (url, facts) => {
    const split = splitSignedRequestUrl(url, opts.publicBaseUrl);
    if (!split.ok) return split;
    const { params, resourceUrl } = split;
    const keyPairId = params["Key-Pair-Id"];
    if (keyPairId === undefined) return deny("missing Key-Pair-Id");
    if (params.Signature === undefined) return deny("missing Signature");
    if (params.Policy === undefined && params.Expires === undefined) return deny("missing Policy or Expires");
    if (params.Policy !== undefined && params.Expires !== undefined) return deny("both Policy and Expires");

    const algorithm = params["Hash-Algorithm"] === undefined ? DEFAULT_ALGORITHM : ALGORITHMS.get(params["Hash-Algorithm"]);
    if (algorithm === undefined) return deny("unsupported Hash-Algorithm");
    const key = opts.keys.get(keyPairId);
    if (!key) return deny("unknown Key-Pair-Id");
    const signature = decodeCloudFrontBase64(params.Signature);
    if (!signature) return deny("malformed Signature");

    if (params.Expires !== undefined) {
      if (!EPOCH_SECONDS.test(params.Expires)) return deny("malformed Expires");
      const expires = Number(params.Expires);
      // The signature covers the rebuilt policy, so a URL for another path simply fails to verify here.
      if (!signed(algorithm, Buffer.from(cannedPolicy(resourceUrl, expires)), key, signature)) return deny("bad signature");
      return facts.now.getTime() < expires * MS_PER_SECOND ? { ok: true } : deny("expired");
    }

    const policy = decodeCloudFrontBase64(params.Policy ?? "");
    if (!policy) return deny("malformed Policy");
    if (!signed(algorithm, policy, key, signature)) return deny("bad signature");
    return checkCustomPolicy(policy, resourceUrl, facts);
  };
}

/** The one-shot form of {@link createSignedUrlVerifier}; it parses the keys on every call. */
export function verifySignedUrl(
  url: URL,
  opts: { publicBaseUrl: string; trustedKeys: TrustedKey[]; now: Date; clientIp?: string },
): Verdict {
  return createSignedUrlVerifier({ publicBaseUrl: opts.publicBaseUrl, keys: loadTrustedKeys(opts.trustedKeys) })(url, opts);
}

function checkCustomPolicy(policy: Buffer, resourceUrl: string, facts: RequestFacts): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(policy.toString("utf8"));
  } catch {
    return deny("malformed policy (not JSON)");
  }
  const parsed = customPolicySchema.safeParse(json);
  if (!parsed.success) return deny(`malformed policy (${parsed.error.issues[0]?.path.map(String).join(".") || "shape"})`);
  const [statement] = parsed.data.Statement;
  const { DateLessThan, DateGreaterThan, IpAddress } = statement.Condition;
  const now = facts.now.getTime();

  if (statement.Resource !== undefined && !resourceMatches(statement.Resource, resourceUrl)) return deny("resource mismatch");
  if (now >= DateLessThan["AWS:EpochTime"] * MS_PER_SECOND) return deny("expired");
  if (DateGreaterThan && now < DateGreaterThan["AWS:EpochTime"] * MS_PER_SECOND) return deny("not yet valid");
  if (IpAddress) {
    const allowed = sourceIpAllowed(IpAddress["AWS:SourceIp"], facts.clientIp);
    if (allowed === null) return deny("malformed policy (AWS:SourceIp)");
    if (!allowed) return deny("source ip not allowed");
  }
  return { ok: true };
}

function signed(algorithm: string, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verifySignature(algorithm, data, key, signature);
  } catch {
    // OpenSSL throws rather than returning false for some malformed signatures (wrong length).
    return false;
  }
}
