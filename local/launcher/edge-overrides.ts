import { edgeConfigSchema } from "../../shared/config/edge-config.js";

/**
 * Edge settings taken from the launcher's own environment, e.g. `SINGLE_PUT_MAX_BYTES=6291456 npm run dev`
 * to try multipart uploads with small files. Only the edge's configuration keys, and never one the
 * stack sets itself (database, Redis, keys, storage, CORS): those must match what it started.
 */
export function edgeOverrides(env: Record<string, string | undefined>, stackEnv: Record<string, string>): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const key of Object.keys(edgeConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && !(key in stackEnv)) overrides[key] = value;
  }
  return overrides;
}
