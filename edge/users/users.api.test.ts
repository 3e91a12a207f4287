import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, signUp, type Harness } from "../../local/testing/edge-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

describe("/users/me", () => {
  it("returns the signed-in user", async () => {
    const user = await signUp(h, "Grace Hopper");
    const res = await h.call("GET", "/users/me", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.user).toMatchObject({ id: user.userId, name: "Grace Hopper", email: user.email, image_url: null });
  });

  it("updates name and image, and clears the image with null", async () => {
    const user = await signUp(h);
    const res = await h.call("PATCH", "/users/me", {
      token: user.token,
      json: { name: "  New Name  ", image_url: "https://img.example/a.png" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message: "Profile updated",
      data: { user: { name: "New Name", image_url: "https://img.example/a.png" } },
    });
    expect(Date.parse(res.body.data.user.updated_at)).toBeGreaterThanOrEqual(Date.parse(res.body.data.user.created_at));

    const cleared = await h.call("PATCH", "/users/me", { token: user.token, json: { image_url: null } });
    expect(cleared.body.data.user).toMatchObject({ name: "New Name", image_url: null });
    expect((await h.call("GET", "/users/me", { token: user.token })).body.data.user.image_url).toBeNull();
  });

  it("rejects bad values and unknown keys, listing every field, and changes nothing", async () => {
    const user = await signUp(h, "Unchanged Name");
    const res = await h.call("PATCH", "/users/me", {
      token: user.token,
      json: { name: "x", image_url: "javascript:alert(1)", email: "new@example.test" },
    });
    expect(res.status).toBe(400);
    expect(res.body.data.errors).toEqual({
      name: ["The name must be at least 3 characters."],
      image_url: ["The image_url must be an http(s) URL."],
      email: ["Unknown field."],
    });
    expect((await h.call("GET", "/users/me", { token: user.token })).body.data.user.name).toBe("Unchanged Name");
  });

  it("is for signed-in users only", async () => {
    expect((await h.call("GET", "/users/me")).status).toBe(401);
    expect((await h.call("PATCH", "/users/me", { json: { name: "Nobody" } })).status).toBe(401);
  });
});

describe("/users/me/settings", () => {
  it("starts from the defaults", async () => {
    const user = await signUp(h);
    const res = await h.call("GET", "/users/me/settings", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.settings).toEqual({
      default_quality: "auto",
      autoplay: true,
      captions_language: null,
      playback_speed: 1,
      email_notifications: true,
    });
  });

  it("replaces the settings whole; omitted keys return to their defaults", async () => {
    const user = await signUp(h);
    const put = await h.call("PUT", "/users/me/settings", {
      token: user.token,
      json: { default_quality: "720p", autoplay: false, captions_language: "pt-BR", playback_speed: 1.5 },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.settings).toEqual({
      default_quality: "720p",
      autoplay: false,
      captions_language: "pt-BR",
      playback_speed: 1.5,
      email_notifications: true,
    });
    expect((await h.call("GET", "/users/me/settings", { token: user.token })).body.data.settings.default_quality).toBe("720p");

    const second = await h.call("PUT", "/users/me/settings", { token: user.token, json: { autoplay: true } });
    expect(second.body.data.settings).toMatchObject({ default_quality: "auto", autoplay: true, captions_language: null });
  });

  it("rejects invalid values and unknown keys with every field listed, and keeps the old settings", async () => {
    const user = await signUp(h);
    await h.call("PUT", "/users/me/settings", { token: user.token, json: { default_quality: "1080p" } });
    const res = await h.call("PUT", "/users/me/settings", {
      token: user.token,
      json: { default_quality: "8k", autoplay: "yes", theme: "dark", playback_speed: 9 },
    });
    expect(res.status).toBe(400);
    expect(res.body.data.errors).toMatchObject({
      default_quality: [expect.stringContaining("must be one of")],
      autoplay: ["The autoplay must be true or false."],
      captions_language: [],
      playback_speed: ["The playback_speed may not be greater than 4."],
      email_notifications: [],
      theme: ["Unknown field."],
    });
    expect((await h.call("GET", "/users/me/settings", { token: user.token })).body.data.settings.default_quality).toBe("1080p");
  });

  it("keeps one user's settings away from another's", async () => {
    const a = await signUp(h);
    const b = await signUp(h);
    await h.call("PUT", "/users/me/settings", { token: a.token, json: { default_quality: "240p" } });
    expect((await h.call("GET", "/users/me/settings", { token: b.token })).body.data.settings.default_quality).toBe("auto");
  });
});
