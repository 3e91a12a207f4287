export { BadMediaError, type MediaInfo } from "./media-info.js";
export { probeMedia, type ProbeOptions } from "./probe.js";
export { DEFAULT_LADDER, LADDER_MODES, planLadder, type LadderMode, type LadderOptions, type LadderStep, type Rung } from "./ladder.js";
export { planLadderForSource, type SourcePlan } from "./plan-for-source.js";
export { type FinalRendition } from "./final-manifests.js";
export { measureRendition, type RenditionRate } from "./rendition-rates.js";
export { buildLadderArgs, type LadderArgsOptions, type SideOutput } from "./ladder-args.js";
export { FfmpegError, QUIET_ARGS, runFfmpeg, type RunFfmpegOptions } from "./ffmpeg-runner.js";
export { packageVideo, type PackagedVideo, type PackageVideoOptions } from "./package-video.js";
