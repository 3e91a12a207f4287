import { generateKeyPairSync } from "node:crypto";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { describe, expect, it } from "vitest";
import { verifySignedUrl, type TrustedKey } from "./index.js";

const BASE = "http://cdn.test";
const NOW = new Date("2030-01-01T00:00:00Z");
const epoch = (date: Date, offsetSeconds = 0) => Math.floor(date.getTime() / 1000) + offsetSeconds;
const HOUR = 3600;

function keyPair(keyPairId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyPairId,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    trusted: { keyPairId, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() } satisfies TrustedKey,
  };
}

const current = keyPair("KCURRENT");
const next = keyPair("KNEXT");
const trustedKeys = [current.trusted, next.trusted];

type Condition = Record<string, unknown>;
const policyFor = (resource: string, condition: Condition) => JSON.stringify({ Statement: [{ Resource: resource, Condition: condition }] });
const until = (seconds: number): Condition => ({ DateLessThan: { "AWS:EpochTime": epoch(NOW, seconds) } });

/** A custom-policy URL for one file, signed as the edge signs: a wildcard over the video's prefix. */
function customUrl(
  opts: { file?: string; condition?: Condition; resource?: string; key?: typeof current; keyPairId?: string } = {},
): string {
  const key = opts.key ?? current;
  return getSignedUrl({
    url: `${BASE}/videos/vid_1/${opts.file ?? "manifest.mpd"}`,
    policy: policyFor(opts.resource ?? `${BASE}/videos/vid_1/*`, opts.condition ?? until(HOUR)),
    keyPairId: opts.keyPairId ?? key.keyPairId,
    privateKey: key.privateKey,
  });
}

const cannedUrl = (url = `${BASE}/videos/vid_1/manifest.mpd`, dateLessThan = new Date(NOW.getTime() + HOUR * 1000)) =>
  getSignedUrl({ url, dateLessThan, keyPairId: current.keyPairId, privateKey: current.privateKey });

const verify = (url: string, facts: { now?: Date; clientIp?: string; publicBaseUrl?: string } = {}) =>
  verifySignedUrl(new URL(url), {
    publicBaseUrl: facts.publicBaseUrl ?? BASE,
    trustedKeys,
    now: facts.now ?? NOW,
    ...(facts.clientIp !== undefined && { clientIp: facts.clientIp }),
  });

/** The same signing query on another path, as a player does with the edge's rewritten manifests. */
const moveTo = (signed: string, path: string) => `${BASE}${path}${new URL(signed).search}`;

const withParam = (signed: string, name: string, value: string | null) => {
  const url = new URL(signed);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.toString();
};

function tamper(signature: string): string {
  const i = Math.floor(signature.length / 2);
  return `${signature.slice(0, i)}${signature[i] === "A" ? "B" : "A"}${signature.slice(i + 1)}`;
}

