import { api, ApiError, unwrap } from "../api.js";
import { currentUser, signOut, updateUser } from "../auth.js";
import { h, mount } from "../dom.js";
import { busy, field, formAlert, showFieldErrors } from "../forms.js";
import { focusHeading, navigate, type PageContext } from "../router.js";
import { playbackSettingsForm } from "./playback-settings-form.js";

/** The account: name (PATCH /users/me), email, playback settings (PUT /users/me/settings), and signing out. */
export function mePage(ctx: PageContext) {
  const user = currentUser()!;
  const fields = { name: field({ label: "Name", name: "name", autocomplete: "name", value: user.name, hint: "3 to 50 characters." }) };
  const alert = formAlert();
  const saved = h("p", { role: "status", class: "muted" });
  const save = h("button", { type: "submit", class: "primary" }, "Save");
  const form = h("form", { class: "stack narrow", novalidate: true }, alert.element, fields.name.element, save, saved);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.clear();
    mount(saved);
    void busy(save, async () => {
      try {
        const { user: updated } = await unwrap(api.PATCH("/users/me", { body: { name: fields.name.control.value } }));
        updateUser(updated);
        showFieldErrors(fields, {});
        mount(saved, "Saved.");
      } catch (error) {
        if (!(error instanceof ApiError && showFieldErrors(fields, error.fields)))
          alert.show(error instanceof Error ? error.message : String(error));
      }
    });
  });
  const out = h("button", { type: "button", onclick: () => void signOut().then(() => navigate("/")) }, "Sign out");
  mount(
    ctx.main,
    h(
      "section",
      { class: "stack narrow" },
      h("h1", {}, "Your account"),
      h("p", {}, `Signed in as ${user.email}`),
      form,
      playbackSettingsForm(ctx.signal),
      out,
    ),
  );
  focusHeading(ctx.main);
}
