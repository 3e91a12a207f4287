import { api, ApiError, unwrap, type ApiData } from "../api.js";
import { initialCaption, rememberCaption } from "../player/captions-choice.js";
import { announce, h, mount } from "../dom.js";
import { formatDate, formatDuration, isInProgress } from "../format.js";
import { loadViewerSettings } from "../player/load-viewer-settings.js";
import { manifestExtent } from "../player/manifest-extent.js";
import { downloadMenu } from "./download-menu.js";
import { createPlayer, preloadPlayer, type Player } from "../player/player.js";
import {
  badgeFor,
  canResumeAt,
  keepPolling,
  pollDelayMs,
  RECOVERING_TEXT,
  recoveringText,
  watchStep,
  type PlayerMode,
  type WatchedVideo,
} from "../player/progressive.js";
import { focusHeading, type PageContext } from "../router.js";
import { tagLinks } from "../tags.js";

/** The owner sees every field of the video; anyone else the viewer's fields only. */
type Details = ApiData<"/videos/{id}", "get">;

/** The signed-in viewer's `captions_language`, read at each video so a change on /me applies to the next one. */
/**
 * /watch/:id — the player once the video can be played: when it is ready, or already while it is being
 * encoded (progressive publishing: from its first segments on, from the start, with "Processing NN%" over
 * the picture, going on into the finished video by itself). Until then its status, followed live. An
 * encode that restarts under the player stops it, and it resumes where it was once the new encode gets there.
 */
export async function watchPage(ctx: PageContext) {
  const id = ctx.params.id!;
  const stage = h("div", { class: "stage" });
  let player: Player | null = null;
  let mode: PlayerMode = "none";
  let status = "";
  let resumeAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  const opened = Date.now();
  let latest: WatchedVideo | null = null;

  const showStatus = (text: string) => mount(stage, h("p", { class: "status", role: "status" }, text));

  function schedulePoll() {
    if (polling || ctx.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void poll(), pollDelayMs(latest, mode, Date.now() - opened));
  }

  async function poll() {
    polling = true;
    // A failed poll is retried on the next tick, as long as the page is open.
    let again = true;
    try {
      const details = await unwrap(api.GET("/videos/{id}", { params: { path: { id } }, signal: ctx.signal })).catch(() => null);
      if (details && !ctx.signal.aborted) again = await apply(details);
    } finally {
      polling = false;
    }
    if (again) schedulePoll();
  }

  /** The encode restarted (or the player gave up) while the video was processing. */
  function recover(): boolean {
    if (!player || mode !== "playing" || status !== "processing") return false;
    resumeAt = player.position();
    player.detach();
    mode = "recovering";
    player.showMessage(RECOVERING_TEXT, "notice");
    announce(RECOVERING_TEXT);
    schedulePoll();
    return true;
  }

  async function startPlayer(details: Details) {
    const { video } = details;
    // Poster and storyboard come with the playback URLs of a ready video; the player works without them.
    const [playback, viewer] = await Promise.all([
      video.status === "ready"
        ? unwrap(api.GET("/videos/{id}/playback", { params: { path: { id } }, signal: ctx.signal })).catch(() => null)
        : null,
      loadViewerSettings(ctx.signal),
    ]);
    if (ctx.signal.aborted) return;
    player = createPlayer(
      {
        dashUrl: details.manifest_url!,
        hlsUrl: details.hls_url,
        posterUrl: playback?.poster_url ?? video.poster_url,
        storyboardVttUrl: playback?.storyboard_vtt_url ?? null,
        title: video.title,
        captions: details.captions,
      },
      {
        startAt: 0,
        onTrouble: recover,
        viewer,
        captionLanguage: initialCaption(details.captions, viewer.captions_language, localStorage),
        onCaptionChoice: (choice) => rememberCaption(localStorage, choice, viewer.captions_language),
      },
    );
    mode = "playing";
    player.setBadge(badgeFor(video));
    mount(stage, player.element);
  }

  /** Whether playback can go on at `resumeAt` with the manifest the edge serves now (the server's clock decides). */
  async function tryResume(manifestUrl: string) {
    const res = await fetch(manifestUrl, { cache: "no-store" }).catch(() => null);
    if (!res?.ok || !player || ctx.signal.aborted) return;
    const serverNow = Date.parse(res.headers.get("date") ?? "");
    const extent = manifestExtent(await res.text(), Number.isFinite(serverNow) ? serverNow : Date.now());
    if (!player || mode !== "recovering") return;
    if (canResumeAt(resumeAt, extent)) {
      mode = "playing";
      player.attach(resumeAt);
    } else if (extent) {
      player.showMessage(recoveringText(extent.seconds, resumeAt), "notice");
    }
  }

  /** Takes the latest details; tells whether to ask again. */
  async function apply(details: Details): Promise<boolean> {
    const { video } = details;
    latest = video;
    const step = watchStep(video, details.manifest_url, mode);
    const finished = status === "processing" && video.status === "ready" && mode === "playing";
    status = video.status;
    switch (step.kind) {
      case "play":
        await startPlayer(details);
        break;
      case "keep-playing":
        if (finished) {
          announce("Encoding finished: the whole video can be played.");
          // The storyboard is made at the end of the encode: previews from now on.
          const playback = await unwrap(api.GET("/videos/{id}/playback", { params: { path: { id } }, signal: ctx.signal })).catch(
            () => null,
          );
          if (playback?.storyboard_vtt_url) player?.addPreviews(playback.storyboard_vtt_url);
        }
        break;
      case "recover":
        recover();
        break;
      case "check-manifest":
        await tryResume(details.manifest_url!);
        break;
      case "wait":
        if (player) player.showMessage(step.text, "notice");
        else showStatus(step.text);
        break;
      case "stop":
        if (player) {
          player.detach();
          player.showMessage(step.text);
        } else showStatus(step.text);
        break;
    }
    player?.setBadge(badgeFor(video));
    return keepPolling(video, step, mode);
  }

  let first: Details;
  try {
    first = await unwrap(api.GET("/videos/{id}", { params: { path: { id } }, signal: ctx.signal }));
  } catch (error) {
    if (ctx.signal.aborted) return;
    const text =
      error instanceof ApiError && error.status === 404
        ? "This video does not exist, or it is private."
        : error instanceof Error
          ? error.message
          : String(error);
    mount(
      ctx.main,
      h(
        "section",
        { class: "stack" },
        h("h1", {}, "Video not available"),
        h("p", {}, text),
        h("p", {}, h("a", { href: "/" }, "Browse videos")),
      ),
    );
    focusHeading(ctx.main);
    return;
  }
  const { video } = first;
  const about = h(
    "div",
    { class: "stack about" },
    h("h1", {}, video.title),
    h(
      "p",
      { class: "muted" },
      [`by ${video.owner.name}`, formatDate(video.published_at ?? video.created_at), formatDuration(video.duration_seconds)]
        .filter(Boolean)
        .join(" · "),
    ),
    video.description ? h("p", { class: "description" }, video.description) : null,
    tagLinks(video.tags),
    downloadMenu(video, ctx.signal),
  );
  if (isInProgress(video.status)) preloadPlayer();
  mount(ctx.main, h("section", { class: "stack watch" }, stage, about));
  focusHeading(ctx.main);
  if (await apply(first)) schedulePoll();
  return () => {
    clearTimeout(timer);
    player?.destroy();
  };
}
