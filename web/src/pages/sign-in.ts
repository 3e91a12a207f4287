import { ApiError } from "../api.js";
import { signIn, signUp } from "../auth.js";
import { h, mount } from "../dom.js";
import { busy, field, formAlert, showFieldErrors, type FieldHandle } from "../forms.js";
import { focusHeading, navigate, type PageContext } from "../router.js";

/** Only paths of this app, so a crafted ?next= cannot send anyone elsewhere. */
const nextPath = (query: URLSearchParams) => {
  const next = query.get("next") ?? "/library";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/library";
};

function authForm(
  ctx: PageContext,
  opts: { title: string; submit: string; fields: Record<string, FieldHandle>; send: () => Promise<void>; footer: HTMLElement },
) {
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "primary" }, opts.submit);
  const form = h(
    "form",
    { class: "stack narrow", novalidate: true },
    alert.element,
    Object.values(opts.fields).map((f) => f.element),
    button,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.clear();
    void busy(button, async () => {
      try {
        await opts.send();
        navigate(nextPath(ctx.query), { replace: true });
      } catch (error) {
        const shown = error instanceof ApiError && showFieldErrors(opts.fields, error.fields);
        if (!shown) alert.show(error instanceof Error ? error.message : String(error));
      }
    });
  });
  mount(ctx.main, h("section", { class: "stack narrow" }, h("h1", {}, opts.title), form, opts.footer));
  focusHeading(ctx.main);
}

export function signInPage(ctx: PageContext) {
  const fields = {
    email: field({ label: "Email", name: "email", type: "email", autocomplete: "email", required: true }),
    password: field({ label: "Password", name: "password", type: "password", autocomplete: "current-password", required: true }),
  };
  authForm(ctx, {
    title: "Sign in",
    submit: "Sign in",
    fields,
    send: () => signIn(fields.email.control.value, fields.password.control.value),
    footer: h("p", {}, "New here? ", h("a", { href: `/signup${location.search}` }, "Create an account")),
  });
}

export function signUpPage(ctx: PageContext) {
  const fields = {
    name: field({ label: "Name", name: "name", autocomplete: "name", required: true, hint: "3 to 50 characters." }),
    email: field({ label: "Email", name: "email", type: "email", autocomplete: "email", required: true }),
    password: field({
      label: "Password",
      name: "password",
      type: "password",
      autocomplete: "new-password",
      required: true,
      hint: "At least 8 characters.",
    }),
  };
  authForm(ctx, {
    title: "Create an account",
    submit: "Sign up",
    fields,
    send: () => signUp(fields.name.control.value, fields.email.control.value, fields.password.control.value),
    footer: h("p", {}, "Already have an account? ", h("a", { href: `/signin${location.search}` }, "Sign in")),
  });
}
