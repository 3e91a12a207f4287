import type { DownloadView } from "../../../shared/contracts/downloads.js";
import { api, ApiError, unwrap } from "../api.js";
import { currentUser } from "../auth.js";
import { h, mount } from "../dom.js";

/** How often a download being made is asked about again. */
const POLL_MS = 2_000;

interface WatchedVideo {
  id: string;
  status: string;
  downloadable: boolean;
  owner: { id: string };
}

const labelOf = (d: DownloadView) => (d.kind === "audio" ? "Audio only (M4A)" : `${d.rendition} (MP4)`);

/**
 * The watch page's Download menu, for a finished video its viewer may download: the owner always, anyone
 * else when the owner allows it (a checkbox only the owner sees). Choosing a file asks for it, waits while
 * the origin makes it, then downloads it from the signed CDN URL (an attachment: the page stays). When it
 * cannot be made the menu says why and offers to try again; only that asks the origin anew.
 */
export function downloadMenu(video: WatchedVideo, signal: AbortSignal): HTMLElement | null {
  const isOwner = currentUser()?.id === video.owner.id;
  if (video.status !== "ready" || (!isOwner && !video.downloadable)) return null;
  const status = h("p", { role: "status", class: "muted" });
  const choices = h("div", { class: "download-choices" });
  const menu = h("details", { class: "download-menu" }, h("summary", {}, "Download"), choices, status);
  const path = { params: { path: { id: video.id } }, signal };

  const showError = (error: unknown) => {
    if (!signal.aborted) mount(status, error instanceof ApiError || error instanceof Error ? error.message : String(error));
  };
  const choose = (d: DownloadView, { retry = false } = {}) => void fetchFile(d, retry).catch(showError);

  function showFailure(d: DownloadView, reason: string | null) {
    mount(
      status,
      h("span", { class: "download-failure" }, `Could not prepare ${labelOf(d)}. ${reason ?? ""}`.trim()),
      " ",
      h("button", { type: "button", onclick: () => choose(d, { retry: true }) }, "Try again"),
    );
  }

  /**
   * Asks once (which queues the file; after a failure only with `retry`, the Try again button: choosing the
   * file again just shows the failure), then polls the list: a poll never queues.
   */
  async function fetchFile(d: DownloadView, retry: boolean) {
    mount(status, `Preparing ${labelOf(d)}…`);
    const body = retry ? { rendition: d.rendition, retry } : { rendition: d.rendition };
    let { download } = await unwrap(api.POST("/videos/{id}/downloads", { ...path, body }));
    while (download.status === "preparing") {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (signal.aborted) return;
      const { downloads } = await unwrap(api.GET("/videos/{id}/downloads", path));
      download = downloads.find((x) => x.rendition === d.rendition) ?? download;
    }
    if (download.url) {
      mount(status, `Downloading ${labelOf(d)}.`);
      location.assign(download.url);
      return;
    }
    showFailure(d, download.reason);
  }

  menu.addEventListener(
    "toggle",
    () => {
      if (!menu.open) return;
      void unwrap(api.GET("/videos/{id}/downloads", path))
        .then(({ downloads }) => {
          mount(
            choices,
            downloads.map((d) => h("button", { type: "button", onclick: () => choose(d) }, labelOf(d))),
          );
          // The last request of a file failed (perhaps on an earlier visit): say so before anyone waits on it.
          const failed = downloads.find((d) => d.status === "failed");
          if (failed) showFailure(failed, failed.reason);
        })
        .catch(showError);
    },
    { once: true },
  );

  if (!isOwner) return menu;
  const allow = h("input", { type: "checkbox", id: "allow-downloads", checked: video.downloadable });
  allow.addEventListener("change", () => {
    void unwrap(api.PATCH("/videos/{id}", { params: { path: { id: video.id } }, body: { downloadable: allow.checked }, signal }))
      .then(() => mount(status, allow.checked ? "Viewers may download this video." : "Only you may download this video."))
      .catch((error: unknown) => {
        allow.checked = !allow.checked;
        mount(status, error instanceof Error ? error.message : String(error));
      });
  });
  return h(
    "div",
    { class: "stack" },
    menu,
    h("div", { class: "field checkbox" }, allow, h("label", { for: "allow-downloads" }, "Let viewers download it")),
  );
}
