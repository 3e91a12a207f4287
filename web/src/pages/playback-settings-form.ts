import { QUALITIES, type UserSettings } from "../../../shared/contracts/users.js";
import { api, ApiError, unwrap } from "../api.js";
import { h, mount } from "../dom.js";
import { busy, field, formAlert, showFieldErrors } from "../forms.js";

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const qualityLabel = (q: string) => (q === "auto" ? "Automatic" : q);

/**
 * The player's settings on /me: starting quality, autoplay and speed. PUT replaces the settings whole, so
 * the form sends back every key it read, changed or not (captions and notifications included).
 */
export function playbackSettingsForm(signal: AbortSignal): HTMLElement {
  const quality = field({
    kind: "select",
    label: "Starting quality",
    name: "default_quality",
    options: QUALITIES.map((q) => ({ value: q, label: qualityLabel(q) })),
    hint: "The best the video has up to this; automatic adapts to your connection.",
  });
  const speed = field({
    kind: "select",
    label: "Playback speed",
    name: "playback_speed",
    options: SPEEDS.map((s) => ({ value: String(s), label: `${s}×` })),
  });
  const autoplay = h("input", { type: "checkbox", id: "autoplay", name: "autoplay" });
  const alert = formAlert();
  const saved = h("p", { role: "status", class: "muted" });
  const save = h("button", { type: "submit", class: "primary", disabled: true }, "Save playback settings");
  const fields = { default_quality: quality, playback_speed: speed };
  let current: UserSettings | null = null;

  const form = h(
    "form",
    { class: "stack narrow", novalidate: true, "aria-labelledby": "playback-heading" },
    h("h2", { id: "playback-heading" }, "Playback"),
    alert.element,
    quality.element,
    h("div", { class: "field checkbox" }, autoplay, h("label", { for: "autoplay" }, "Start playing by itself")),
    speed.element,
    save,
    saved,
  );

  void unwrap(api.GET("/users/me/settings", { signal }))
    .then(({ settings }) => {
      current = settings;
      quality.control.value = settings.default_quality;
      // A speed set through the API that the menu lacks is kept as an entry of its own.
      if (!SPEEDS.includes(settings.playback_speed))
        speed.control.append(h("option", { value: String(settings.playback_speed) }, `${settings.playback_speed}×`));
      speed.control.value = String(settings.playback_speed);
      autoplay.checked = settings.autoplay;
      save.disabled = false;
    })
    .catch((error: unknown) => {
      if (!signal.aborted) alert.show(`Your settings could not be read: ${error instanceof Error ? error.message : String(error)}`);
    });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!current) return;
    alert.clear();
    mount(saved);
    const next: UserSettings = {
      ...current,
      default_quality: quality.control.value as UserSettings["default_quality"],
      autoplay: autoplay.checked,
      playback_speed: Number(speed.control.value),
    };
    void busy(save, async () => {
      try {
        current = (await unwrap(api.PUT("/users/me/settings", { body: next }))).settings;
        showFieldErrors(fields, {});
        mount(saved, "Saved: the next video you open plays this way.");
      } catch (error) {
        if (!(error instanceof ApiError && showFieldErrors(fields, error.fields)))
          alert.show(error instanceof Error ? error.message : String(error));
      }
    });
  });
  return form;
}
