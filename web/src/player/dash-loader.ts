import type * as Dash from "dashjs";

type DashGlobal = typeof Dash;
declare global {
  interface Window {
    dashjs?: DashGlobal;
  }
}

let loading: Promise<DashGlobal> | null = null;

/** dash.js (~800 KB) is fetched only when a video is watched, once per page load, from our own origin. */
export function loadDash(): Promise<DashGlobal> {
  loading ??= new Promise<DashGlobal>((resolve, reject) => {
    if (window.dashjs) return resolve(window.dashjs);
    const script = document.createElement("script");
    script.src = __DASH_URL__;
    script.async = true;
    script.onload = () => (window.dashjs ? resolve(window.dashjs) : reject(new Error("dash.js did not load")));
    script.onerror = () => {
      loading = null;
      reject(new Error("The video player could not be loaded. Check your connection and reload."));
    };
    document.head.append(script);
  });
  return loading;
}
