#!/usr/bin/env bash
# Installs from Debian's packages what the build and tests need beyond the JDK and Maven:
# ffmpeg (the CLI writes test videos and feeds the test RTSP server), an RTSP server for the
# loopback stream tests, and npm (the build installs the face detector and samples with it).
set -euo pipefail
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v npm >/dev/null || need+=(npm)
dpkg -s rtsp-server-perl >/dev/null 2>&1 || need+=(rtsp-server-perl)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
