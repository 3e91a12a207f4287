/** Replaced at build time (web/build.ts): where the dash.js bundle is served. */
declare const __DASH_URL__: string;
