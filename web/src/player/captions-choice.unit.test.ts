import { describe, expect, it } from "vitest";
import { CAPTIONS_OFF, initialCaption, rememberCaption, trackFor } from "./captions-choice.js";

class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
}
const storage = () => new MemoryStorage() as unknown as Storage;
const tracks = [
  { language: "en-GB", label: "English", kind: "captions" },
  { language: "fr", label: "Français", kind: "subtitles" },
];

describe("the captions the player starts with", () => {
  it("matches the setting by tag, then by language", () => {
    expect(trackFor(tracks, "fr")?.language).toBe("fr");
    expect(trackFor(tracks, "EN-gb")?.language).toBe("en-GB");
    expect(trackFor(tracks, "en")?.language).toBe("en-GB");
    expect(trackFor(tracks, "fr-CA")?.language).toBe("fr");
    expect(trackFor(tracks, "de")).toBeNull();
    expect(trackFor(tracks, null)).toBeNull();
  });

  it("follows the setting when nothing was chosen, and none when no track matches", () => {
    expect(initialCaption(tracks, "fr", storage())).toBe("fr");
    expect(initialCaption(tracks, "de", storage())).toBeNull();
    expect(initialCaption(tracks, null, storage())).toBeNull();
  });

  it("keeps a menu choice, off included, until the setting changes", () => {
    const s = storage();
    rememberCaption(s, "fr", "en");
    expect(initialCaption(tracks, "en", s)).toBe("fr");
    rememberCaption(s, CAPTIONS_OFF, "en");
    expect(initialCaption(tracks, "en", s)).toBeNull();
    // Changed on /me since: the setting wins again.
    expect(initialCaption(tracks, "fr", s)).toBe("fr");
  });
});
