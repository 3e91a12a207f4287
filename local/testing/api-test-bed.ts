import { afterAll, beforeAll } from "vitest";
import { removeVideos } from "./catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "./edge-harness.js";

export interface ApiTestBed<Name extends string> {
  /** The edge app against the stack, ready in the file's tests. */
  h: Harness;
  /** One signed-up user per name asked for. */
  user: Record<Name, SignedUp>;
  /** Ids of the videos a test inserted: removed after the file's tests. */
  created: string[];
}

/**
 * An api test file's usual setup in one call: the harness and its users before the file's tests (display
 * names by role, e.g. `{ owner: "Field Owner" }`), the videos the tests recorded in `created` removed after.
 */
export function apiTestBed<Name extends string>(users: Record<Name, string>, overrides: Record<string, string> = {}): ApiTestBed<Name> {
  const bed = { created: [] as string[], user: {} as Record<Name, SignedUp> } as ApiTestBed<Name>;
  beforeAll(async () => {
    bed.h = await edgeHarness(overrides);
    for (const [role, name] of Object.entries(users) as [Name, string][]) bed.user[role] = await signUp(bed.h, name);
  });
  afterAll(async () => removeVideos(bed.h.ports.db, bed.created));
  return bed;
}
