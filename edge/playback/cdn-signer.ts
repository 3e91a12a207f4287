import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { storageKeys } from "../../shared/storage-keys.js";

export interface CdnSigning {
  baseUrl: string;
  keyPairId: string;
  privateKey: string;
  ttlSeconds: number;
}

/** Signed access to one video's files: a query string valid for every file under its prefix. */
export interface VideoGrant {
  /** Absolute CDN URL of a file of the video (a key relative to its `videos/<id>/` prefix). */
  url(file: string): string;
  expiresAt: Date;
}

/**
 * One CloudFront custom policy per video and caller: resource `<CDN>/videos/<id>/*`, `DateLessThan`
 * now + TTL. Because the resource is a wildcard, the same Policy/Signature/Key-Pair-Id query signs every
 * segment, which is what lets the edge rewrite manifests with signed segment URLs.
 */
export function grantVideo(signing: CdnSigning, videoId: string, now: Date): VideoGrant {
  const base = `${signing.baseUrl.replace(/\/+$/, "")}/${storageKeys.outputPrefix(videoId)}`;
  // CloudFront policies count whole seconds; the answer must not promise more than the policy grants.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000 + signing.ttlSeconds) * 1000);
  const policy = JSON.stringify({
    Statement: [{ Resource: `${base}*`, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(expiresAt.getTime() / 1000) } } }],
  });
  const signed = new URL(
    getSignedUrl({ url: `${base}manifest.mpd`, keyPairId: signing.keyPairId, privateKey: signing.privateKey, policy }),
  );
  const query = signed.search;
  // `$` stays literal: DASH template identifiers ($RepresentationID$, $Number%05d$) live in these paths.
  const encode = (segment: string) =>
    encodeURIComponent(segment)
      .replace(/%24/g, "$")
      .replace(/%25(\d+d)/g, "%$1");
  return {
    url: (file: string) => `${base}${file.split("/").map(encode).join("/")}${query}`,
    expiresAt,
  };
}
