import type { MediaPlayerClass } from "dashjs";
import { h, mount } from "../dom.js";
import { loadDash } from "./dash-loader.js";
import { qualityOptions } from "./quality.js";
import { cueAt, parseStoryboard, type StoryboardCue } from "./storyboard.js";

export interface PlayerSources {
  /** The edge's rewritten MPD: every segment URL absolute and signed for the CDN. */
  dashUrl: string;
  hlsUrl: string | null;
  posterUrl: string | null;
  storyboardVttUrl: string | null;
  title: string;
}

export interface Player {
  element: HTMLElement;
  destroy(): void;
}

const hasMse = () => "MediaSource" in window || "ManagedMediaSource" in window;

/**
 * The watch page's player: dash.js on MSE (automatic adaptation, or a quality chosen from the menu);
 * Safari without MSE plays the HLS playlist natively. A seek bar under the video previews frames from
 * the storyboard.
 */
export function createPlayer(sources: PlayerSources): Player {
  const video = h("video", { controls: true, playsinline: true, preload: "metadata", "aria-label": sources.title });
  if (sources.posterUrl) video.poster = sources.posterUrl;
  const message = h("p", { class: "player-message", role: "alert" });
  const qualitySelect = h("select", { id: "quality", disabled: true }, h("option", { value: "auto" }, "Auto"));
  const qualityNow = h("span", { class: "muted", role: "status", id: "quality-now" });
  const seekArea = h("div", { class: "seek" });
  const element = h("div", { class: "player" }, h("div", { class: "video-frame" }, video), seekArea, h("div", { class: "player-controls" }, h("label", { for: "quality" }, "Quality"), qualitySelect, qualityNow), message);
  let dash: MediaPlayerClass | null = null;
  let destroyed = false;
  const showError = (text: string) => mount(message, text);

  async function startDash() {
    const dashjs = await loadDash();
    if (destroyed) return;
    const events = dashjs.MediaPlayer.events;
    const player = dashjs.MediaPlayer().create();
    dash = player;
    player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: true } } } });
    player.on(events.STREAM_INITIALIZED, () => {
      const options = qualityOptions(player.getRepresentationsByType("video"));
      mount(qualitySelect, h("option", { value: "auto" }, "Auto"), options.map((o) => h("option", { value: o.id }, o.label)));
      qualitySelect.disabled = options.length < 2;
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (e) => {
      if (e.mediaType !== "video") return;
      const now = player.getCurrentRepresentationForType("video");
      if (now) mount(qualityNow, `Playing ${now.height}p${qualitySelect.value === "auto" ? " (auto)" : ""}`);
    });
    player.on(events.ERROR, (e) => {
      const detail = (e as { error?: { message?: string } }).error?.message;
      showError(`Playback failed${detail ? `: ${detail}` : "."} Reload the page to try again.`);
    });
    qualitySelect.addEventListener("change", () => {
      const auto = qualitySelect.value === "auto";
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: auto } } } });
      if (!auto) player.setRepresentationForTypeById("video", qualitySelect.value, true);
    });
    player.initialize(video, sources.dashUrl, true);
  }

  if (hasMse()) {
    startDash().catch((error: unknown) => showError(error instanceof Error ? error.message : String(error)));
  } else if (sources.hlsUrl && video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = sources.hlsUrl;
    mount(qualityNow, "Quality adapts automatically.");
  } else {
    showError("This browser cannot play adaptive video (it has neither Media Source Extensions nor HLS).");
  }

  if (sources.storyboardVttUrl) void addSeekPreview(video, seekArea, sources.storyboardVttUrl);

  return {
    element,
    destroy() {
      destroyed = true;
      dash?.destroy();
      dash = null;
      video.removeAttribute("src");
      video.load();
    },
  };
}

/** A seek bar that shows the storyboard picture for the time under the pointer (or the keyboard's value). */
async function addSeekPreview(video: HTMLVideoElement, area: HTMLElement, vttUrl: string) {
  let cues: StoryboardCue[];
  try {
    const res = await fetch(vttUrl);
    if (!res.ok) return;
    cues = parseStoryboard(await res.text());
  } catch {
    return;
  }
  if (cues.length === 0) return;
  const range = h("input", { type: "range", min: 0, max: 0, step: 0.1, value: 0, id: "seek", "aria-label": "Seek, with previews" });
  const preview = h("div", { class: "seek-preview", hidden: true, "aria-hidden": "true" });
  mount(area, range, preview);
  let dragging = false;

  const show = (time: number) => {
    const cue = cueAt(cues, time);
    preview.hidden = cue === null;
    if (!cue) return;
    preview.style.width = `${cue.width}px`;
    preview.style.height = `${cue.height}px`;
    preview.style.backgroundImage = `url("${cue.url.replace(/"/g, "%22")}")`;
    preview.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    const fraction = video.duration ? time / video.duration : 0;
    preview.style.left = `clamp(0px, calc(${fraction * 100}% - ${cue.width / 2}px), calc(100% - ${cue.width}px))`;
  };
  const timeAt = (clientX: number) => {
    const box = range.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * (video.duration || 0);
  };

  video.addEventListener("durationchange", () => (range.max = String(video.duration || 0)));
  video.addEventListener("timeupdate", () => {
    if (!dragging) range.value = String(video.currentTime);
  });
  range.addEventListener("pointermove", (e) => show(timeAt(e.clientX)));
  range.addEventListener("pointerleave", () => (preview.hidden = true));
  range.addEventListener("pointerdown", () => (dragging = true));
  range.addEventListener("pointerup", () => (dragging = false));
  range.addEventListener("input", () => show(Number(range.value)));
  range.addEventListener("change", () => {
    video.currentTime = Number(range.value);
    dragging = false;
  });
  range.addEventListener("blur", () => (preview.hidden = true));
}
