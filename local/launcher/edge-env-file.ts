import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Secrets for `wrangler dev --env-file`: a file readable by us only, never command-line flags. */
export async function writeEdgeEnvFile(dataDir: string, env: Record<string, string>): Promise<string> {
  const file = join(dataDir, "edge.env");
  const quote = (v: string) => `'${v.replace(/'/g, "")}'`;
  await writeFile(
    file,
    Object.entries(env)
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join("\n") + "\n",
    { mode: 0o600 },
  );
  await chmod(file, 0o600);
  return file;
}
