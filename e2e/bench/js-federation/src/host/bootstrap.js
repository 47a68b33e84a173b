// The host page: the header and the random image, each a remote loaded at run time, each in its
// own Suspense boundary so one does not wait for the other.
import React from "react";
import { createRoot } from "react-dom/client";

const h = React.createElement;
const Header = React.lazy(() => import("fl_header/Header"));
const RandomImage = React.lazy(() => import("fl_image/RandomImage"));

function App() {
  return h(
    React.Fragment,
    null,
    h(React.Suspense, { fallback: null }, h(Header)),
    h("main", null, h(React.Suspense, { fallback: null }, h(RandomImage))),
  );
}

createRoot(document.getElementById("root")).render(h(App));
