export interface Table {
  caption?: string;
  headers: string[];
  rows: string[][];
}

/** A target from the issue, checked against what this run measured. */
export interface Verdict {
  what: string;
  measured: string;
  target: string;
  met: boolean;
}

/** One figure of the report: what was compared, the tables, the targets, and every run as JSON. */
export interface Figure {
  name: string;
  title: string;
  /** Markdown paragraphs: what is measured against what, and how. */
  intro: string[];
  tables: Table[];
  verdicts: Verdict[];
  /** Markdown bullets: caveats and what was found on the way. */
  notes: string[];
  /** Machine-readable: settings, every run, medians, min and max. */
  data: Record<string, unknown>;
}

/** A figure that failed still gets a section, saying why. */
export function failedFigure(name: string, title: string, error: unknown): Figure {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    name,
    title,
    intro: ["**This figure failed in this run.**"],
    tables: [],
    verdicts: [],
    notes: [["```", ...message.split("\n").slice(0, 12), "```"].join("\n")],
    data: { error: message },
  };
}
