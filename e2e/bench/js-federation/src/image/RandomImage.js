// The random image, as home-app draws it: one of the same photographs, its credit, and a
// "Get Another Image" button. Photographs come from this remote's own origin.
import React from "react";

const h = React.createElement;

const PHOTOS = [
  ["astronaut.jpg", "Astronaut Eileen Collins", "NASA"],
  ["chelsea.jpg", "Chelsea the cat", "Stéfan van der Walt"],
  ["coffee.jpg", "Coffee cup, Pikolo Espresso Bar", "Rachel Michetti"],
  ["hopper.jpg", "Grace Hopper", "US Navy"],
  ["hubble.jpg", "Hubble Deep Field", "NASA"],
  ["rocket.jpg", "Falcon 9 launch", "SpaceX"],
];

const pick = (avoid) => {
  let i = Math.floor(Math.random() * PHOTOS.length);
  if (i === avoid) i = (i + 1) % PHOTOS.length;
  return i;
};

export default function RandomImage() {
  const [shown, setShown] = React.useState(() => pick(-1));
  const [loading, setLoading] = React.useState(true);
  React.useEffect(() => {
    performance.mark("js:image:mounted");
  }, []);
  const [file, title, author] = PHOTOS[shown];
  return h(
    "section",
    { className: "fl-image", "aria-busy": String(loading) },
    h("h2", { className: "fl-image__title" }, "Random Image"),
    h(
      "div",
      { className: "fl-image__frame" },
      h("img", {
        src: new URL(`images/${file}`, __webpack_public_path__).href,
        alt: title,
        onLoad: () => setLoading(false),
        onError: () => setLoading(false),
      }),
    ),
    h("p", { className: "fl-image__credit" }, `“${title}” by ${author}`),
    h(
      "div",
      { className: "fl-image__actions" },
      h(
        "button",
        {
          className: "fl-image__button",
          disabled: loading,
          onClick: () => {
            setLoading(true);
            setShown(pick(shown));
          },
        },
        "Get Another Image",
      ),
    ),
  );
}
