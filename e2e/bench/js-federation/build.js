// Builds the yardstick page into OUT (argv[2]): three folders, each served on its own origin by
// the benchmark: `host` (the page), `fl_header` and `fl_image` (remotes with a remoteEntry.js).
// React and react-dom are shared singletons, as a federation page shares them. The host finds
// its remotes in `window.FEDERATION_REMOTES`, which the benchmark writes into host/index.html
// (the `/*REMOTES*/` placeholder) once it knows their origins.
const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const { ModuleFederationPlugin } = webpack.container;

const OUT = path.resolve(process.argv[2] ?? "dist");
const shared = {
  react: { singleton: true, requiredVersion: "18.3.1" },
  "react-dom": { singleton: true, requiredVersion: "18.3.1" },
};

/** A remote loaded at run time from the origin the page names (webpack's promise remotes). */
const remote = (name) => `promise new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = window.FEDERATION_REMOTES.${name} + "remoteEntry.js";
  script.onerror = () => reject(new Error("remote ${name} did not load"));
  script.onload = () => resolve({
    get: (request) => window.${name}.get(request),
    init: (scope) => { try { return window.${name}.init(scope); } catch (e) { return undefined; } },
  });
  document.head.appendChild(script);
})`;

const common = (name) => ({
  mode: "production",
  context: __dirname,
  output: {
    path: path.join(OUT, name),
    publicPath: "auto",
    filename: "[name]-[contenthash:16].js",
    chunkFilename: "[name]-[contenthash:16].js",
    uniqueName: name,
    clean: true,
  },
  performance: { hints: false },
});

const configs = [
  {
    ...common("host"),
    entry: { main: "./src/host/index.js" },
    plugins: [
      new ModuleFederationPlugin({
        name: "host",
        remotes: { fl_header: remote("fl_header"), fl_image: remote("fl_image") },
        shared,
      }),
    ],
  },
  {
    ...common("fl_header"),
    entry: {},
    plugins: [
      new ModuleFederationPlugin({
        name: "fl_header",
        filename: "remoteEntry.js",
        exposes: { "./Header": "./src/header/Header.js" },
        shared,
      }),
    ],
  },
  {
    ...common("fl_image"),
    entry: {},
    plugins: [
      new ModuleFederationPlugin({
        name: "fl_image",
        filename: "remoteEntry.js",
        exposes: { "./RandomImage": "./src/image/RandomImage.js" },
        shared,
      }),
    ],
  },
];

webpack(configs, (error, stats) => {
  if (error || stats.hasErrors()) {
    console.error(error ?? stats.toString({ colors: false, all: false, errors: true }));
    process.exit(1);
  }
  const host = stats.stats[0].toJson({ all: false, entrypoints: true });
  const scripts = host.entrypoints.main.assets.map((a) => `<script defer src="${a.name}"></script>`);
  fs.writeFileSync(
    path.join(OUT, "host", "index.html"),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Header and random image: webpack Module Federation + React 18</title>
    <script>window.FEDERATION_REMOTES = /*REMOTES*/{};</script>
    ${scripts.join("\n    ")}
  </head>
  <body><div id="root"></div></body>
</html>
`,
  );
  const images = path.join(__dirname, "../../../home-app/images");
  fs.mkdirSync(path.join(OUT, "fl_image", "images"), { recursive: true });
  for (const file of fs.readdirSync(images)) {
    fs.copyFileSync(path.join(images, file), path.join(OUT, "fl_image", "images", file));
  }
  console.log(`built the webpack federation page into ${OUT}`);
});
