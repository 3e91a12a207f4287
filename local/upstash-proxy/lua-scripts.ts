import { createHash } from "node:crypto";
import { ErrorReply, type RespReply } from "./resp-reply.js";

/** Shebang flags Upstash understands but stock Redis rejects ("Unexpected flag in script shebang"). */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);
// Every distinct flagged script adds an entry; a cap keeps a misbehaving client from growing it forever.
const MAX_REMEMBERED_SCRIPTS = 1024;

export interface PreparedCommand {
  args: string[];
  adjustReply(reply: RespReply): RespReply;
}

/** The script with Upstash-only shebang flags removed; the same string when there was nothing to drop. */
export function stripUpstashFlags(script: string): string {
  if (!script.startsWith("#!")) return script;
  const lineEnd = script.indexOf("\n");
  const shebang = lineEnd === -1 ? script : script.slice(0, lineEnd);
  let changed = false;
  const kept = shebang
    .split(/\s+/)
    .filter((token) => token !== "")
    .flatMap((token) => {
      if (!token.startsWith("flags=")) return [token];
      const flags = token.slice("flags=".length).split(",");
      const redisFlags = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag));
      if (redisFlags.length === flags.length) return [token];
      changed = true;
      return redisFlags.length > 0 ? [`flags=${redisFlags.join(",")}`] : [];
    });
  // Keeping the (now flagless) shebang keeps Redis's shebang semantics and the script's line numbers.
  return changed ? kept.join(" ") + (lineEnd === -1 ? "" : script.slice(lineEnd)) : script;
}

/**
 * Clients address scripts by the sha1 of the text they hold (@upstash/ratelimit even hard-codes
 * it), but Redis only ever sees the rewritten text. The registry remembers, for every rewritten
 * script it has seen, which Redis sha stands for the client's sha, and translates on the way in.
 */
export class ScriptRegistry {
  private readonly redisShaByClientSha = new Map<string, string>();

  prepare(args: readonly string[]): PreparedCommand {
    const [name = "", first, ...rest] = args;
    if (first === undefined) return unchanged(args);
    switch (name.toUpperCase()) {
      case "EVAL":
      case "EVAL_RO":
        return unchanged([name, this.learn(first), ...rest]);
      case "EVALSHA":
      case "EVALSHA_RO":
        // An unknown sha goes through as is: Redis answers NOSCRIPT and the client falls back to EVAL.
        return unchanged([name, this.toRedisSha(first), ...rest]);
      case "SCRIPT":
        return this.prepareScriptSubcommand(name, first, rest);
      default:
        return unchanged(args);
    }
  }

  private prepareScriptSubcommand(name: string, subcommand: string, rest: string[]): PreparedCommand {
    const upper = subcommand.toUpperCase();
    if (upper === "EXISTS") return unchanged([name, subcommand, ...rest.map((sha) => this.toRedisSha(sha))]);
    const [script, ...more] = rest;
    if (upper !== "LOAD" || script === undefined) return unchanged([name, subcommand, ...rest]);
    const rewritten = this.learn(script);
    if (rewritten === script) return unchanged([name, subcommand, ...rest]);
    // Redis answers with the rewritten script's sha; the client expects the sha of what it sent.
    const clientSha = Buffer.from(sha1(script));
    return {
      args: [name, subcommand, rewritten, ...more],
      adjustReply: (reply) => (reply instanceof ErrorReply ? reply : clientSha),
    };
  }

  private learn(script: string): string {
    const rewritten = stripUpstashFlags(script);
    if (rewritten === script) return script;
    const clientSha = sha1(script);
    this.redisShaByClientSha.delete(clientSha);
    this.redisShaByClientSha.set(clientSha, sha1(rewritten));
    if (this.redisShaByClientSha.size > MAX_REMEMBERED_SCRIPTS) {
      const oldest = this.redisShaByClientSha.keys().next();
      if (!oldest.done) this.redisShaByClientSha.delete(oldest.value);
    }
    return rewritten;
  }

  private toRedisSha(sha: string): string {
    return this.redisShaByClientSha.get(sha.toLowerCase()) ?? sha;
  }
}

function unchanged(args: readonly string[]): PreparedCommand {
  return { args: [...args], adjustReply: (reply) => reply };
}

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}
