import type { EdgePorts } from "../ports/index.js";
import type { CdnSigning } from "./cdn-signer.js";

export const cdnSigning = (p: EdgePorts): CdnSigning => ({
  baseUrl: p.config.CDN_BASE_URL,
  keyPairId: p.config.CLOUDFRONT_KEY_PAIR_ID,
  privateKey: p.config.CLOUDFRONT_PRIVATE_KEY,
  ttlSeconds: p.config.PLAYBACK_URL_TTL_SECONDS,
});