describe("verifySignedUrl, custom policy", () => {
  it("accepts the URL it signed and, with the same query, every other file of the video", () => {
    expect(verify(customUrl())).toEqual({ ok: true });
    expect(verify(moveTo(customUrl(), "/videos/vid_1/720p/chunk-00001.m4s"))).toEqual({ ok: true });
  });

  it("compares the viewer's own query parameters as part of the resource", () => {
    const signed = new URL(customUrl());
    expect(verify(`${BASE}/videos/vid_1/manifest.mpd?lang=en&${signed.search.slice(1)}`)).toEqual({ ok: true });
    const exact = customUrl({ resource: `${BASE}/videos/vid_1/manifest.mpd` });
    expect(verify(`${BASE}/videos/vid_1/manifest.mpd?lang=en&${new URL(exact).search.slice(1)}`)).toEqual({
      ok: false,
      reason: "resource mismatch",
    });
  });

  it("refuses a tampered signature and a tampered policy", () => {
    const signed = customUrl();
    const signature = new URL(signed).searchParams.get("Signature")!;
    expect(verify(withParam(signed, "Signature", tamper(signature)))).toEqual({ ok: false, reason: "bad signature" });
    const otherPolicy = new URL(customUrl({ resource: `${BASE}/videos/*` })).searchParams.get("Policy")!;
    expect(verify(withParam(signed, "Policy", otherPolicy))).toEqual({ ok: false, reason: "bad signature" });
  });

  it("refuses the same signature on another video's path, or for another host", () => {
    expect(verify(moveTo(customUrl(), "/videos/vid_2/manifest.mpd"))).toEqual({ ok: false, reason: "resource mismatch" });
    expect(verify(customUrl(), { publicBaseUrl: "http://other-cdn.test" })).toEqual({ ok: false, reason: "resource mismatch" });
  });

  it("ignores a trailing slash on the public base URL", () => {
    expect(verify(customUrl(), { publicBaseUrl: `${BASE}/` })).toEqual({ ok: true });
  });

  it("refuses an expired URL, from the DateLessThan second on", () => {
    expect(verify(customUrl(), { now: new Date(NOW.getTime() + HOUR * 1000 - 1) })).toEqual({ ok: true });
    expect(verify(customUrl(), { now: new Date(NOW.getTime() + HOUR * 1000) })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses an unknown Key-Pair-Id", () => {
    expect(verify(customUrl({ keyPairId: "KRETIRED" }))).toEqual({ ok: false, reason: "unknown Key-Pair-Id" });
  });

  it("refuses a URL before its DateGreaterThan and accepts it from then on", () => {
    const url = customUrl({ condition: { ...until(2 * HOUR), DateGreaterThan: { "AWS:EpochTime": epoch(NOW, HOUR) } } });
    expect(verify(url)).toEqual({ ok: false, reason: "not yet valid" });
    expect(verify(url, { now: new Date(NOW.getTime() + HOUR * 1000) })).toEqual({ ok: true });
  });

  it("checks IpAddress against the viewer's address, IPv4-mapped included", () => {
    const url = customUrl({ condition: { ...until(HOUR), IpAddress: { "AWS:SourceIp": "203.0.113.0/24" } } });
    expect(verify(url, { clientIp: "203.0.113.7" })).toEqual({ ok: true });
    expect(verify(url, { clientIp: "::ffff:203.0.113.7" })).toEqual({ ok: true });
    expect(verify(url, { clientIp: "198.51.100.7" })).toEqual({ ok: false, reason: "source ip not allowed" });
    expect(verify(url, { clientIp: "2001:db8::1" })).toEqual({ ok: false, reason: "source ip not allowed" });
    expect(verify(url)).toEqual({ ok: false, reason: "source ip not allowed" });
  });

  it("accepts the signer's own policy built from ipAddress, a single address as /32", () => {
    const url = getSignedUrl({
      url: `${BASE}/videos/vid_1/poster.jpg`,
      dateLessThan: new Date(NOW.getTime() + HOUR * 1000),
      ipAddress: "192.0.2.10",
      keyPairId: current.keyPairId,
      privateKey: current.privateKey,
    });
    expect(new URL(url).searchParams.has("Policy")).toBe(true);
    expect(verify(url, { clientIp: "192.0.2.10" })).toEqual({ ok: true });
    expect(verify(url, { clientIp: "192.0.2.11" })).toEqual({ ok: false, reason: "source ip not allowed" });
  });

  it("verifies URLs of every key in the trusted group (rotation), each only with its own key", () => {
    expect(verify(customUrl({ key: next }))).toEqual({ ok: true });
    expect(verify(customUrl({ key: next, keyPairId: current.keyPairId }))).toEqual({ ok: false, reason: "bad signature" });
    const onlyCurrent = verifySignedUrl(new URL(customUrl({ key: next })), {
      publicBaseUrl: BASE,
      trustedKeys: [current.trusted],
      now: NOW,
    });
    expect(onlyCurrent).toEqual({ ok: false, reason: "unknown Key-Pair-Id" });
  });

  it("verifies SHA-256 signatures when the URL says Hash-Algorithm=SHA256", () => {
    const url = getSignedUrl({
      url: `${BASE}/videos/vid_1/manifest.mpd`,
      policy: policyFor(`${BASE}/videos/vid_1/*`, until(HOUR)),
      keyPairId: current.keyPairId,
      privateKey: current.privateKey,
      algorithm: "SHA256",
    });
    expect(new URL(url).searchParams.get("Hash-Algorithm")).toBe("SHA256");
    expect(verify(url)).toEqual({ ok: true });
    expect(verify(withParam(url, "Hash-Algorithm", null))).toEqual({ ok: false, reason: "bad signature" });
    expect(verify(withParam(url, "Hash-Algorithm", "MD5"))).toEqual({ ok: false, reason: "unsupported Hash-Algorithm" });
  });

  it("refuses signed policies it cannot enforce rather than ignoring part of them", () => {
    expect(verify(customUrl({ condition: {} }))).toEqual({ ok: false, reason: "malformed policy (Statement.0.Condition.DateLessThan)" });
    expect(verify(customUrl({ condition: { ...until(HOUR), IPAddress: { "AWS:SourceIp": "192.0.2.0/24" } } }))).toMatchObject({
      ok: false,
    });
    expect(
      verify(customUrl({ condition: { ...until(HOUR), IpAddress: { "AWS:SourceIp": "not-a-cidr" } } }), { clientIp: "192.0.2.1" }),
    ).toEqual({
      ok: false,
      reason: "malformed policy (AWS:SourceIp)",
    });
  });
});

describe("verifySignedUrl, canned policy", () => {
  it("accepts the URL it signed, with or without the viewer's own query parameters", () => {
    const url = cannedUrl();
    expect(new URL(url).searchParams.has("Expires")).toBe(true);
    expect(new URL(url).searchParams.has("Policy")).toBe(false);
    expect(verify(url)).toEqual({ ok: true });
    expect(verify(cannedUrl(`${BASE}/videos/vid_1/manifest.mpd?lang=en&v=2`))).toEqual({ ok: true });
  });

  it("refuses it on any other URL: another video, another file, an added or reordered parameter", () => {
    expect(verify(moveTo(cannedUrl(), "/videos/vid_2/manifest.mpd"))).toEqual({ ok: false, reason: "bad signature" });
    expect(verify(moveTo(cannedUrl(), "/videos/vid_1/master.m3u8"))).toEqual({ ok: false, reason: "bad signature" });
    expect(verify(`${BASE}/videos/vid_1/manifest.mpd?x=1&${new URL(cannedUrl()).search.slice(1)}`)).toEqual({
      ok: false,
      reason: "bad signature",
    });
    const signed = new URL(cannedUrl(`${BASE}/videos/vid_1/manifest.mpd?a=1&b=2`));
    const signing = signed.search.slice(1).split("&").slice(2).join("&");
    expect(verify(`${BASE}/videos/vid_1/manifest.mpd?b=2&a=1&${signing}`)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("refuses a tampered signature, an extended Expires, an expired URL and an unknown key", () => {
    const url = cannedUrl();
    expect(verify(withParam(url, "Signature", tamper(new URL(url).searchParams.get("Signature")!)))).toEqual({
      ok: false,
      reason: "bad signature",
    });
    expect(verify(withParam(url, "Expires", String(epoch(NOW, 10 * HOUR))))).toEqual({ ok: false, reason: "bad signature" });
    expect(verify(url, { now: new Date(NOW.getTime() + HOUR * 1000) })).toEqual({ ok: false, reason: "expired" });
    expect(verify(withParam(url, "Key-Pair-Id", "KRETIRED"))).toEqual({ ok: false, reason: "unknown Key-Pair-Id" });
  });
});

describe("verifySignedUrl, missing or malformed parameters", () => {
  it.each([
    ["Key-Pair-Id", "missing Key-Pair-Id"],
    ["Signature", "missing Signature"],
    ["Policy", "missing Policy or Expires"],
  ])("refuses a URL without %s", (param, reason) => {
    expect(verify(withParam(customUrl(), param, null))).toEqual({ ok: false, reason });
  });

  it("refuses an unsigned URL, a URL with both Policy and Expires, and duplicated parameters", () => {
    expect(verify(`${BASE}/videos/vid_1/manifest.mpd`)).toEqual({ ok: false, reason: "missing Key-Pair-Id" });
    expect(verify(withParam(customUrl(), "Expires", String(epoch(NOW, HOUR))))).toEqual({ ok: false, reason: "both Policy and Expires" });
    expect(verify(`${customUrl()}&Signature=AAAA`)).toEqual({ ok: false, reason: "duplicate Signature" });
  });

  it("refuses values outside CloudFront's base64 alphabet", () => {
    expect(verify(withParam(customUrl(), "Signature", "abc+def/=="))).toEqual({ ok: false, reason: "malformed Signature" });
    expect(verify(withParam(customUrl(), "Policy", "not*base64"))).toEqual({ ok: false, reason: "malformed Policy" });
    expect(verify(withParam(cannedUrl(), "Expires", "soon"))).toEqual({ ok: false, reason: "malformed Expires" });
  });
});
