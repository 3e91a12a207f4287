import type { CryptoKey, JSONWebKeySet } from "jose";

/** The keys that sign and verify the edge's tokens (access and playback), built once by the entry. */
export interface KeyRing {
  kid: string;
  alg: string;
  signingKey: CryptoKey;
  /** Every key that may verify a token: the current one plus those kept for rotation. */
  jwks: JSONWebKeySet;
  algorithms: string[];
}
