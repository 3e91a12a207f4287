import type { Visibility } from "../../../shared/contracts/visibility.js";
import { currentUser } from "../auth.js";
import { announce, h, mount } from "../dom.js";
import { field } from "../forms.js";
import { formatBytes, formatSpeed, formatTimeLeft, statusText, visibilityOptions } from "../format.js";
import { focusHeading, type PageContext } from "../router.js";
import { parseTags, TAGS_HINT } from "../tags.js";
import { checkFile, titleFromFileName } from "../upload/file-check.js";
import { followEncode } from "../upload/follow-encode.js";
import { activeUploads, discardUpload, onUploadsChange, resumableUploads, resumeUpload, startUpload } from "../upload/manager.js";
import { bytesAlreadySent, partRanges } from "../upload/parts.js";
import { sameFile, type ResumeRecord } from "../upload/resume-store.js";
import type { Upload, UploadState } from "../upload/uploader.js";
import { canWatchWhileEncoding, watchHref, watchNowLink } from "../watch-now.js";

const ACCEPT = "video/*,.mkv,.ts,.m2ts,.3gp,.ogv";

const percent = (s: UploadState) => (s.total === 0 ? 0 : Math.floor((s.sent / s.total) * 100));

function detailLine(s: UploadState): string {
  if (s.phase === "uploading" || s.phase === "starting") {
    return [
      `${formatBytes(s.sent)} of ${formatBytes(s.total)}`,
      s.bytesPerSecond !== null ? formatSpeed(s.bytesPerSecond) : "",
      formatTimeLeft(s.secondsLeft),
    ]
      .filter(Boolean)
      .join(" · ");
  }
  if (s.phase === "completing") return "Checking the upload…";
  return s.message;
}

/**
 * Once uploaded, the encode's status beside the upload, and "Watch now" as soon as the video can be
 * watched while it is still being encoded.
 */
function encodeLine(videoId: string, signal: AbortSignal): HTMLElement {
  const text = h("span", { class: "status" });
  const watch = h("span", { class: "watch-now-slot" });
  const line = h("p", { class: "encode-status" }, text, " ", watch);
  followEncode(videoId, signal, (video) => {
    mount(text, statusText(video));
    line.dataset.status = video.status;
    line.dataset.playable = String(video.playable);
    // Replaced only when it changes: the focus stays on the link between polls.
    const kind = canWatchWhileEncoding(video) ? "now" : video.status === "ready" ? "ready" : "";
    if (watch.dataset.kind === kind) return;
    watch.dataset.kind = kind;
    mount(
      watch,
      kind === "now" ? watchNowLink(video) : kind === "ready" ? h("a", { href: watchHref(video) }, `Watch ${video.title}`) : null,
    );
    if (kind === "now") announce(`${video.title} can be watched now, while it is being encoded.`);
    if (kind === "ready") announce(`${video.title} is ready.`);
  });
  return line;
}

/** One upload's row: progress bar, bytes, speed, time left, and what can be done with it now. */
function uploadRow(upload: Upload, signal: AbortSignal): { element: HTMLElement; update(): void } {
  const label = `Upload progress of ${upload.file.name}`;
  const bar = h("progress", { max: 100, value: 0, "aria-label": label });
  const pct = h("span", { class: "percent" });
  const detail = h("p", { class: "muted upload-detail" });
  const actions = h("div", { class: "actions" });
  const encode = h("div");
  const element = h(
    "li",
    { class: "upload", "data-file": upload.file.name },
    h(
      "p",
      { class: "upload-title" },
      h("strong", {}, upload.title),
      " ",
      h("span", { class: "muted" }, `${upload.file.name}, ${formatBytes(upload.file.size)}`),
    ),
    h("div", { class: "bar" }, bar, pct),
    detail,
    encode,
    actions,
  );
  let lastPhase = "";
  const update = () => {
    const s = upload.state;
    bar.value = percent(s);
    mount(pct, `${percent(s)} %`);
    mount(detail, detailLine(s));
    element.dataset.phase = s.phase;
    if (s.phase === lastPhase) return;
    lastPhase = s.phase;
    const buttons: HTMLElement[] = [];
    if (["starting", "uploading", "offline", "interrupted"].includes(s.phase))
      buttons.push(h("button", { type: "button", onclick: () => void upload.cancel() }, "Cancel upload"));
    if (s.phase === "interrupted" || s.phase === "failed")
      buttons.unshift(h("button", { type: "button", class: "primary", onclick: () => void upload.start() }, "Resume upload"));
    if (s.phase === "done") buttons.push(h("a", { href: "/library" }, "Follow the encoding in My videos"));
    mount(actions, buttons);
    if (s.phase === "done") announce(`${upload.file.name} uploaded.`);
    if (s.phase === "done" && upload.videoId) mount(encode, encodeLine(upload.videoId, signal));
    if (s.phase === "interrupted" || s.phase === "failed") announce(`${upload.file.name}: ${s.message}`);
  };
  upload.onChange(update);
  update();
  return { element, update };
}

