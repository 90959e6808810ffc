#!/usr/bin/env bash
# Trains, exports and evaluates the models that models/ ships, from a clean clone (after
# `mvn -B -DskipTests package`). Every stage resumes from its run folder's last checkpoint and
# is skipped once its final epoch exists, so the script can be re-run after an interruption.
# Usage: scripts/train-shipped-models.sh [stage...]   (default: all; stages below)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-analyzer-train/target/analyzer-train.jar}
CFG=analyzer-train/configs
train() { # kind config-name [extra train options]
  local kind=$1 name=$2 run=runs/$2
  shift 2
  local epochs
  epochs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['epochs'])" "$CFG/$name.json")
  if [[ -d $run/checkpoints/$(printf 'epoch-%03d' "$epochs") ]]; then
    echo "== $name: done ($epochs epochs)"
    return
  fi
  local resume=()
  [[ -d $run/checkpoints ]] && resume=(--resume)
  echo "== $name: training $kind ($(date -u +%H:%M:%S))"
  java -jar "$JAR" train "$kind" --config "$CFG/$name.json" --out "$run" "${resume[@]}" "$@"
}
stage_mae() { train mae mini-mae; }
stage_dan() { train dan mini-dan; }
stage_emma() { train emma mini-emma; }
# Table 6 of the paper, small: mask ratio and batch on the same 10,240 hold-out-split faces each.
stage_sweep() {
  for s in r00-b128 r50-b128 r75-b128; do train cotex "mini-cotex-sweep-$s" --limit 80; done
  train cotex mini-cotex-sweep-r75-b256 --limit 40
}
stage_cotex() { train cotex mini-cotex; }
stage_scratch() { train emma mini-emma-scratch; }
stage_export() {
  mkdir -p models
  java -jar "$JAR" export --kind emma --checkpoint runs/mini-emma --out models/emma-vit-mini-p6-48.onnx
  java -jar "$JAR" export --kind cotex --checkpoint runs/mini-cotex --out models/cotex-vit-mini-p6-48.onnx
}
stages=("$@")
[[ ${#stages[@]} -eq 0 ]] && stages=(mae dan emma cotex sweep scratch export)
for s in "${stages[@]}"; do "stage_$s"; done
