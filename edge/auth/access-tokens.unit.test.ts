import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { issueAccessToken, verifyAccessToken } from "./access-tokens.js";
import type { KeyRing } from "../ports/index.js";
import { createKeyRing } from "./key-ring.js";

const settings = { issuer: "vod-edge", audience: "vod-api", ttlSeconds: 900 };
const now = new Date("2026-11-30T12:00:00Z");
const subject = { userId: "usr_1", sessionId: "ses_1" };

async function privateJwk(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "ES256" };
}

let ring: KeyRing;
let current: JWK;
beforeAll(async () => {
  current = await privateJwk("k2");
  ring = await createKeyRing(current, []);
});

const rejects = (token: string, at = now, r = ring) =>
  expect(verifyAccessToken(r, settings, token, at)).rejects.toMatchObject({ kind: "unauthorized" });

describe("access tokens", () => {
  it("carry kid, sub, jti, iat, exp, iss, aud and verify", async () => {
    const { token } = await issueAccessToken(ring, settings, subject, now);
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(new TextDecoder().decode(base64url.decode(p))));
    expect(header).toMatchObject({ alg: "ES256", kid: "k2", typ: "JWT" });
    expect(payload).toMatchObject({
      sub: "usr_1",
      sid: "ses_1",
      iss: "vod-edge",
      aud: "vod-api",
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 900,
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    await expect(verifyAccessToken(ring, settings, token, now)).resolves.toMatchObject({ userId: "usr_1", sessionId: "ses_1" });
  });

  it("refuses alg none", async () => {
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const t = Math.floor(now.getTime() / 1000);
    await rejects(
      `${enc({ alg: "none", kid: "k2" })}.${enc({ sub: "usr_1", sid: "ses_1", jti: "x", iat: t, exp: t + 60, iss: "vod-edge", aud: "vod-api" })}.`,
    );
  });

  it("refuses HS256 signed with the public key as the secret", async () => {
    const publicJson = new TextEncoder().encode(JSON.stringify(ring.jwks.keys[0]));
    const forged = await new SignJWT({ sid: "ses_1" })
      .setProtectedHeader({ alg: "HS256", kid: "k2" })
      .setSubject("usr_1")
      .setJti("x")
      .setIssuedAt(now)
      .setExpirationTime("5m")
      .setIssuer("vod-edge")
      .setAudience("vod-api")
      .sign(publicJson);
    await rejects(forged);
  });

  it("refuses expired and not-yet-valid tokens", async () => {
    const { token } = await issueAccessToken(ring, settings, subject, now);
    await rejects(token, new Date(now.getTime() + 901_000));
    await rejects(token, new Date(now.getTime() - 60_000));
  });

  it("refuses the wrong audience or issuer", async () => {
    const { token: aud } = await issueAccessToken(ring, { ...settings, audience: "other-api" }, subject, now);
    await rejects(aud);
    const { token: iss } = await issueAccessToken(ring, { ...settings, issuer: "someone-else" }, subject, now);
    await rejects(iss);
  });

  it("refuses a tampered payload", async () => {
    const { token } = await issueAccessToken(ring, settings, subject, now);
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    await rejects(`${h}.${base64url.encode(JSON.stringify({ ...payload, sub: "usr_admin" }))}.${s}`);
  });

  it("refuses an unknown kid and a key that is not ours", async () => {
    const stranger = await createKeyRing(await privateJwk("k2"), []);
    const { token } = await issueAccessToken(stranger, settings, subject, now);
    await rejects(token);
    const unknownKid = await createKeyRing(await privateJwk("k9"), []);
    await rejects((await issueAccessToken(unknownKid, settings, subject, now)).token);
  });

  it("keeps verifying tokens of a rotated-out key listed in the public keys", async () => {
    const old = await privateJwk("k1");
    const oldRing = await createKeyRing(old, []);
    const { token } = await issueAccessToken(oldRing, settings, subject, now);
    const { d: _d, ...oldPublic } = old;
    const rotated = await createKeyRing(current, [oldPublic]);
    await expect(verifyAccessToken(rotated, settings, token, now)).resolves.toMatchObject({ userId: "usr_1" });
    await rejects(token); // a ring without the old key refuses it
    expect(rotated.jwks.keys.map((k) => k.kid)).toEqual(["k2", "k1"]);
  });

  it("refuses symmetric keys in the configuration", async () => {
    await expect(createKeyRing({ kty: "oct", k: "c2VjcmV0", kid: "h", alg: "HS256" }, [])).rejects.toThrow(/must be EC/);
  });
});
