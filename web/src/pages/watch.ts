import type { VideoView } from "../../../shared/contracts/uploads.js";
import type { PlaybackView, PublicVideoView } from "../../../shared/contracts/videos.js";
import { api, ApiError } from "../api.js";
import { h, mount } from "../dom.js";
import { formatDate, formatDuration, isInProgress, statusText } from "../format.js";
import { createPlayer, type Player } from "../player/player.js";
import { focusHeading, type PageContext } from "../router.js";

type Details = { video: VideoView & { owner: PublicVideoView["owner"]; poster_url: string | null }; manifest_url: string | null; hls_url: string | null };

const POLL_MS = 2_000;

/** /watch/:id — the player once the video is ready; until then its status, followed live. */
export async function watchPage(ctx: PageContext) {
  const id = ctx.params.id!;
  let player: Player | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanup = () => {
    clearTimeout(timer);
    player?.destroy();
  };

  async function show(): Promise<void> {
    let details: Details;
    try {
      details = await api<Details>(`/videos/${encodeURIComponent(id)}`, { signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) return;
      const text = error instanceof ApiError && error.status === 404 ? "This video does not exist, or it is private." : error instanceof Error ? error.message : String(error);
      mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, "Video not available"), h("p", {}, text), h("p", {}, h("a", { href: "/" }, "Browse videos"))));
      focusHeading(ctx.main);
      return;
    }
    const { video } = details;
    const about = h(
      "div",
      { class: "stack about" },
      h("h1", {}, video.title),
      h("p", { class: "muted" }, [`by ${video.owner.name}`, formatDate(video.published_at ?? video.created_at), formatDuration(video.duration_seconds)].filter(Boolean).join(" · ")),
      video.description ? h("p", { class: "description" }, video.description) : null,
    );

    if (video.status !== "ready" || !details.manifest_url) {
      mount(ctx.main, h("section", { class: "stack" }, about, h("p", { class: "status", role: "status" }, statusText(video))));
      focusHeading(ctx.main);
      if (isInProgress(video.status)) timer = setTimeout(() => void show(), POLL_MS);
      return;
    }

    // Poster and storyboard come with the playback URLs; the player works without them.
    const playback = await api<PlaybackView>(`/videos/${encodeURIComponent(id)}/playback`, { signal: ctx.signal }).catch(() => null);
    if (ctx.signal.aborted) return;
    player = createPlayer({
      dashUrl: details.manifest_url,
      hlsUrl: details.hls_url,
      posterUrl: playback?.poster_url ?? video.poster_url,
      storyboardVttUrl: playback?.storyboard_vtt_url ?? null,
      title: video.title,
    });
    mount(ctx.main, h("section", { class: "stack watch" }, player.element, about));
    focusHeading(ctx.main);
  }

  await show();
  return cleanup;
}
