import { createRoute, z } from "@hono/zod-openapi";
import { publicUser } from "../../shared/contracts/auth.js";
import { updateProfileBody, userSettings } from "../../shared/contracts/users.js";
import { notFound } from "../../shared/errors.js";
import { envelope } from "../../shared/http/envelope.js";
import { requireUser, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponse, jsonBody, jsonResponse, edgeRoutes } from "../http/index.js";
import { findUserById, presentSettings, presentUser, updateUser } from "../accounts/index.js";

const tags = ["users"];
const common = { tags, security: bearerSecurity, middleware: [requireUser] };
const settingsData = z.object({ settings: userSettings });

const getMe = createRoute({
  ...common,
  method: "get",
  path: "/users/me",
  responses: { 200: jsonResponse("The signed-in user", z.object({ user: publicUser })), 401: errorResponse("Not signed in") },
});

const patchMe = createRoute({
  ...common,
  method: "patch",
  path: "/users/me",
  request: { body: jsonBody(updateProfileBody) },
  responses: {
    200: jsonResponse("Profile updated", z.object({ user: publicUser })),
    400: errorResponse("Invalid input"),
    401: errorResponse("Not signed in"),
  },
});

const getSettings = createRoute({
  ...common,
  method: "get",
  path: "/users/me/settings",
  responses: { 200: jsonResponse("Viewer settings", settingsData), 401: errorResponse("Not signed in") },
});

const putSettings = createRoute({
  ...common,
  method: "put",
  path: "/users/me/settings",
  request: { body: jsonBody(userSettings) },
  responses: {
    200: jsonResponse("Settings replaced", settingsData),
    400: errorResponse("Invalid or unknown keys"),
    401: errorResponse("Not signed in"),
  },
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
