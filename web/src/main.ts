import { currentUser, onAuthChange, restoreSession, signOut } from "./auth.js";
import { h, mount } from "./dom.js";
import { browsePage } from "./pages/browse.js";
import { libraryPage } from "./pages/library.js";
import { mePage } from "./pages/me.js";
import { notFoundPage } from "./pages/not-found.js";
import { searchPage } from "./pages/search.js";
import { signInPage, signUpPage } from "./pages/sign-in.js";
import { tagPage } from "./pages/tag.js";
import { uploadPage } from "./pages/upload.js";
import { watchPage } from "./pages/watch.js";
import { navigate, notFound, onRoute, render, route, startRouter, type Page } from "./router.js";

/** Pages that need a signed-in user send others to sign in, and back here afterwards. */
const signedInOnly =
  (page: Page): Page =>
  (ctx) => {
    if (currentUser()) return page(ctx);
    navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  };

route("/", browsePage);
route("/watch/:id", watchPage);
route("/search", searchPage);
route("/tags/:tag", tagPage);
route("/signin", signInPage);
route("/signup", signUpPage);
route("/upload", signedInOnly(uploadPage));
route("/library", signedInOnly(libraryPage));
route("/me", signedInOnly(mePage));
notFound(notFoundPage);

function renderNav() {
  const user = currentUser();
  const link = (href: string, text: string) => h("a", { href, "aria-current": location.pathname === href ? "page" : false }, text);
  const items = user
    ? [
        link("/", "Browse"),
        link("/upload", "Upload"),
        link("/library", "My videos"),
        link("/me", user.name),
        h("button", { type: "button", class: "link-button", onclick: () => void signOut().then(() => navigate("/")) }, "Sign out"),
      ]
    : [link("/", "Browse"), link("/signin", "Sign in"), link("/signup", "Sign up")];
  mount(
    document.getElementById("nav")!,
    h(
      "ul",
      {},
      items.map((item) => h("li", {}, item)),
    ),
  );
}

// The header's search box: a plain GET form to /search (works without the script), routed in place.
document.getElementById("site-search")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = new FormData(event.target as HTMLFormElement).get("q");
  if (typeof q === "string" && q.trim()) navigate(`/search?${new URLSearchParams({ q })}`);
});

await restoreSession();
onAuthChange(() => {
  renderNav();
  // Signed out elsewhere (another tab, an expired session): leave pages that need a user.
  if (!currentUser() && ["/upload", "/library", "/me"].includes(location.pathname)) void render();
});
onRoute(renderNav);
startRouter();
