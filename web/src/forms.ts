import type { FieldErrors } from "./api.js";
import { h, mount, uniqueId } from "./dom.js";

/**
 * Labelled form controls with their error messages next to them (linked by aria-describedby, flagged
 * with aria-invalid), filled from the API's `errors: {field: [messages]}`.
 */
export interface FieldHandle {
  element: HTMLElement;
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  setErrors(messages: string[]): void;
}

type ControlOptions = { label: string; name: string; hint?: string } & (
  | { kind?: "input"; type?: string; value?: string; autocomplete?: string; required?: boolean; maxlength?: number }
  | { kind: "textarea"; value?: string; maxlength?: number }
  | { kind: "select"; options: { value: string; label: string }[]; value?: string }
);

export function field(opts: ControlOptions): FieldHandle {
  const id = uniqueId(opts.name);
  const errorId = `${id}-error`;
  const hintId = opts.hint ? `${id}-hint` : undefined;
  let control: FieldHandle["control"];
  if (opts.kind === "textarea") {
    control = h("textarea", { id, name: opts.name, rows: 3, maxlength: opts.maxlength });
    control.value = opts.value ?? "";
  } else if (opts.kind === "select") {
    control = h(
      "select",
      { id, name: opts.name },
      opts.options.map((o) => h("option", { value: o.value }, o.label)),
    );
    if (opts.value) control.value = opts.value;
  } else {
    control = h("input", {
      id,
      name: opts.name,
      type: opts.type ?? "text",
      autocomplete: opts.autocomplete,
      required: opts.required,
      maxlength: opts.maxlength,
    });
    control.value = opts.value ?? "";
  }
  const error = h("p", { id: errorId, class: "field-error" });
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  const element = h(
    "div",
    { class: "field" },
    h("label", { for: id }, opts.label),
    hintId ? h("p", { id: hintId, class: "hint" }, opts.hint!) : null,
    control,
    error,
  );
  return {
    element,
    control,
    setErrors(messages) {
      mount(error, messages.join(" "));
      if (messages.length > 0) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}

/** Shows each field's messages (clearing the others); focuses the first field in error. Returns whether any was shown. */
export function showFieldErrors(fields: Record<string, FieldHandle>, errors: FieldErrors): boolean {
  let first: FieldHandle | undefined;
  for (const [name, handle] of Object.entries(fields)) {
    const messages = errors[name] ?? [];
    handle.setErrors(messages);
    if (messages.length > 0) first ??= handle;
  }
  first?.control.focus();
  return first !== undefined;
}

/** A message for the whole form (wrong password, network down), read out when it appears. */
export function formAlert(): { element: HTMLElement; show(message: string): void; clear(): void } {
  const element = h("p", { class: "form-alert", role: "alert" });
  return { element, show: (m) => mount(element, m), clear: () => mount(element) };
}

/** Disables a form's submit button while `work` runs, so one click sends one request. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}
