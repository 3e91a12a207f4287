import { createRoute, z } from "@hono/zod-openapi";
import { publicUser } from "../../shared/contracts/auth.js";
import { updateProfileBody, userSettings } from "../../shared/contracts/users.js";
import { notFound } from "../../shared/errors.js";
import { envelope } from "../../shared/http/envelope.js";
import { requireUser, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, edgeRoutes } from "../http/index.js";
import { findUserById, presentSettings, presentUser, updateUser } from "../accounts/index.js";

const tags = ["users"];
const common = { tags, security: bearerSecurity, middleware: [requireUser] };
const settingsData = z.object({ settings: userSettings });
const gone = errorResponses({ 404: "The account no longer exists" });

const getMe = createRoute({
  ...common,
  method: "get",
  path: "/users/me",
  operationId: "getMe",
  summary: "Your profile",
  description: "The signed-in user's public profile.",
  responses: { 200: jsonResponse("The signed-in user", z.object({ user: publicUser })), ...gone },
});

const patchMe = createRoute({
  ...common,
  method: "patch",
  path: "/users/me",
  operationId: "updateMe",
  summary: "Change your profile",
  description: "Changes the fields given (name, image URL or null); the others stay.",
  request: { body: jsonBody(updateProfileBody) },
  responses: { 200: jsonResponse("Profile updated", z.object({ user: publicUser })), ...gone },
});

const getSettings = createRoute({
  ...common,
  method: "get",
  path: "/users/me/settings",
  operationId: "getSettings",
  summary: "Your viewer settings",
  description: "Default quality, autoplay, captions language, playback speed and email notifications.",
  responses: { 200: jsonResponse("Viewer settings", settingsData), ...gone },
});

const putSettings = createRoute({
  ...common,
  method: "put",
  path: "/users/me/settings",
  operationId: "replaceSettings",
  summary: "Replace your viewer settings",
  description: "Replaces the settings whole: a key left out takes its default, an unknown key is refused.",
  request: { body: jsonBody(userSettings) },
  responses: { 200: jsonResponse("Settings replaced", settingsData), ...errorResponses({ 400: "Invalid or unknown keys" }), ...gone },
});

export const userRoutes = edgeRoutes()
  .openapi(getMe, async (c) => {
    const user = await findUserById(c.var.ports.db, signedIn(c).userId);
    if (!user) throw notFound();
    return c.json(envelope("User", { user: presentUser(user) }), 200);
  })
  .openapi(patchMe, async (c) => {
    const body = c.req.valid("json");
    const changes = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.image_url !== undefined && { imageUrl: body.image_url }),
    };
    const user = await updateUser(c.var.ports.db, signedIn(c).userId, changes, c.var.ports.clock());
    if (!user) throw notFound();
    return c.json(envelope("Profile updated", { user: presentUser(user) }), 200);
  })
  .openapi(getSettings, async (c) => {
    const user = await findUserById(c.var.ports.db, signedIn(c).userId);
    if (!user) throw notFound();
    return c.json(envelope("Settings", { settings: presentSettings(user.settings) }), 200);
  })
  .openapi(putSettings, async (c) => {
    const settings = c.req.valid("json");
    const user = await updateUser(c.var.ports.db, signedIn(c).userId, { settings }, c.var.ports.clock());
    if (!user) throw notFound();
    return c.json(envelope("Settings updated", { settings: presentSettings(user.settings) }), 200);
  });
