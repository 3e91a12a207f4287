/** Storyboard cues: which sprite region shows the picture at a given time (WebVTT with #xywh fragments). */
export interface StoryboardCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const seconds = (time: string) => {
  const parts = time.trim().split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
};

export function parseStoryboard(vtt: string): StoryboardCue[] {
  const cues: StoryboardCue[] = [];
  const lines = vtt.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const timing = /^\s*([\d:.]+)\s*-->\s*([\d:.]+)/.exec(lines[i]!);
    const target = lines[i + 1]?.trim();
    if (!timing || !target) continue;
    const hash = target.lastIndexOf("#xywh=");
    if (hash < 0) continue;
    const [x, y, width, height] = target
      .slice(hash + 6)
      .split(",")
      .map(Number);
    if ([x, y, width, height].some((n) => n === undefined || !Number.isFinite(n))) continue;
    cues.push({
      start: seconds(timing[1]!),
      end: seconds(timing[2]!),
      url: target.slice(0, hash),
      x: x!,
      y: y!,
      width: width!,
      height: height!,
    });
  }
  return cues;
}

/** The cue showing `time` (the last one past the end). */
export function cueAt(cues: StoryboardCue[], time: number): StoryboardCue | null {
  return (
    cues.find((c) => time >= c.start && time < c.end) ??
    (cues.length > 0 && time >= cues[cues.length - 1]!.end ? cues[cues.length - 1]! : null)
  );
}