/** An upload known only from localStorage (after a reload): pick the same file to resume it, or give it up. */
function resumableRow(record: ResumeRecord, onResumed: () => void): HTMLElement {
  const sent = record.partSize ? bytesAlreadySent(partRanges(record.file.size, record.partSize), record.parts) : 0;
  const error = h("p", { class: "field-error", role: "alert" });
  const inputId = `resume-${record.videoId}`;
  const input = h("input", { type: "file", id: inputId, accept: ACCEPT, class: "file-input" });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (!sameFile(record.file, file)) {
      mount(
        error,
        `That is not the same file: choose ${record.file.name} (${formatBytes(record.file.size)}, modified ${new Date(record.file.lastModified).toLocaleString()}).`,
      );
      return;
    }
    resumeUpload(file, record);
    onResumed();
  });
  return h(
    "li",
    { class: "upload", "data-file": record.file.name, "data-phase": "resumable" },
    h(
      "p",
      { class: "upload-title" },
      h("strong", {}, record.title),
      " ",
      h("span", { class: "muted" }, `${record.file.name}, ${formatBytes(record.file.size)}`),
    ),
    h("p", { class: "muted" }, `Interrupted with ${formatBytes(sent)} sent. Choose the same file again to send the rest.`),
    h(
      "div",
      { class: "actions" },
      h("label", { for: inputId, class: "button primary" }, `Choose ${record.file.name} to resume`),
      input,
      h("button", { type: "button", onclick: () => void discardUpload(record) }, "Cancel upload"),
    ),
    error,
  );
}

export function uploadPage(ctx: PageContext) {
  const user = currentUser()!;
  const title = field({ label: "Title", name: "title", hint: "Optional: the file name when left empty.", maxlength: 200 });
  const description = field({ kind: "textarea", label: "Description", name: "description", maxlength: 5000 });
  const visibility = field({ kind: "select", label: "Visibility", name: "visibility", value: "private", options: visibilityOptions() });
  const tags = field({ label: "Tags", name: "tags", hint: TAGS_HINT });
  const rejected = h("ul", { class: "rejected", "aria-label": "Files not accepted" });
  const list = h("ul", { class: "uploads", "aria-label": "Uploads" });
  const resumable = h("ul", { class: "uploads", "aria-label": "Unfinished uploads" });
  const resumableSection = h("section", { class: "stack", hidden: true }, h("h2", {}, "Unfinished uploads"), resumable);
  const rows = new Map<Upload, HTMLElement>();

  function take(files: Iterable<File>) {
    mount(rejected);
    for (const file of files) {
      const check = checkFile(file);
      if (!check.ok) {
        rejected.append(h("li", { role: "alert", class: "field-error" }, check.message));
        continue;
      }
      startUpload(
        file,
        {
          title: title.control.value.trim() || titleFromFileName(file.name),
          description: description.control.value,
          visibility: visibility.control.value as Visibility,
          tags: parseTags(tags.control.value),
          contentType: check.contentType,
        },
        user.id,
      );
    }
    title.control.value = "";
  }

  const input = h("input", { type: "file", id: "upload-files", name: "files", multiple: true, accept: ACCEPT, class: "file-input" });
  input.addEventListener("change", () => {
    take(Array.from(input.files ?? []));
    input.value = "";
  });
  const drop = h(
    "div",
    { class: "drop-zone" },
    h("p", {}, "Drag and drop video files here, or"),
    h("label", { for: "upload-files", class: "button primary" }, "Choose files"),
    input,
    h("p", { class: "hint" }, "MP4, MOV, WebM, MKV, AVI, MPEG, OGG, 3GP, M4V or TS, up to 5 GB."),
  );
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("dragging");
    take(Array.from(e.dataTransfer?.files ?? []));
  });

  function renderLists() {
    for (const upload of activeUploads()) {
      if (!rows.has(upload)) rows.set(upload, uploadRow(upload, ctx.signal).element);
    }
    mount(
      list,
      activeUploads().map((u) => rows.get(u)!),
    );
    const records = resumableUploads(user.id);
    resumableSection.hidden = records.length === 0;
    mount(
      resumable,
      records.map((r) => resumableRow(r, renderLists)),
    );
  }

  mount(
    ctx.main,
    h(
      "section",
      { class: "stack" },
      h("h1", {}, "Upload videos"),
      h("div", { class: "upload-options" }, title.element, visibility.element, description.element, tags.element),
      drop,
      rejected,
      list,
      resumableSection,
    ),
  );
  renderLists();
  focusHeading(ctx.main);
  return onUploadsChange(renderLists);
}
