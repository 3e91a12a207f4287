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
 * the origin makes it, then downloads it from the signed CDN URL (an attachment: the page stays).
 */
export function downloadMenu(video: WatchedVideo, signal: AbortSignal): HTMLElement | null {
  const isOwner = currentUser()?.id === video.owner.id;
  if (video.status !== "ready" || (!isOwner && !video.downloadable)) return null;
  const status = h("p", { role: "status", class: "muted" });
  const choices = h("div", { class: "download-choices" });
  const menu = h("details", { class: "download-menu" }, h("summary", {}, "Download"), choices, status);

  async function fetchFile(d: DownloadView) {
    mount(status, `Preparing ${labelOf(d)}…`);
    for (;;) {
      const { download } = await unwrap(
        api.POST("/videos/{id}/downloads", { params: { path: { id: video.id } }, body: { rendition: d.rendition }, signal }),
      );
      if (download.url) {
        mount(status, `Downloading ${labelOf(d)}.`);
        location.assign(download.url);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (signal.aborted) return;
    }
  }

  menu.addEventListener(
    "toggle",
    () => {
      if (!menu.open) return;
      void unwrap(api.GET("/videos/{id}/downloads", { params: { path: { id: video.id } }, signal }))
        .then(({ downloads }) =>
          mount(
            choices,
            downloads.map((d) =>
              h(
                "button",
                {
                  type: "button",
                  onclick: () =>
                    void fetchFile(d).catch((error: unknown) => {
                      if (!signal.aborted) mount(status, error instanceof ApiError ? error.message : String(error));
                    }),
                },
                labelOf(d),
              ),
            ),
          ),
        )
        .catch((error: unknown) => {
          if (!signal.aborted) mount(status, error instanceof Error ? error.message : String(error));
        });
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
