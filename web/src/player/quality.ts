/** The quality menu's entries: one per video representation, best first, named by height and bitrate. */
export interface QualityOption {
  id: string;
  label: string;
}

export function qualityOptions(representations: { id: string; height: number; bandwidth: number }[]): QualityOption[] {
  return [...representations]
    .sort((a, b) => b.height - a.height || b.bandwidth - a.bandwidth)
    .map((r) => ({ id: r.id, label: `${r.height}p · ${(r.bandwidth / 1_000_000).toFixed(r.bandwidth < 1_000_000 ? 2 : 1)} Mbps` }));
}
