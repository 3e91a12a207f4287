import { h } from "../dom.js";
import { formatDuration } from "../format.js";
import { cueAt, parseStoryboard, type StoryboardCue } from "./storyboard.js";

interface Ranges {
  length: number;
  end(index: number): number;
}

/**
 * How far a viewer can seek: the duration once it is known. While the video is still being encoded its
 * manifest is live, the media's duration is Infinity (the browser's own timeline then hides itself), and
 * the limit is the end of what exists: the seekable range dash.js keeps up to date.
 */
export function seekEnd(duration: number, seekable: Ranges): number {
  if (Number.isFinite(duration) && duration > 0) return duration;
  return seekable.length > 0 ? Math.max(0, seekable.end(seekable.length - 1)) : 0;
}

export interface SeekBar {
  element: HTMLElement;
  /** Adds storyboard pictures under the pointer (they exist once the encode is done). */
  addPreviews(vttUrl: string): Promise<void>;
}

/** A seek bar for the video, from 0 to what can be played, that can show storyboard previews. */
export function createSeekBar(video: HTMLVideoElement): SeekBar {
  const range = h("input", { type: "range", min: 0, max: 0, step: 0.1, value: 0, id: "seek", "aria-label": "Seek" });
  const preview = h("div", { class: "seek-preview", hidden: true, "aria-hidden": "true" });
  const element = h("div", { class: "seek" }, range, preview);
  let cues: StoryboardCue[] = [];
  let dragging = false;

  const end = () => seekEnd(video.duration, video.seekable);
  const sync = () => {
    range.max = String(end());
    if (!dragging) range.value = String(video.currentTime);
    range.setAttribute("aria-valuetext", `${formatDuration(Number(range.value))} of ${formatDuration(end())}`);
  };
  const show = (time: number) => {
    const cue = cueAt(cues, time);
    preview.hidden = cue === null;
    if (!cue) return;
    preview.style.width = `${cue.width}px`;
    preview.style.height = `${cue.height}px`;
    preview.style.backgroundImage = `url("${cue.url.replace(/"/g, "%22")}")`;
    preview.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    const fraction = end() > 0 ? time / end() : 0;
    preview.style.left = `clamp(0px, calc(${fraction * 100}% - ${cue.width / 2}px), calc(100% - ${cue.width}px))`;
  };
  const timeAt = (clientX: number) => {
    const box = range.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * end();
  };

  for (const type of ["durationchange", "timeupdate", "progress", "emptied"]) video.addEventListener(type, sync);
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

  return {
    element,
    async addPreviews(vttUrl) {
      try {
        const res = await fetch(vttUrl);
        if (res.ok) cues = parseStoryboard(await res.text());
      } catch {
        // Previews are a nicety: the bar seeks without them.
      }
      if (cues.length > 0) range.setAttribute("aria-label", "Seek, with previews");
    },
  };
}
