#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install what is missing, build, and plan the bundled
# sample scan. Outputs go to out/ (plan JSON, CSV, target mesh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target contour_cli
mkdir -p out
./build/apps/contour plan data/samples/phantom_asymmetric.ply \
  --json out/phantom_asymmetric.plan.json --csv out/phantom_asymmetric.plan.csv \
  --target out/phantom_asymmetric.target.ply
echo "[demo] wrote out/phantom_asymmetric.plan.json, .plan.csv and .target.ply"
