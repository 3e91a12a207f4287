import type { Readable } from "node:stream";

/** Keeps the last lines a process printed, so failures can show why without buffering everything. */
export class OutputTail {
  private lines: string[] = [];
  private partial = "";

  constructor(private readonly maxLines = 30) {}

  follow(stream: Readable | null): void {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => this.push(chunk));
  }

  text(): string {
    return [...this.lines, this.partial].filter((l) => l !== "").join("\n");
  }

  private push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
