#!/usr/bin/env bash
# Installs from Debian's packages what the build and tests need beyond the JDK and Maven:
# ffmpeg (the CLI writes test videos and feeds the test RTSP server), two RTSP servers for the
# loopback stream tests (rtsp-server-perl relays RTP over UDP only; GStreamer's, driven by
# scripts/rtsp-file-server.py through Debian's python3, also serves RTP over TCP, the default),
# npm (the build installs the face detector and samples with it), and Chromium (the dashboard's
# page is tested in it, headless).
set -euo pipefail
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)
for pkg in rtsp-server-perl python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
