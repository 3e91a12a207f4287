/**
 * One job's hops, read from the pool's structured logs (every service stamps its lines with the same
 * machine clock): each step's log line, in the order a job passes them.
 */
export const HOPS = [
  { key: "queued", service: "edge", message: "upload queued for encoding", label: "`complete` answered (outbox row)" },
  { key: "started", service: "encoder", message: "job started", label: "relay → JetStream → encoder pull" },
  { key: "probed", service: "encoder", message: "source probed", label: "source opened + ffprobe" },
  { key: "encoding", service: "encoder", message: "encoding", label: "ladder planned, ffmpeg starts" },
  { key: "playable", service: "encoder", message: "playable", label: "first manifests stored (playable)" },
  { key: "ffmpegDone", service: "encoder", message: "ffmpeg done", label: "ffmpeg exits (last segment written)" },
  { key: "encoded", service: "encoder", message: "encoded", label: "sprite + output checks" },
  { key: "drained", service: "encoder", message: "uploads drained", label: "last segments + final manifests stored" },
  { key: "stored", service: "encoder", message: "revision stored", label: "revision record stored" },
  { key: "published", service: "encoder", message: "encoded event stored", label: "encoded event in JetStream" },
  { key: "projected", service: "projector", message: "video ready", label: "projector sets `ready`" },
] as const;

export type HopKey = (typeof HOPS)[number]["key"] | "seen";
/** Seconds from the bench's `POST /uploads/:id/complete` to each step; NaN when its line is missing. */
export type Timeline = Record<HopKey, number>;

const LINE = /^\[[\w-]+\] (\{.*\})\s*$/;

/** The timeline of `videoId` from the pool's output; `postedAt` and `seenAt` are the bench's wall clock (ms). */
export function readTimeline(output: string, videoId: string, postedAt: number, seenAt: number): Timeline {
  const at = new Map<string, number>();
  for (const line of output.split("\n")) {
    if (!line.includes(videoId)) continue;
    const json = LINE.exec(line)?.[1];
    if (!json) continue;
    let entry: { time?: string; service?: string; message?: string; video_id?: string };
    try {
      entry = JSON.parse(json) as typeof entry;
    } catch {
      continue;
    }
    if (entry.video_id !== videoId || !entry.time) continue;
    const key = `${entry.service}:${entry.message}`;
    // The first time each step is reached: a retried job would log it again.
    if (!at.has(key)) at.set(key, Date.parse(entry.time));
  }
  const timeline = { seen: (seenAt - postedAt) / 1000 } as Timeline;
  for (const h of HOPS) {
    const t = at.get(`${h.service}:${h.message}`);
    timeline[h.key] = t === undefined ? NaN : (t - postedAt) / 1000;
  }
  return timeline;
}

/** The steps in order with their duration from the previous one (the first from the POST). */
export function hopDurations(t: Timeline): { key: HopKey; label: string; seconds: number }[] {
  const steps = [
    ...HOPS.map((h) => ({ key: h.key as HopKey, label: h.label })),
    { key: "seen" as const, label: "the bench's poll sees `ready`" },
  ];
  let previous = 0;
  return steps.map((s) => {
    const seconds = t[s.key] - previous;
    if (!Number.isNaN(t[s.key])) previous = t[s.key];
    return { ...s, seconds };
  });
}
