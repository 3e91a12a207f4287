import type { VideoView } from "../../../shared/contracts/uploads.js";
import type { Visibility } from "../../../shared/contracts/visibility.js";
import { api, ApiError, unwrap } from "../api.js";
import { announce, h, mount } from "../dom.js";
import { busy, field, formAlert, showFieldErrors } from "../forms.js";
import { formatBytes, formatDate, formatDuration, isInProgress, statusText, VISIBILITY_LABELS, visibilityOptions } from "../format.js";
import { focusHeading, type PageContext } from "../router.js";
import { parseTags, TAGS_HINT, tagLinks } from "../tags.js";
import { canWatchWhileEncoding, watchHref, watchNowLink } from "../watch-now.js";

const POLL_MS = 2_000;
const PAGE_SIZE = 20;

/** A confirmation in a modal <dialog>: focus moves into it and Escape cancels. */
function confirmDelete(video: VideoView): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-title" },
      h(
        "form",
        { method: "dialog", class: "stack" },
        h("h2", { id: "confirm-title" }, `Delete “${video.title}”?`),
        h("p", {}, "The video and all its files are removed. This cannot be undone."),
        h(
          "div",
          { class: "actions" },
          h("button", { value: "keep", autofocus: true }, "Keep it"),
          h("button", { value: "delete", class: "danger" }, "Delete"),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "delete");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** One video of the owner: live status, and editing and deleting in place. */
function videoRow(initial: VideoView, onDeleted: (id: string) => void) {
  let video = initial;
  const status = h("p", { class: "status" });
  const bar = h("progress", { max: 100, "aria-label": `Encoding progress of ${video.title}` });
  const watchNow = h("span", { class: "watch-now-slot" });
  const heading = h("h2", { class: "video-title" });
  const meta = h("p", { class: "muted" });
  const tagsSlot = h("div");
  const editArea = h("div");
  const editButton = h("button", { type: "button", "aria-expanded": "false" }, "Edit");
  const deleteButton = h("button", { type: "button", class: "danger" }, "Delete");
  const element = h(
    "li",
    { class: "video-row" },
    heading,
    status,
    h("div", { class: "bar" }, bar, watchNow),
    meta,
    tagsSlot,
    h("div", { class: "actions" }, editButton, deleteButton),
    editArea,
  );

  function render() {
    const watchable = canWatchWhileEncoding(video);
    // Links are replaced only when they change: polling every 2 s must not take the keyboard focus away.
    const headingKey = `${video.status === "ready" || watchable}|${video.title}`;
    if (heading.dataset.key !== headingKey) {
      heading.dataset.key = headingKey;
      mount(heading, video.status === "ready" || watchable ? h("a", { href: watchHref(video) }, video.title) : video.title);
    }
    if (watchable !== watchNow.childElementCount > 0) mount(watchNow, watchable ? watchNowLink(video) : null);
    mount(
      status,
      statusText(video),
      video.status === "awaiting_upload" ? [" — ", h("a", { href: "/upload" }, "resume or cancel it on the upload page")] : null,
    );
    element.dataset.status = video.status;
    element.dataset.videoId = video.id;
    element.dataset.playable = String(video.playable);
    status.className = `status status-${video.status}`;
    bar.hidden = !isInProgress(video.status);
    bar.value = video.status === "processing" ? video.progress : 0;
    if (video.status === "queued") bar.removeAttribute("value");
    const facts = [
      VISIBILITY_LABELS[video.visibility as Visibility]?.split(":")[0],
      formatDuration(video.duration_seconds),
      video.width && video.height ? `${video.width}×${video.height}` : "",
      video.size_bytes ? formatBytes(video.size_bytes) : "",
      `added ${formatDate(video.created_at)}`,
    ];
    mount(meta, facts.filter(Boolean).join(" · "));
    // Like the heading, replaced only when they change, so polling keeps the focus on a tag link.
    const tagsKey = video.tags.join("\n");
    if (tagsSlot.dataset.key !== tagsKey) {
      tagsSlot.dataset.key = tagsKey;
      mount(tagsSlot, tagLinks(video.tags));
    }
  }

  function closeEditor() {
    mount(editArea);
    editButton.setAttribute("aria-expanded", "false");
    editButton.focus();
  }

  function openEditor() {
    const fields = {
      title: field({ label: "Title", name: "title", value: video.title, maxlength: 200 }),
      description: field({ kind: "textarea", label: "Description", name: "description", value: video.description, maxlength: 5000 }),
      visibility: field({ kind: "select", label: "Visibility", name: "visibility", value: video.visibility, options: visibilityOptions() }),
      tags: field({ label: "Tags", name: "tags", value: video.tags.join(", "), hint: TAGS_HINT }),
    };
    const alert = formAlert();
    const save = h("button", { type: "submit", class: "primary" }, "Save");
    const form = h(
      "form",
      { class: "stack edit-form", novalidate: true },
      alert.element,
      Object.values(fields).map((f) => f.element),
      h("div", { class: "actions" }, save, h("button", { type: "button", onclick: closeEditor }, "Cancel")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      alert.clear();
      void busy(save, async () => {
        try {
          const body = {
            title: fields.title.control.value,
            description: fields.description.control.value,
            // One of visibilityOptions(); the API refuses anything else with a field error.
            visibility: fields.visibility.control.value as Visibility,
            tags: parseTags(fields.tags.control.value),
          };
          ({ video } = await unwrap(api.PATCH("/videos/{id}", { params: { path: { id: video.id } }, body })));
          render();
          closeEditor();
          announce("Saved.");
        } catch (error) {
          if (!(error instanceof ApiError && showFieldErrors(fields, error.fields)))
            alert.show(error instanceof Error ? error.message : String(error));
        }
      });
    });
    mount(editArea, form);
    editButton.setAttribute("aria-expanded", "true");
    fields.title.control.focus();
  }

  editButton.addEventListener("click", () => (editArea.childElementCount ? closeEditor() : openEditor()));
  deleteButton.addEventListener("click", async () => {
    if (!(await confirmDelete(video))) return deleteButton.focus();
    try {
      await unwrap(api.DELETE("/videos/{id}", { params: { path: { id: video.id } } }));
      onDeleted(video.id);
      announce(`Deleted ${video.title}.`);
    } catch (error) {
      mount(status, error instanceof Error ? error.message : String(error));
    }
  });
  render();
  return {
    element,
    get video() {
      return video;
    },
    /** A fresher copy from polling. */
    refresh(next: VideoView) {
      const announceChange = next.status !== video.status && (next.status === "ready" || next.status === "failed");
      const nowWatchable = canWatchWhileEncoding(next) && !canWatchWhileEncoding(video);
      video = next;
      render();
      if (announceChange) announce(`${video.title}: ${statusText(video)}`);
      else if (nowWatchable) announce(`${video.title} can be watched now, while it is being encoded.`);
    },
  };
}

/** The owner's videos, any status, newest first; polls every 2 s while any is queued or being encoded. */
export async function libraryPage(ctx: PageContext) {
  const list = h("ul", { class: "video-list", "aria-label": "Your videos" });
  const status = h("p", { class: "muted", role: "status" });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const rows = new Map<string, ReturnType<typeof videoRow>>();
  let cursor: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const removeRow = (id: string) => {
    rows.get(id)?.element.remove();
    rows.delete(id);
    if (rows.size === 0) mount(status, "No videos yet.");
  };

  function schedulePoll() {
    clearTimeout(timer);
    if (ctx.signal.aborted || ![...rows.values()].some((r) => isInProgress(r.video.status))) return;
    timer = setTimeout(() => void poll(), POLL_MS);
  }

  /** The newest videos again (as many as are shown, up to 100): updates rows in place, adds new ones on top. */
  async function poll() {
    try {
      const limit = Math.min(100, Math.max(PAGE_SIZE, rows.size));
      const page = await unwrap(api.GET("/users/me/videos", { params: { query: { limit: String(limit) } }, signal: ctx.signal }));
      for (const video of [...page.videos].reverse()) {
        const row = rows.get(video.id);
        if (row) row.refresh(video);
        else {
          const added = videoRow(video, removeRow);
          rows.set(video.id, added);
          list.prepend(added.element);
        }
      }
    } catch {
      // A failed poll is retried on the next tick.
    }
    schedulePoll();
  }

  async function load() {
    more.disabled = true;
    try {
      const query = { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) };
      const page = await unwrap(api.GET("/users/me/videos", { params: { query }, signal: ctx.signal }));
      for (const video of page.videos) {
        if (rows.has(video.id)) continue;
        const row = videoRow(video, removeRow);
        rows.set(video.id, row);
        list.append(row.element);
      }
      cursor = page.next_cursor;
      more.hidden = cursor === null;
      mount(status, rows.size === 0 ? h("span", {}, "No videos yet. ", h("a", { href: "/upload" }, "Upload one")) : "");
      schedulePoll();
    } catch (error) {
      if (!ctx.signal.aborted) mount(status, error instanceof Error ? error.message : String(error));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", () => void load());

  mount(
    ctx.main,
    h(
      "section",
      { class: "stack" },
      h("div", { class: "page-head" }, h("h1", {}, "My videos"), h("a", { href: "/upload", class: "button primary" }, "Upload")),
      status,
      list,
      more,
    ),
  );
  focusHeading(ctx.main);
  await load();
  return () => clearTimeout(timer);
}
