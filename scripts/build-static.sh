#!/usr/bin/env bash
# Builds the vendored front-end: Bootstrap Italia and Leaflet from npm (pinned in package-lock.json) copied into
# src/florwork/static/vendor/bootstrap-italia/, which collectstatic then serves. Nothing loads from a CDN.
# Only what the pages use is copied: the CSS (and its source map, which the manifest storage resolves),
# the JS bundle, the SVG icon sprite and the web fonts (woff2/woff; @font-face rules live in
# static/florwork/fonts.css because Bootstrap Italia's own font loader injects a <style> that the CSP blocks).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null; then
    echo "build-static: npm is missing (Debian: apt-get install -y nodejs npm)" >&2
    exit 2
fi

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

SRC=node_modules/bootstrap-italia/dist
DEST=src/florwork/static/vendor/bootstrap-italia
rm -rf "$DEST"
mkdir -p "$DEST/css" "$DEST/js" "$DEST/svg"
cp "$SRC/css/bootstrap-italia.min.css" "$SRC/css/bootstrap-italia.min.css.map" "$DEST/css/"
# The video player's icon font is inlined as a data: URL, which the CSP's font-src 'self' refuses;
# Florwork shows no videos, so the rule goes (the browser console stays free of CSP violations).
node -e '
const fs = require("fs"), file = process.argv[1];
const css = fs.readFileSync(file, "utf8");
const out = css.replace(/@font-face\{font-family:VideoJS;[^}]*\}/g, "");
if (out === css) { console.error("build-static: VideoJS @font-face not found; check the CSP font-src"); }
fs.writeFileSync(file, out);
' "$DEST/css/bootstrap-italia.min.css"
cp "$SRC/js/bootstrap-italia.bundle.min.js" "$DEST/js/"
cp "$SRC/svg/sprites.svg" "$DEST/svg/"
for family in Titillium_Web Roboto_Mono Lora; do
    mkdir -p "$DEST/fonts/$family"
    cp "$SRC/fonts/$family"/*.woff2 "$SRC/fonts/$family"/*.woff "$DEST/fonts/$family/"
    if [ -f "$SRC/fonts/$family/LICENSE.txt" ]; then cp "$SRC/fonts/$family/LICENSE.txt" "$DEST/fonts/$family/"; fi
done
cp node_modules/bootstrap-italia/LICENSE "$DEST/LICENSE" 2>/dev/null || true
# Leaflet (the visit plan's map): the script, its CSS and marker images, copied the same way.
LEAFLET=src/florwork/static/vendor/leaflet
rm -rf "$LEAFLET"
mkdir -p "$LEAFLET/images"
# leaflet.js names its source map, and the manifest storage (collectstatic) fails on a missing one
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css "$LEAFLET/"
cp node_modules/leaflet/dist/images/*.png "$LEAFLET/images/"
cp node_modules/leaflet/LICENSE "$LEAFLET/LICENSE"
echo "build-static: leaflet $(node -p "require('./node_modules/leaflet/package.json').version") -> $LEAFLET"
echo "build-static: bootstrap-italia $(node -p "require('./node_modules/bootstrap-italia/package.json').version") -> $DEST"
