import type { MediaPlayerClass } from "dashjs";
import { h, mount } from "../dom.js";
import { addCaptionTracks, withoutSidecarText, type SidecarCaptionTrack } from "./caption-tracks.js";
import { CAPTIONS_OFF } from "./captions-choice.js";
import { preferEfficientCodec } from "./codec-preference.js";
import { dashSettings } from "./dash-settings.js";
import { loadDash } from "./dash-loader.js";
import { mayStartAt } from "./progressive.js";
import { qualityOptions } from "./quality.js";
import { createSeekBar } from "./seek-bar.js";
import { DEFAULT_VIEWER_SETTINGS, startingRepresentation, type ViewerSettings } from "./viewer-settings.js";

export interface PlayerSources {
  /** The edge's rewritten MPD: every segment URL absolute and signed for the CDN. */
  dashUrl: string;
  hlsUrl: string | null;
  posterUrl: string | null;
  storyboardVttUrl: string | null;
  title: string;
  /**
   * The video's caption tracks, each with its signed WebVTT file. With dash.js the player loads them as the
   * video's <track> elements (caption-tracks.ts); native HLS reads them from the master playlist.
   */
  captions: SidecarCaptionTrack[];
}

export interface PlayerOptions {
  /** Where to start, in seconds (0 by default, also for a live manifest: see dash-settings.ts). */
  startAt?: number;
  /**
   * Playback cannot go on: dash.js gave up, or the manifest answered 5xx. Return true to take it over
   * (an encode that restarted under the player); otherwise the player shows the error.
   */
  onTrouble?: (reason: string) => boolean;
  /** The viewer's starting quality, autoplay and speed; the API's defaults when absent. */
  viewer?: ViewerSettings;
  /** The caption language to start with (one of the tracks'), or null for none. */
  captionLanguage?: string | null;
  /** The viewer picked captions in the menu: a track's language, or `CAPTIONS_OFF`. */
  onCaptionChoice?: (choice: string) => void;
}

export interface Player {
  element: HTMLElement;
  /** Where playback is, in seconds of the video. */
  position(): number;
  /** Stops playback and lets the stream go, keeping the element on the page. */
  detach(): void;
  /** Plays the same sources again from `seconds`. */
  attach(seconds: number): void;
  /** The label over the picture ("Processing 42%"), or none. */
  setBadge(text: string | null): void;
  /** A message under the player, an error unless it is a notice (empty clears it). */
  showMessage(text: string, tone?: "error" | "notice"): void;
  addPreviews(vttUrl: string): void;
  destroy(): void;
}

/** How often a waiting start looks at the live edge again (dash.js moves it every 100 ms). */
const GATE_CHECK_MS = 100;

/** How long the gate waits for a growing manifest's edge to pass the start before it plays anyway. */
const GATE_GIVE_UP_MS = 4_000;
const hasMse = () => "MediaSource" in window || "ManagedMediaSource" in window;

/**
 * Starts fetching the player's code ahead of need (a page about to play a video still being encoded):
 * its first frame then waits for the segments only. Without MSE the browser plays HLS itself and needs none.
 */
export function preloadPlayer(): void {
  if (hasMse()) loadDash().catch(() => undefined);
}

/** A manifest request that failed on the server's side: the edge answers 503 while an encode restarts. */
const manifestFailed = (url: string, status: number | undefined, manifestUrl: string) => {
  const path = (u: string) => new URL(u, location.href).pathname;
  return status !== undefined && status >= 500 && path(url) === path(manifestUrl);
};

/** Whether the presentation is still growing, and where the clock puts its live edge; null until dash.js knows. */
function liveEdgeOf(player: MediaPlayerClass): { growing: boolean; edge: number } | null {
  let growing: boolean | null;
  let edge: number | undefined;
  try {
    growing = player.isDynamic();
    edge = player.getDvrWindow().end;
  } catch {
    return null; // "playback not initialized" yet
  }
  // Between initialization and the manifest's first reading, isDynamic() answers null.
  if (typeof growing !== "boolean" || (growing && !Number.isFinite(edge))) return null;
  return { growing, edge: edge ?? Number.NaN };
}

/**
 * The watch page's player: dash.js on MSE (automatic adaptation, or a quality chosen from the menu);
 * Safari without MSE plays the HLS playlist natively. A seek bar under the video reaches what exists
 * (also while the video is still being encoded) and previews frames from the storyboard.
 */
