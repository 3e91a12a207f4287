import { describe, expect, it } from "vitest";
import { afterTrackChange, showOnly, withoutSidecarText } from "./caption-tracks.js";

const tracks = (modes: Record<string, TextTrackMode>) => Object.entries(modes).map(([language, mode]) => ({ language, mode }));

describe("the player's caption tracks", () => {
  it("shows the chosen one only, the others off (not loaded)", () => {
    const list = tracks({ en: "showing", fr: "disabled", de: "hidden" });
    showOnly(list, "fr");
    expect(list).toEqual(tracks({ en: "disabled", fr: "showing", de: "disabled" }));
    showOnly(list, null);
    expect(list.every((t) => t.mode === "disabled")).toBe(true);
  });

  it("keeps the menu's choice against a track the browser turned on beside it", () => {
    expect(afterTrackChange(tracks({ en: "disabled", fr: "showing" }), "fr")).toBe("keep");
    expect(afterTrackChange(tracks({ en: "disabled", fr: "disabled" }), null)).toBe("keep");
    expect(afterTrackChange(tracks({ en: "showing", fr: "showing" }), "fr")).toBe("restore");
    expect(afterTrackChange(tracks({ en: "showing", fr: "showing" }), null)).toBe("restore");
  });

  it("follows a choice made in the video's own menu, none included", () => {
    expect(afterTrackChange(tracks({ en: "showing", fr: "disabled" }), "fr")).toEqual({ adopt: "en" });
    expect(afterTrackChange(tracks({ en: "disabled", fr: "disabled" }), "fr")).toEqual({ adopt: null });
    expect(afterTrackChange(tracks({ en: "disabled", fr: "showing" }), null)).toEqual({ adopt: "fr" });
  });

  it("leaves dash.js the manifest's audio and video, not its sidecar text files", () => {
    expect(withoutSidecarText({ mimeType: "video/mp4" })).toBe(true);
    expect(withoutSidecarText({ mimeType: "audio/mp4" })).toBe(true);
    expect(withoutSidecarText({ mimeType: null })).toBe(true);
    expect(withoutSidecarText({ mimeType: "text/vtt" })).toBe(false);
  });
});
