// Generated from /openapi.json by `npm run types:api` (web/generate-api-types.ts): do not edit by hand.
// A unit test fails when the routes change and this file was not regenerated.
export interface paths {
  "/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Health of the edge and its dependencies
     * @description Checks the database and Redis, each within 2 s. Not enveloped: `{status, checks}`, for load balancers and probes.
     */
    get: operations["getHealth"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/.well-known/jwks.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Keys that verify access tokens
     * @description The public keys (JWK Set) that verify access tokens, for services that check them without calling the API. Cached for 5 minutes.
     */
    get: operations["getJwks"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/register": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an account
     * @description Creates an account and signs it in, answering with a token pair. Rate limited per address. Browsers send `X-Refresh-Cookie: 1` to get the refresh token as an httpOnly cookie instead of in the body.
     */
    post: operations["registerUser"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in
     * @description Signs in with email and password, answering with a token pair. An unknown email and a wrong password get the same 401. Rate limited per address and email, and per address.
     */
    post: operations["logIn"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/refresh": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Renew the token pair
     * @description Spends a refresh token for a new pair. Presenting a spent one revokes the whole session, except within a short grace while its successor is still unused (a reload lost the answer). In cookie mode the refresh token comes from the httpOnly cookie and no body is needed.
     */
    post: operations["refreshToken"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign out
     * @description Revokes the presented access token and every refresh token of its session; in cookie mode the refresh cookie is cleared too.
     */
    post: operations["logOut"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/profile": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The signed-in user
     * @description The user the access token belongs to, read fresh from the database.
     */
    get: operations["getProfile"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/users/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your profile
     * @description The signed-in user's public profile.
     */
    get: operations["getMe"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change your profile
     * @description Changes the fields given (name, image URL or null); the others stay.
     */
    patch: operations["updateMe"];
    trace?: never;
  };
  "/users/me/settings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your viewer settings
     * @description Default quality, autoplay, captions language, playback speed and email notifications.
     */
    get: operations["getSettings"];
    /**
     * Replace your viewer settings
     * @description Replaces the settings whole: a key left out takes its default, an unknown key is refused.
     */
    put: operations["replaceSettings"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/uploads": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start an upload
     * @description Reserves a video (title, description, visibility, up to 10 tags, an optional BCP 47 language for search) and answers where to send its bytes, straight to object storage: one presigned PUT up to SINGLE_PUT_MAX_BYTES, presigned multipart parts above. The type must be a video; at most MAX_PENDING_UPLOADS unfinished uploads per user.
     */
    post: operations["createUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/uploads/{id}/complete": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Finish an upload and queue its encode
     * @description Completes the multipart upload (with the parts' ETags), checks the stored object against the announced size, then sets the video queued and records the encode job in one statement. Calling it again answers 202 and queues nothing new.
     */
    post: operations["completeUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/uploads/{id}/resume": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Fresh URLs for an unfinished upload
     * @description Signs new URLs for the same upload, for a client whose URLs expired or that reloaded: the parts already stored stay stored, so only the missing ones need sending.
     */
    post: operations["resumeUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/uploads/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Cancel an unfinished upload
     * @description Aborts the upload, removes the bytes already stored and marks the video deleted.
     */
    delete: operations["cancelUpload"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/upload/presigned-url": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start an upload (seed clients)
     * @description For clients of the platform this one replaces: PUT URLs for a video and its thumbnail, without knowing size or type up front. New clients use POST /uploads.
     */
    post: operations["createSeedUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/upload/webhook": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Finish an upload (seed clients)
     * @description For clients of the platform this one replaces: sets title and description (and tags and language when given), then verifies and queues the encode as POST /uploads/{id}/complete does.
     */
    post: operations["completeSeedUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/captions/{language}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Add or replace a caption track from the request body
     * @description Publishes the track of this language (a BCP 47 tag, e.g. en or pt-BR), replacing any track of the same language. WebVTT or SRT (converted to WebVTT); it must parse, every cue must end within the video's duration (+0.5 s), cue text may carry WebVTT's own tags only (c, i, b, u, ruby, rt, v, lang, timestamps; HTML such as `font` or `script` elements is refused, as are STYLE blocks), at most 524288 bytes. The video's duration must be known: ready, or still encoding and playable.
     */
    put: operations["putCaption"];
    post?: never;
    /**
     * Delete a caption track
     * @description Removes the track from the video's details, playback answer and manifests, and its file from storage.
     */
    delete: operations["deleteCaption"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/captions/{language}/upload": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Get a URL to upload a caption file to storage
     * @description A presigned PUT for the file, bound to size_bytes (at most 524288); then call complete to validate and publish it.
     */
    post: operations["createCaptionUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/captions/{language}/complete": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Validate and publish an uploaded caption file
     * @description Reads the file PUT to the upload URL, checks it and publishes it as this language's track (replacing any). WebVTT or SRT (converted to WebVTT); it must parse, every cue must end within the video's duration (+0.5 s), cue text may carry WebVTT's own tags only (c, i, b, u, ruby, rt, v, lang, timestamps; HTML such as `font` or `script` elements is refused, as are STYLE blocks), at most 524288 bytes. The video's duration must be known: ready, or still encoding and playable.
     */
    post: operations["completeCaptionUpload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/manifest.mpd": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * DASH manifest
     * @description The DASH manifest with every segment URL absolute and signed. Public and unlisted videos for anyone, private ones for their owner or with a playback `token`; cached only as long as the signatures inside stay valid.
     */
    get: operations["getDashManifest"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/master.m3u8": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * HLS master playlist
     * @description The HLS master playlist, pointing at the rewritten media playlists. Public and unlisted videos for anyone, private ones for their owner or with a playback `token`; cached only as long as the signatures inside stay valid.
     */
    get: operations["getHlsMaster"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/hls/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * HLS media playlist
     * @description An HLS media playlist with signed segment URLs. Public and unlisted videos for anyone, private ones for their owner or with a playback `token`; cached only as long as the signatures inside stay valid.
     */
    get: operations["getHlsMediaPlaylist"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/storyboard.vtt": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Storyboard cues
     * @description Storyboard cues (WebVTT) with signed sprite URLs. Public and unlisted videos for anyone, private ones for their owner or with a playback `token`; cached only as long as the signatures inside stay valid.
     */
    get: operations["getStoryboard"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/captions/{language}/playlist.m3u8": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * HLS subtitle playlist of a caption track
     * @description An HLS subtitle media playlist: the track's signed WebVTT file as one segment covering the video (what the master's EXT-X-MEDIA:TYPE=SUBTITLES renditions point at). Public and unlisted videos for anyone, private ones for their owner or with a playback `token`; cached only as long as the signatures inside stay valid.
     */
    get: operations["getCaptionPlaylist"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/time": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The server's clock
     * @description The current time, which rewritten DASH manifests name in their UTCTiming element: a player whose clock is off would ask for segments of a growing video that do not exist yet. Never cached; readable from any origin.
     */
    get: operations["getTime"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List or search public videos
     * @description Public, ready videos. Without `q`: newest first. With `q`: a full-text search over title, tags and description, best match first; a last word with nothing after it matches as a prefix (results while typing); quotes, `-word` and `or` work as in web search engines. `tag` keeps only videos with that tag (normalised as tags are). Both page with `next_cursor`, which is only valid for the same `q` and `tag`.
     */
    get: operations["listVideos"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One video
     * @description A video you may see: public or unlisted ones for anyone, private ones for their owner, who sees every field. Signed playback URLs come with it once it is playable.
     */
    get: operations["getVideo"];
    put?: never;
    post?: never;
    /**
     * Delete a video of yours
     * @description The video disappears at once; its files are removed from storage in the background.
     */
    delete: operations["deleteVideo"];
    options?: never;
    head?: never;
    /**
     * Edit a video of yours
     * @description Changes title, description, visibility, tags (replaced whole: at most 10, normalised — lower case, single spaces, each once), language (a BCP 47 tag, or null when unknown; search stems the video's words in it) and downloadable (whether viewers may download it). The fields not given stay. Owner only.
     */
    patch: operations["updateVideo"];
    trace?: never;
  };
  "/users/me/videos": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your videos
     * @description Every video of yours whatever its status or visibility, newest first, a page at a time (`cursor` from `next_cursor`).
     */
    get: operations["listMyVideos"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/playback": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Signed playback URLs
     * @description CloudFront-signed URLs for this caller: DASH and HLS manifests, poster and storyboard. Never cached: they are signed for one caller and expire at `expires_at`.
     */
    get: operations["getPlayback"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/videos/{id}/downloads": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List what a video can be downloaded as
     * @description One entry per rung of the ladder (an MP4 with the audio) and the audio alone (an M4A), best first, each `available` (not asked for yet), `preparing` (being remuxed), `ready` with a signed CDN URL that downloads it as an attachment named after the title, or `failed` with a `reason` to show the viewer (the stored media could not be made into the file, or every attempt failed): POST it with `retry: true` to try again. Poll this after POST. The owner may always download; anyone else only when the owner set `downloadable`.
     */
    get: operations["listVideoDownloads"];
    put?: never;
    /**
     * Ask for a download of a video
     * @description 200 with a signed CDN URL when the file is stored; otherwise 202 `preparing`: the origin remuxes the stored segments (no re-encode) into the file once, however many ask at the same time. Poll GET until it is `ready` or `failed`. When the last attempt `failed`, a POST answers 200 `failed` with its `reason` and queues nothing (a client polling with POST sees the failure); send `retry: true` (a viewer's "try again") to queue it again (202).
     */
    post: operations["requestVideoDownload"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description The envelope of every error answer */
    ErrorEnvelope: {
      /** @example Bad Request */
      message: string;
      data: {
        /** @description Per input field, what is wrong with it (`[]` when it passed) */
        errors?: {
          [key: string]: string[];
        };
        /** @description Why, when it is not one field's fault */
        reason?: string;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every dependency answers */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            status: "healthy";
            checks: {
              /** @enum {string} */
              database: "ok" | "failed";
              /** @enum {string} */
              redis: "ok" | "failed";
            };
          };
        };
      };
      /** @description A dependency failed; `checks` names it */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            status: "unhealthy";
            checks: {
              /** @enum {string} */
              database: "ok" | "failed";
              /** @enum {string} */
              redis: "ok" | "failed";
            };
          };
        };
      };
    };
  };
  getJwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Public keys that verify access tokens (RFC 7517); not enveloped, as verifiers expect */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            keys: {
              [key: string]: unknown;
            }[];
          };
        };
      };
    };
  };
  registerUser: {
    parameters: {
      query?: never;
      header?: {
        /** @description "1" for browsers: keep the refresh token in the httpOnly cookie vod_refresh (path /auth/refresh, SameSite=Strict) instead of the body */
        "x-refresh-cookie"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Account created and signed in */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data:
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_token: string;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                }
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                };
          };
        };
      };
      /** @description Invalid input or email taken */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many sign-ups from this address; see Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  logIn: {
    parameters: {
      query?: never;
      header?: {
        /** @description "1" for browsers: keep the refresh token in the httpOnly cookie vod_refresh (path /auth/refresh, SameSite=Strict) instead of the body */
        "x-refresh-cookie"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Signed in */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data:
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_token: string;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                }
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Unknown email or wrong password (same answer) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many attempts; see Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  refreshToken: {
    parameters: {
      query?: never;
      header?: {
        /** @description "1" for browsers: keep the refresh token in the httpOnly cookie vod_refresh (path /auth/refresh, SameSite=Strict) instead of the body */
        "x-refresh-cookie"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": {
          refresh_token: string;
        };
      };
    };
    responses: {
      /** @description A new token pair; the presented refresh token is spent */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data:
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_token: string;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                }
              | {
                  token: string;
                  /** @enum {string} */
                  token_type: "Bearer";
                  expires_in: number;
                  refresh_expires_in: number;
                  user: {
                    id: string;
                    name: string;
                    email: string;
                    image_url: string | null;
                    created_at: string;
                    updated_at: string;
                  };
                };
          };
        };
      };
      /** @description No refresh_token in the body (JSON clients) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Unknown, expired or reused refresh token (reuse revokes the session); in cookie mode the cookie is cleared */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  logOut: {
    parameters: {
      query?: never;
      header?: {
        /** @description "1" for browsers: keep the refresh token in the httpOnly cookie vod_refresh (path /auth/refresh, SameSite=Strict) instead of the body */
        "x-refresh-cookie"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Signed out (in cookie mode the refresh cookie is cleared too) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: Record<string, never>;
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getProfile: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed-in user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              user: {
                id: string;
                name: string;
                email: string;
                image_url: string | null;
                created_at: string;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The account no longer exists */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed-in user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              user: {
                id: string;
                name: string;
                email: string;
                image_url: string | null;
                created_at: string;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The account no longer exists */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  updateMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          /** Format: uri */
          image_url?: string | null;
        };
      };
    };
    responses: {
      /** @description Profile updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              user: {
                id: string;
                name: string;
                email: string;
                image_url: string | null;
                created_at: string;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The account no longer exists */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Viewer settings */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              settings: {
                /**
                 * @default auto
                 * @enum {string}
                 */
                default_quality: "auto" | "2160p" | "1440p" | "1080p" | "720p" | "480p" | "360p" | "240p";
                /** @default true */
                autoplay: boolean;
                /** @default null */
                captions_language: string | null;
                /** @default 1 */
                playback_speed: number;
                /** @default true */
                email_notifications: boolean;
              };
            };
          };
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The account no longer exists */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  replaceSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * @default auto
           * @enum {string}
           */
          default_quality?: "auto" | "2160p" | "1440p" | "1080p" | "720p" | "480p" | "360p" | "240p";
          /** @default true */
          autoplay?: boolean;
          /** @default null */
          captions_language?: string | null;
          /** @default 1 */
          playback_speed?: number;
          /** @default true */
          email_notifications?: boolean;
        };
      };
    };
    responses: {
      /** @description Settings replaced */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              settings: {
                /**
                 * @default auto
                 * @enum {string}
                 */
                default_quality: "auto" | "2160p" | "1440p" | "1080p" | "720p" | "480p" | "360p" | "240p";
                /** @default true */
                autoplay: boolean;
                /** @default null */
                captions_language: string | null;
                /** @default 1 */
                playback_speed: number;
                /** @default true */
                email_notifications: boolean;
              };
            };
          };
        };
      };
      /** @description Invalid or unknown keys */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The account no longer exists */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  createUpload: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          title: string;
          /** @default  */
          description?: string;
          filename: string;
          content_type: string;
          size_bytes: number;
          /**
           * @default private
           * @enum {string}
           */
          visibility?: "public" | "unlisted" | "private";
          /** @default [] */
          tags?: string[];
          language?: string;
        };
      };
    };
    responses: {
      /** @description The video, and where to send its bytes (one PUT, or multipart parts) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              };
              upload:
                | {
                    /** @enum {string} */
                    method: "PUT";
                    url: string;
                    headers: {
                      [key: string]: string;
                    };
                    expires_at: string;
                  }
                | {
                    /** @enum {string} */
                    method: "multipart";
                    upload_id: string;
                    part_size: number;
                    parts: {
                      part_number: number;
                      url: string;
                    }[];
                    expires_at: string;
                  };
            };
          };
        };
      };
      /** @description Invalid input (type, lengths) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Larger than MAX_UPLOAD_BYTES */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many unfinished uploads; see Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  completeUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": {
          parts?: {
            part_number: number;
            etag: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Verified and queued for encoding (repeating the call queues nothing new) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              };
            };
          };
        };
      };
      /** @description Missing or mismatched parts */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such upload for this user */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The bytes have not arrived in storage */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The stored file is larger than MAX_UPLOAD_BYTES */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The stored size differs from the announced size */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  resumeUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Fresh URLs for the same upload (parts already sent stay sent): resume after the first URLs expired */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              };
              upload:
                | {
                    /** @enum {string} */
                    method: "PUT";
                    url: string;
                    headers: {
                      [key: string]: string;
                    };
                    expires_at: string;
                  }
                | {
                    /** @enum {string} */
                    method: "multipart";
                    upload_id: string;
                    part_size: number;
                    parts: {
                      part_number: number;
                      url: string;
                    }[];
                    expires_at: string;
                  };
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such upload for this user */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Already completed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  cancelUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Upload aborted, bytes removed, video deleted */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: Record<string, never>;
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such upload for this user */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Already completed: delete the video instead */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  createSeedUpload: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Seed-compatible: PUT URLs for a video and its thumbnail */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video_id: string;
              thumbnail_id: string;
              video_url: string;
              thumbnail_url: string;
            };
          };
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many unfinished uploads; see Retry-After */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  completeSeedUpload: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          video_id: string;
          thumbnail_id: string;
          title: string;
          /** @default  */
          description?: string;
          tags?: string[];
          language?: string;
        };
      };
    };
    responses: {
      /** @description Seed-compatible completion: verified and queued */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              };
            };
          };
        };
      };
      /** @description Invalid input, or a thumbnail_id that is not the video's */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such upload for this user */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The bytes have not arrived in storage */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The stored file is larger than MAX_UPLOAD_BYTES */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The stored size differs from the announced size */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  putCaption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        language: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          label: string;
          /** @enum {string} */
          kind: "subtitles" | "captions";
          content: string;
        };
      };
    };
    responses: {
      /** @description Replaced the track of this language */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              track: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                cue_count: number;
                size_bytes: number;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Added the track */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              track: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                cue_count: number;
                size_bytes: number;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Bad language tag, label or kind, or a caption file that fails validation (problems under `content`) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Not signed in */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video's duration is not known yet (its encode has not started) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is larger than MAX_BODY_BYTES */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  deleteCaption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        language: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: Record<string, never>;
          };
        };
      };
      /** @description Bad language tag */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Not signed in */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours, or no track of this language */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  createCaptionUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        language: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          size_bytes: number;
        };
      };
    };
    responses: {
      /** @description Where to PUT the file */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              upload: {
                /** @enum {string} */
                method: "PUT";
                url: string;
                headers: {
                  [key: string]: string;
                };
                expires_at: string;
              };
            };
          };
        };
      };
      /** @description Bad language tag or size_bytes */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Not signed in */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video's duration is not known yet (its encode has not started) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  completeCaptionUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        language: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          label: string;
          /** @enum {string} */
          kind: "subtitles" | "captions";
        };
      };
    };
    responses: {
      /** @description Replaced the track of this language */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              track: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                cue_count: number;
                size_bytes: number;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Added the track */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              track: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                cue_count: number;
                size_bytes: number;
                updated_at: string;
              };
            };
          };
        };
      };
      /** @description Bad language tag, label or kind, or a file that fails validation (problems under `file`) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Not signed in */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No file has arrived at the upload URL, or the video's duration is not known yet */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getDashManifest: {
    parameters: {
      query?: {
        token?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The DASH manifest with every segment URL absolute and signed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/dash+xml": string;
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video for this caller, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getHlsMaster: {
    parameters: {
      query?: {
        token?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The HLS master playlist, pointing at the rewritten media playlists */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/vnd.apple.mpegurl": string;
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video for this caller, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getHlsMediaPlaylist: {
    parameters: {
      query?: {
        token?: string;
      };
      header?: never;
      path: {
        id: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An HLS media playlist with signed segment URLs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/vnd.apple.mpegurl": string;
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video for this caller, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getStoryboard: {
    parameters: {
      query?: {
        token?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Storyboard cues (WebVTT) with signed sprite URLs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/vtt": string;
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video for this caller, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getCaptionPlaylist: {
    parameters: {
      query?: {
        token?: string;
      };
      header?: never;
      path: {
        id: string;
        language: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An HLS subtitle media playlist: the track's signed WebVTT file as one segment covering the video (what the master's EXT-X-MEDIA:TYPE=SUBTITLES renditions point at) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/vnd.apple.mpegurl": string;
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video for this caller, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getTime: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The current time as an ISO 8601 xs:dateTime with milliseconds (DASH `urn:mpeg:dash:utc:http-xsdate:2014`), the clock players of a video still encoding need; not enveloped */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/plain": string;
        };
      };
    };
  };
  listVideos: {
    parameters: {
      query?: {
        limit?: string;
        cursor?: string;
        q?: string;
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Public, ready videos: newest first, or best match first when searching */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              videos: {
                id: string;
                title: string;
                description: string;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                poster_url: string | null;
                tags: string[];
                owner: {
                  id: string;
                  name: string;
                  image: string | null;
                };
                published_at: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
      /** @description Bad limit, cursor, search or tag (every field listed) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getVideo: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The video (the owner sees every field, anyone else only the viewer fields); signed playback URLs when it is playable — ready, or still encoding with its first segments stored (null otherwise) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error?: string | null;
                size_bytes?: number | null;
                content_type?: string | null;
                original_filename?: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
                owner: {
                  id: string;
                  name: string;
                  image: string | null;
                };
                poster_url: string | null;
              };
              manifest_url: string | null;
              hls_url: string | null;
              captions: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                url: string | null;
              }[];
              expires_at: string | null;
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video, or private and not yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  deleteVideo: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; its files are removed in the background */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: Record<string, never>;
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  updateVideo: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          title?: string;
          description?: string;
          /** @enum {string} */
          visibility?: "public" | "unlisted" | "private";
          tags?: string[];
          language?: string | null;
          downloadable?: boolean;
        };
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              video: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              };
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video of yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  listMyVideos: {
    parameters: {
      query?: {
        limit?: string;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description All your videos, any status, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              videos: {
                id: string;
                title: string;
                description: string;
                /** @enum {string} */
                visibility: "public" | "unlisted" | "private";
                /** @enum {string} */
                status: "awaiting_upload" | "queued" | "processing" | "ready" | "failed" | "deleted";
                progress: number;
                playable: boolean;
                downloadable: boolean;
                error: string | null;
                size_bytes: number | null;
                content_type: string | null;
                original_filename: string | null;
                duration_seconds: number | null;
                width: number | null;
                height: number | null;
                tags: string[];
                language: string | null;
                created_at: string;
                updated_at: string;
                published_at: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
      /** @description Bad limit or cursor */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  getPlayback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description CloudFront-signed URLs for this caller */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              dash_url: string;
              hls_url: string;
              manifest_url: string;
              hls_manifest_url: string;
              poster_url: string | null;
              storyboard_url: string | null;
              storyboard_vtt_url: string | null;
              captions: {
                language: string;
                label: string;
                /** @enum {string} */
                kind: "subtitles" | "captions";
                url: string | null;
              }[];
              expires_at: string;
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video, private, or not playable yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description A service this request needs is unavailable; retry after Retry-After seconds */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  listVideoDownloads: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The choices and their state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              downloads: {
                rendition: string;
                /** @enum {string} */
                kind: "video" | "audio";
                /** @enum {string} */
                status: "available" | "preparing" | "ready" | "failed";
                url: string | null;
                expires_at: string | null;
                reason: string | null;
              }[];
            };
          };
        };
      };
      /** @description Invalid input: `data.errors` lists every input field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video is not yours and its owner does not allow downloads */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video, or private and not yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video has not finished encoding */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The database or storage is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  requestVideoDownload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          rendition: string;
          retry?: boolean;
        };
      };
    };
    responses: {
      /** @description Stored: download it from `url` before `expires_at`; or `failed` with its `reason` when the last attempt failed and `retry` was not sent */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              download: {
                rendition: string;
                /** @enum {string} */
                kind: "video" | "audio";
                /** @enum {string} */
                status: "available" | "preparing" | "ready" | "failed";
                url: string | null;
                expires_at: string | null;
                reason: string | null;
              };
            };
          };
        };
      };
      /** @description Being made: poll GET in a few seconds */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            message: string;
            data: {
              download: {
                rendition: string;
                /** @enum {string} */
                kind: "video" | "audio";
                /** @enum {string} */
                status: "available" | "preparing" | "ready" | "failed";
                url: string | null;
                expires_at: string | null;
                reason: string | null;
              };
            };
          };
        };
      };
      /** @description Not a rendition of this video */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video is not yours and its owner does not allow downloads */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such video, or private and not yours */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The video has not finished encoding */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description The database or storage is unavailable: try again after Retry-After seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
}