export function createPlayer(sources: PlayerSources, options: PlayerOptions = {}): Player {
  const video = h("video", { controls: true, playsinline: true, preload: "metadata", "aria-label": sources.title });
  if (sources.posterUrl) video.poster = sources.posterUrl;
  const badge = h("p", { class: "player-badge", hidden: true });
  const message = h("p", { class: "player-message", role: "alert" });
  const qualitySelect = h("select", { id: "quality", disabled: true }, h("option", { value: "auto" }, "Auto"));
  const qualityNow = h("span", { class: "muted", role: "status", id: "quality-now" });
  let captionLanguage = options.captionLanguage ?? null;
  const captionsSelect = h(
    "select",
    { id: "captions", disabled: sources.captions.length === 0 },
    h("option", { value: CAPTIONS_OFF }, "Off"),
    sources.captions.map((t) => h("option", { value: t.language }, t.label)),
  );
  captionsSelect.value = captionLanguage ?? CAPTIONS_OFF;
  const chooseCaptions = (language: string | null) => {
    captionLanguage = language;
    captionsSelect.value = language ?? CAPTIONS_OFF;
    options.onCaptionChoice?.(captionsSelect.value);
  };
  // With MSE, one <track> per caption file; the native HLS player makes its own text tracks.
  const showCaptionTrack = hasMse() ? addCaptionTracks(video, sources.captions, chooseCaptions) : null;
  const seekBar = createSeekBar(video);
  const element = h(
    "div",
    { class: "player" },
    h("div", { class: "video-frame" }, video, badge),
    seekBar.element,
    h(
      "div",
      { class: "player-controls" },
      h("label", { for: "quality" }, "Quality"),
      qualitySelect,
      qualityNow,
      sources.captions.length > 0 ? [h("label", { for: "captions" }, "Captions"), captionsSelect] : null,
    ),
    message,
  );
  let dash: MediaPlayerClass | null = null;
  const viewer = options.viewer ?? DEFAULT_VIEWER_SETTINGS;
  // The setting picks the first quality only: what the viewer chooses in the menu afterwards stands.
  let startQuality = viewer.default_quality;
  // Only the first start waits for the viewer's play when autoplay is off: a re-attachment resumes playback.
  let playByItself = viewer.autoplay;
  // The default rate too: loading a new source (dash.js attaching, a re-attachment) resets the rate to it.
  video.defaultPlaybackRate = viewer.playback_speed;
  video.playbackRate = viewer.playback_speed;
  // Each attachment counts: a dash.js still loading, or reporting, for an earlier one is ignored.
  let attachment = 0;
  const showMessage = (text: string, tone: "error" | "notice" = "error") => {
    message.classList.toggle("notice", tone === "notice");
    mount(message, text);
  };

  function trouble(forAttachment: number, reason: string) {
    if (forAttachment !== attachment) return;
    attachment += 1;
    // Out of dash.js's own call stack: the handler may destroy the dash.js that is reporting.
    setTimeout(() => {
      if (!options.onTrouble?.(reason)) showMessage(`Playback failed${reason ? `: ${reason}` : "."} Reload the page to try again.`);
    });
  }

  /** Shows the chosen track (or none) through whichever player plays. */
  function showCaptions() {
    if (showCaptionTrack) return showCaptionTrack(captionLanguage);
    // Native HLS: the browser made a text track of each SUBTITLES rendition.
    for (const track of Array.from(video.textTracks)) {
      if (track.kind === "subtitles" || track.kind === "captions") track.mode = track.language === captionLanguage ? "showing" : "disabled";
    }
  }

  async function startDash(startAt: number, current: number) {
    const dashjs = await loadDash();
    if (current !== attachment) return;
    const events = dashjs.MediaPlayer.events;
    const player = dashjs.MediaPlayer().create();
    dash = player;
    const autoQuality = qualitySelect.value === "auto" && startQuality === "auto";
    player.updateSettings(dashSettings(autoQuality, new URL("/time", location.origin).href));
    // The manifest's caption files are the video's own <track> elements (caption-tracks.ts), not dash.js's.
    player.registerCustomCapabilitiesFilter(withoutSidecarText);
    // AV1 where the browser decodes it, H.264 elsewhere: by codec, not by the bits the manifest declares.
    player.setCustomInitialTrackSelectionFunction(preferEfficientCodec);
    player.on(events.STREAM_INITIALIZED, () => {
      // Again after a re-attachment: a quality chosen before stays chosen.
      const qualities = qualityOptions(player.getRepresentationsByType("video"));
      const preferred = startingRepresentation(player.getRepresentationsByType("video"), startQuality);
      startQuality = "auto";
      const chosen = preferred ?? qualitySelect.value;
      mount(
        qualitySelect,
        h("option", { value: "auto" }, "Auto"),
        qualities.map((o) => h("option", { value: o.id }, o.label)),
      );
      qualitySelect.value = qualities.some((o) => o.id === chosen) ? chosen : "auto";
      qualitySelect.disabled = qualities.length < 2;
      if (qualitySelect.value !== "auto") player.setRepresentationForTypeById("video", qualitySelect.value, true);
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (e) => {
      if (e.mediaType !== "video") return;
      const now = player.getCurrentRepresentationForType("video");
      if (now) mount(qualityNow, `Playing ${now.height}p${qualitySelect.value === "auto" ? " (auto)" : ""}`);
    });
    player.on(events.ERROR, (e) => trouble(current, (e as { error?: { message?: string } }).error?.message ?? ""));
    // dash.js retries a failed manifest refresh quietly; a 5xx is worth knowing at once.
    player.addResponseInterceptor(async (response) => {
      if (manifestFailed(response.request.url, response.status, sources.dashUrl))
        trouble(current, `the manifest answered ${response.status}`);
      return response;
    });
    // Not autoplay: a growing manifest starts only once its live edge is far enough ahead (progressive.ts).
    // Pressing play meanwhile is the viewer's choice, and ends the wait.
    // dash.js refreshes a growing manifest only while playing: should its edge not have got past the start
    // when it was read, playing (and waiting for data) is what brings the next version.
    const gateOpened = Date.now();
    const autoplay = playByItself;
    playByItself = true;
    const gate = setInterval(() => {
      if (!autoplay) return clearInterval(gate);
      if (current !== attachment || !video.paused) return clearInterval(gate);
      const live = liveEdgeOf(player);
      const waitedLong = Date.now() - gateOpened > GATE_GIVE_UP_MS && live !== null;
      if (!waitedLong && (!live || !mayStartAt(startAt, live.growing, live.edge))) return;
      clearInterval(gate);
      player.play();
    }, GATE_CHECK_MS);
    player.initialize(video, sources.dashUrl, false, startAt);
  }

  function startNative(startAt: number, current: number) {
    // An EVENT playlist (still being encoded) may open at its live edge: go where we were asked.
    video.addEventListener(
      "loadedmetadata",
      () => {
        if (current === attachment) video.currentTime = startAt;
      },
      { once: true },
    );
    video.addEventListener("error", () => trouble(current, video.error?.message ?? ""), { once: true });
    video.textTracks.addEventListener("addtrack", showCaptions);
    video.src = sources.hlsUrl!;
    mount(qualityNow, "Quality adapts automatically.");
  }

  function attach(startAt: number) {
    const current = ++attachment;
    showMessage("");
    if (hasMse()) {
      startDash(startAt, current).catch((error: unknown) => showMessage(error instanceof Error ? error.message : String(error)));
    } else if (sources.hlsUrl && video.canPlayType("application/vnd.apple.mpegurl")) {
      startNative(startAt, current);
    } else {
      showMessage("This browser cannot play adaptive video (it has neither Media Source Extensions nor HLS).");
    }
  }

  function detach() {
    attachment += 1;
    dash?.destroy();
    dash = null;
    video.removeAttribute("src");
    video.load();
  }

  qualitySelect.addEventListener("change", () => {
    if (!dash) return;
    const auto = qualitySelect.value === "auto";
    dash.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: auto } } } });
    if (!auto) dash.setRepresentationForTypeById("video", qualitySelect.value, true);
  });

  captionsSelect.addEventListener("change", () => {
    chooseCaptions(captionsSelect.value === CAPTIONS_OFF ? null : captionsSelect.value);
    showCaptions();
  });

  showCaptions();
  attach(options.startAt ?? 0);
  if (sources.storyboardVttUrl) void seekBar.addPreviews(sources.storyboardVttUrl);

  return {
    element,
    position: () => video.currentTime,
    detach,
    attach,
    setBadge(text) {
      badge.hidden = text === null;
      mount(badge, text ?? "");
    },
    showMessage,
    addPreviews: (vttUrl) => void seekBar.addPreviews(vttUrl),
    destroy: detach,
  };
}
