// The page header, as header-app draws it: title, tagline, theme button, build, links, status.
import React from "react";

const h = React.createElement;

export default function Header() {
  const [dark, setDark] = React.useState(false);
  React.useEffect(() => {
    performance.mark("js:header:mounted");
  }, []);
  return h(
    "header",
    { className: "fl-header", "data-theme": dark ? "dark" : "light" },
    h(
      "div",
      { className: "fl-header__top" },
      h("h1", { className: "fl-header__title" }, "Flotilla"),
      h("span", { className: "fl-header__tagline" }, "Microfrontends in Rust"),
      h(
        "button",
        { className: "fl-header__theme", "aria-pressed": String(dark), onClick: () => setDark(!dark) },
        dark ? "Light theme" : "Dark theme",
      ),
      h("small", { className: "fl-header__build" }, "header v1.0.0"),
    ),
    h(
      "nav",
      { className: "fl-header__nav", "aria-label": "Pages" },
      h("a", { className: "fl-header__link", href: "/", "aria-current": "page" }, "Home"),
      h("a", { className: "fl-header__link", href: "/favorites" }, "Favorites (0)"),
    ),
    h(
      "p",
      { className: "fl-header__status", "aria-live": "polite" },
      h("span", { className: "fl-header__now" }, "Nothing on screen yet"),
      h("span", { className: "fl-header__count" }, "0 images viewed"),
    ),
  );
}
