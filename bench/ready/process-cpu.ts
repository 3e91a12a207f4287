import { readdir, readFile } from "node:fs/promises";

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Node supports. */
const TICKS_PER_SECOND = 100;
// Fields of /proc/<pid>/stat after the `(comm)` field, counted from its closing parenthesis.
const PPID = 1;
const UTIME = 11;
const STIME = 12;
const CUTIME = 13;
const CSTIME = 14;

interface ProcStat {
  pid: number;
  ppid: number;
  /** Its own CPU ticks. */
  own: number;
  /** Ticks of its children that exited and were waited for (ffmpeg and ffprobe, for an encoder). */
  children: number;
  cmdline: string;
}

async function readProc(pid: number): Promise<ProcStat | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
    return { pid, ppid: f[PPID]!, own: f[UTIME]! + f[STIME]!, children: f[CUTIME]! + f[CSTIME]!, cmdline };
  } catch {
    return null; // exited while we looked
  }
}

async function descendants(root: number): Promise<ProcStat[]> {
  const pids = (await readdir("/proc")).filter((n) => /^\d+$/.test(n)).map(Number);
  const all = (await Promise.all(pids.map(readProc))).filter((p): p is ProcStat => p !== null);
  const byParent = new Map<number, ProcStat[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcStat[] = [];
  const walk = (pid: number) => {
    for (const child of byParent.get(pid) ?? []) {
      out.push(child);
      walk(child.pid);
    }
  };
  const self = all.find((p) => p.pid === root);
  if (self) out.push(self);
  walk(root);
  return out;
}

/** What a process is, for the CPU table; `exited` names where its exited children's time goes. */
export type Labeler = (cmdline: string) => { own: string; exited: string } | null;

export type CpuSnapshot = Map<string, number>;

/** CPU-seconds so far of every labelled process under `root`, summed per label. */
export async function cpuSnapshot(root: number, label: Labeler): Promise<CpuSnapshot> {
  const totals: CpuSnapshot = new Map();
  const add = (k: string, ticks: number) => totals.set(k, (totals.get(k) ?? 0) + ticks / TICKS_PER_SECOND);
  for (const p of await descendants(root)) {
    const l = label(p.cmdline);
    if (!l) continue;
    add(l.own, p.own);
    add(l.exited, p.children);
  }
  return totals;
}

/** CPU-seconds per label between two snapshots (processes that exited in between are lost: none do here). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) out[k] = Math.max(0, v - (before.get(k) ?? 0));
  return out;
}

/** The whole machine's busy CPU ticks so far (every core, every process: ours and the neighbours'). */
export async function machineBusySeconds(): Promise<number> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

/** The `npm run dev` pool's processes, by service; the encoder's exited children are ffmpeg and ffprobe. */
export const platformLabel: Labeler = (cmd) => {
  const service = (name: string) => ({ own: name, exited: name });
  if (cmd.includes("encoder/worker/main.ts")) return { own: "encoder (Node)", exited: "ffmpeg + ffprobe" };
  if (/\bffmpeg |\bffprobe /.test(cmd)) return service("ffmpeg + ffprobe");
  if (cmd.includes("s3rver")) return service("storage (s3rver)");
  if (/wrangler|workerd|esbuild/.test(cmd)) return service("edge (wrangler dev)");
  for (const name of ["projector", "relay", "dead-letter", "deleter"]) if (cmd.includes(`/${name}/`)) return service(name);
  if (cmd.includes("nats-server")) return service("nats-server");
  if (cmd.includes("node")) return service("launcher, proxies, CDN");
  return service("other");
};

/** The bench's own Chromium (launched by this process). */
export const chromiumLabel: Labeler = (cmd) =>
  cmd.includes("chromium") ? { own: "viewer (Chromium)", exited: "viewer (Chromium)" } : null;
