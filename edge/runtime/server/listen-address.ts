/** Where a standalone runtime entry listens: loopback unless told otherwise. */
export function listenAddress(env: Record<string, string | undefined>): { hostname: string; port: number } {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return { hostname: env.HOST ?? "127.0.0.1", port };
}
