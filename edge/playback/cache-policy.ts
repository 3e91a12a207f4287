import type { VideoGrant } from "./cdn-signer.js";

// A manifest still being written gains a segment every 2 s: a player polling it must see each one.
const GROWING_MAX_AGE_SECONDS = 1;
const FINISHED_MAX_AGE_CAP_SECONDS = 3600;

/**
 * Rewritten manifests carry one caller's signatures, so only that caller may keep them (`private`). One
 * that is still growing is kept a second; a finished one never changes again, so it is kept while at
 * least half the life of its signatures remains, and a player that reuses it still has time to play.
 */
export function manifestCacheControl(growing: boolean, grant: VideoGrant, now: Date): string {
  if (growing) return `private, max-age=${GROWING_MAX_AGE_SECONDS}`;
  const halfLifeSeconds = Math.floor((grant.expiresAt.getTime() - now.getTime()) / 2000);
  return `private, max-age=${Math.max(0, Math.min(FINISHED_MAX_AGE_CAP_SECONDS, halfLifeSeconds))}`;
}
