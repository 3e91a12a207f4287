import type { BrowserTokenPair, PublicUser } from "../../shared/contracts/auth.js";
import { anonymousApi, ApiError, unwrap, useTokenSource } from "./api.js";

/**
 * The session in the browser. The access token (15 min) lives in memory only; the refresh token is an
 * httpOnly cookie the page never sees (`X-Refresh-Cookie: 1`, see edge/auth/refresh-cookie.ts). A reload
 * or a new tab gets a fresh access token from /auth/refresh; a timer renews it a minute before it expires.
 * localStorage holds one non-secret flag, so a visitor who never signed in is not sent to /auth/refresh.
 */
const COOKIE_MODE = { header: { "x-refresh-cookie": "1" } };
const FLAG = "vod.session";
const RENEW_BEFORE_MS = 60_000;

interface State {
  user: PublicUser | null;
  token: string | null;
  expiresAt: number;
}

let state: State = { user: null, token: null, expiresAt: 0 };
let timer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("vod-auth") : null;

export const currentUser = () => state.user;
export const isSignedIn = () => state.user !== null;
export const onAuthChange = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function setState(next: State) {
  const changed = next.user?.id !== state.user?.id || next.user?.name !== state.user?.name;
  state = next;
  clearTimeout(timer);
  if (next.token) timer = setTimeout(() => void renew(), Math.max(5_000, next.expiresAt - Date.now() - RENEW_BEFORE_MS));
  if (changed) for (const listener of listeners) listener();
}

// Cookie mode answers with the browser's pair (no refresh token in the body); the API describes both kinds.
const browserPair = (pair: Promise<unknown>) => pair as Promise<BrowserTokenPair>;

function signedIn(pair: BrowserTokenPair) {
  localStorage.setItem(FLAG, "1");
  setState({ user: pair.user, token: pair.token, expiresAt: Date.now() + pair.expires_in * 1000 });
}

function signedOut() {
  localStorage.removeItem(FLAG);
  setState({ user: null, token: null, expiresAt: 0 });
}

/** Other tabs share the cookie: one renews at a time (Web Locks), or two would spend one refresh token and revoke the session. */
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  return navigator.locks ? navigator.locks.request("vod-auth-refresh", work) : work();
}

/** A new access token from the refresh cookie; false when the session is over (the cookie is gone or spent). */
export function renew(): Promise<boolean> {
  renewing ??= exclusive(async () => {
    try {
      signedIn(await browserPair(unwrap(anonymousApi.POST("/auth/refresh", { params: COOKIE_MODE }))));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) signedOut();
      return false;
    }
  }).finally(() => {
    renewing = null;
  });
  return renewing;
}

/** At start-up: resume the session if this browser had one. */
export async function restoreSession(): Promise<void> {
  if (localStorage.getItem(FLAG)) await renew();
}

export async function signIn(email: string, password: string): Promise<void> {
  signedIn(await browserPair(unwrap(anonymousApi.POST("/auth/login", { params: COOKIE_MODE, body: { email, password } }))));
  channel?.postMessage("signed-in");
}

export async function signUp(name: string, email: string, password: string): Promise<void> {
  signedIn(await browserPair(unwrap(anonymousApi.POST("/auth/register", { params: COOKIE_MODE, body: { name, email, password } }))));
  channel?.postMessage("signed-in");
}

export async function signOut(): Promise<void> {
  // Logout revokes the session server-side; it needs a live access token.
  if (state.token && Date.now() > state.expiresAt - 5_000) await renew();
  const token = state.token;
  signedOut();
  channel?.postMessage("signed-out");
  if (token)
    await unwrap(anonymousApi.POST("/auth/logout", { params: COOKIE_MODE, headers: { authorization: `Bearer ${token}` } })).catch(
      () => undefined,
    );
}

export function updateUser(user: PublicUser): void {
  setState({ ...state, user });
}

useTokenSource({ token: () => state.token, renew });

channel?.addEventListener("message", (event) => {
  if (event.data === "signed-out") signedOut();
  else if (event.data === "signed-in" && !state.user) void renew();
});

// Timers sleep in background tabs: catch up when the tab is shown again.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && state.token && Date.now() > state.expiresAt - RENEW_BEFORE_MS) void renew();
});
