import { describe, expect, it } from "vitest";
import { manifestCacheControl } from "./cache-policy.js";

const now = new Date("2026-01-01T00:00:00Z");
const grantFor = (seconds: number) => ({ url: (file: string) => file, expiresAt: new Date(now.getTime() + seconds * 1000) });

describe("manifest cache policy", () => {
  it("keeps a growing manifest one second, whatever its signatures allow", () => {
    expect(manifestCacheControl(true, grantFor(3600), now)).toBe("private, max-age=1");
  });

  it("keeps a finished one for half its signatures' remaining life, at most an hour", () => {
    expect(manifestCacheControl(false, grantFor(3600), now)).toBe("private, max-age=1800");
    expect(manifestCacheControl(false, grantFor(61), now)).toBe("private, max-age=30");
    expect(manifestCacheControl(false, grantFor(86_400), now)).toBe("private, max-age=3600");
    expect(manifestCacheControl(false, grantFor(-5), now)).toBe("private, max-age=0");
  });
});
