import { describe, expect, it } from "vitest";
import { edgeConfigSchema } from "../../shared/config/edge-config.js";
import { hashPassword, parseHash, verifyPassword } from "./passwords.js";

describe("password hashing", () => {
  it("uses PBKDF2-SHA256 at Workers' 100,000-iteration cap by default, and never more", () => {
    const defaults = edgeConfigSchema.shape.PASSWORD_PBKDF2_ITERATIONS;
    expect(defaults.parse(undefined)).toBe(100_000);
    expect(defaults.safeParse("100001").success).toBe(false);
  });

  it("stores algorithm, iterations, salt and hash, salted per password", async () => {
    const a = await hashPassword("hunter22", 100_000);
    const b = await hashPassword("hunter22", 100_000);
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(parseHash(a)?.iterations).toBe(100_000);
    expect(a).not.toBe(b);
  });

  it("verifies the right password only", async () => {
    const stored = await hashPassword("correct horse", 100_000);
    expect(await verifyPassword("correct horse", stored, 100_000)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("correct hors", stored, 100_000)).ok).toBe(false);
    expect((await verifyPassword("correct horse", "md5$abc", 100_000)).ok).toBe(false);
  });

  it("asks for a rehash when the stored parameters are weaker than the configured ones", async () => {
    const weak = await hashPassword("pw-123456", 10_000);
    expect(await verifyPassword("pw-123456", weak, 100_000)).toEqual({ ok: true, needsRehash: true });
  });
});
