/**
 * PBKDF2-SHA256 through WebCrypto: available in workerd, Node, Bun and Deno, and within Workers' CPU
 * budget at its 100,000-iteration cap. The stored string names algorithm and parameters
 * (`pbkdf2-sha256$<iterations>$<salt>$<hash>`) so they can be raised later with a rehash on login.
 */
const ALGORITHM = "pbkdf2-sha256";
const SALT_BYTES = 16;
const HASH_BITS = 256;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return `${ALGORITHM}$${iterations}$${b64(salt)}$${b64(await derive(password, salt, iterations))}`;
}

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with weaker parameters than the ones configured now. */
  needsRehash: boolean;
}

export function parseHash(stored: string): { iterations: number; salt: Uint8Array<ArrayBuffer>; hash: Uint8Array } | null {
  const [algorithm, iterations, salt, hash] = stored.split("$");
  if (algorithm !== ALGORITHM || !iterations || !salt || !hash) return null;
  return { iterations: Number(iterations), salt: unb64(salt), hash: unb64(hash) };
}

export async function verifyPassword(password: string, stored: string, currentIterations: number): Promise<PasswordCheck> {
  const parsed = parseHash(stored);
  if (!parsed) return { ok: false, needsRehash: false };
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  return { ok: constantTimeEqual(candidate, parsed.hash), needsRehash: parsed.iterations < currentIterations };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * A hash of a password nobody has, verified when the email is unknown so that both
 * answers take the same time (no account enumeration through timing).
 */
let decoy: Promise<string> | undefined;
export function decoyHash(iterations: number): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID(), iterations);
  return decoy;
}
