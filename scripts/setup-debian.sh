#!/usr/bin/env bash
# Installs the Debian 12 packages libcontour needs, skipping what is already there.
set -euo pipefail
packages=(build-essential cmake pkg-config libvtk9-dev libcgal-dev libeigen3-dev libgtest-dev googletest
          libbenchmark-dev libcli11-dev nlohmann-json3-dev libtbb-dev xvfb xauth
          libcairo2-dev poppler-utils chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[setup] all packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[setup] installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[setup] done"
