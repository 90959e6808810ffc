#!/usr/bin/env bash
# Trains, exports and evaluates the models that models/ ships, from a clean clone (after
# `mvn -B -DskipTests package`). Every stage resumes from its run folder's last checkpoint and
# is skipped once its final epoch exists, so the script can be re-run after an interruption.
# Usage: scripts/train-shipped-models.sh [stage...]
#   stages: mae align dan dan-long dan-mixed dan-mixed-long dan2 emma-next cotex-dan2 emma cotex
#   scratch ratio export eval ablation timeline (default: these, in order); also emma-mixed and
#   cotex-mixed (the models of ae16071), emma-dan-mixed (the EMMA of d387207), cotex-next (the
#   CoTEX of 18dddce), emma-longer and cotex-longer (the 18dddce runs continued, measured and not
#   shipped), output (the output ablation alone, also run by ablation; output-cotex: CoTEX's half)
#   and teacher (p6-dan-mixed-long's report)
# Each run folder runs/<config> is mirrored, every epoch, into $MIRROR/<config> (outside the work
# tree, which a fresh checkout lays anew), and a run resumes from there when runs/ lacks it.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-analyzer-train/target/analyzer-train.jar}
CFG=analyzer-train/configs
MIRROR=${MIRROR:-$HOME/affect-analyzer-runs}
SHARED=${SHARED:-../shared/data}
train() { # kind config-name [extra train options]
  local kind=$1 name=$2 run=runs/$2
  shift 2
  local epochs
  epochs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['epochs'])" "$CFG/$name.json")
  local last
  last=$(printf 'epoch-%03d' "$epochs")
  # A finished run may also come from analyzer-train/components (the MAE encoder and the DAN, committed
  # so that a fresh checkout need not retrain them).
  local kept=analyzer-train/components/$name
  if [[ -d $run/checkpoints/$last || -d $MIRROR/$name/checkpoints/$last || -d $kept/checkpoints/$last ]]; then
    if [[ ! -d $run/checkpoints/$last ]]; then
      mkdir -p "$run"
      if [[ -d $MIRROR/$name/checkpoints/$last ]]; then cp -rT "$MIRROR/$name" "$run"; else cp -rT "$kept" "$run"; fi
    fi
    echo "== $name: done ($epochs epochs)"
    return
  fi
  # A native crash (seen once in DJL's PyTorch engine) resumes from the last checkpoint.
  for attempt in 1 2 3; do
    local resume=()
    [[ -d $run/checkpoints || -d $MIRROR/$name/checkpoints ]] && resume=(--resume)
    echo "== $name: training $kind, attempt $attempt ($(date -u +%H:%M:%S))"
    local rc=0
    java -jar "$JAR" train "$kind" --config "$CFG/$name.json" --out "$run" --mirror "$MIRROR" \
      "${resume[@]}" "$@" || rc=$?
    [[ $rc -eq 0 ]] && return
    [[ $rc -eq 1 || $rc -eq 2 ]] && exit "$rc" # a clear error (bad config, diverged): no retry
  done
  echo "== $name: failed 3 times" >&2
  exit 1
}
# The shipped preset: a hybrid ViT whose tokens come from a ResNet trunk that starts from the DAN's
# (p6-dan-long); its transformer blocks start from the MAE encoder (p6-mae).
P=vith-mini-p8-48
stage_mae() { train mae p6-mae; }
# FER2013's training faces as the runtime sees them: detected and aligned by its own detector and
# aligner where it finds a face (about 3 in 4), the picture as it is elsewhere.
stage_align() {
  local out=runs/aligned/fer2013-train
  [[ -f $out/not-found.txt ]] && { echo "== align: done"; return; }
  if [[ -f $MIRROR/aligned/fer2013-train/not-found.txt ]]; then
    mkdir -p runs/aligned && cp -r "$MIRROR/aligned/fer2013-train" runs/aligned/
    return
  fi
  rm -rf "$out"
  java -jar "$JAR" align-faces --data "$SHARED/fer2013/train" --out "$out" --no-progress
  mkdir -p "$MIRROR/aligned" && rm -rf "$MIRROR/aligned/fer2013-train" && cp -r "$out" "$MIRROR/aligned/"
}
# p6-dan is only the start of p6-dan-long: skipped once p6-dan-long is done (components/ keeps only that).
stage_dan() {
  [[ -d analyzer-train/components/p6-dan-long/checkpoints/epoch-014 || -d runs/p6-dan-long/checkpoints/epoch-014 ]] && { echo "== p6-dan: not needed (p6-dan-long is done)"; return; }
  train dan p6-dan
}
# The teacher for distillation: p6-dan resumed under a 14-epoch schedule (a warm restart at epoch 7).
stage_dan-long() {
  [[ -d runs/p6-dan-long || -d analyzer-train/components/p6-dan-long ]] || cp -r runs/p6-dan runs/p6-dan-long
  train dan p6-dan-long
}
# EMMA and CoTEX learn the expressions from the labels and from p6-dan-long (distillation).
stage_emma() { train emma vith-emma-distill; }
stage_cotex() { train cotex vith-cotex-distill; }
# Then both go on from their last epoch on FER2013's own crops as well as the aligned ones (the
# faces of a pre-cropped set and of the runtime, both), under a longer cosine: a warm restart, as
# for p6-dan-long. These were the models of ae16071 (not in the default stages); the first stages
# stay for the ablations below.
continue_from() { # from to kind
  if [[ ! -d runs/$2 && ! -d $MIRROR/$2 && ! -d analyzer-train/components/$2 ]]; then
    cp -r "runs/$1" "runs/$2" && cp "$CFG/$2.json" "runs/$2/config.json"
  fi
  train "$3" "$2"
}
stage_emma-mixed() { continue_from vith-emma-distill vith-emma-mixed emma; }
stage_cotex-mixed() { continue_from vith-cotex-distill vith-cotex-mixed cotex; }
# The teacher DAN continued on both kinds of face, epochs 15-20, and then to epoch 28, its cosine
# run down (the shipped models' teacher; models/eval/teacher.md).
stage_dan-mixed() { continue_from p6-dan-long p6-dan-mixed dan; }
stage_dan-mixed-long() { continue_from p6-dan-mixed p6-dan-mixed-long dan; }
# A second DAN, independent of the first: the same recipe and data, another seed, from random init
# under one 18-epoch cosine on both kinds of face. The shipped files average its expressions in.
stage_dan2() {
  stage_align
  train dan p6-dan2-mixed
}
# The EMMA of d387207 (not in the default stages): taught by p6-dan-mixed (its trunk, its CNN branch
# and its soft labels), on both kinds of face from the first epoch, CK+ listed 16 times.
stage_emma-dan-mixed() {
  stage_mae
  stage_dan-mixed
  train emma vith-emma-dan-mixed
}
# The shipped EMMA and the CoTEX of 18dddce: taught by p6-dan-mixed-long (trunk, soft labels and,
# for EMMA, its CNN branch), both kinds of face from the first epoch.
stage_emma-next() {
  stage_mae
  stage_dan-mixed-long
  train emma vith-emma-dan-mixed-long
}
stage_cotex-next() {
  stage_mae
  stage_dan-mixed-long
  train cotex vith-cotex-dan-mixed-long
}
# The shipped CoTEX: taught by the second DAN (p6-dan2-mixed: its trunk and soft labels), and CK+'s
# training subjects' expressions added (listed 16 times, as EMMA's); otherwise the recipe of
# vith-cotex-dan-mixed-long.
stage_cotex-dan2() {
  stage_mae
  stage_dan2
  train cotex vith-cotex-dan2-ckplus
}
# The 18dddce runs continued from their sixth epoch under longer cosines (EMMA to 11 epochs, CoTEX
# to 10; a warm restart, same data and teacher): measured, not shipped (not in the default stages;
# models/eval/vith-dan-mixed-longer-2026-12-05/).
done_run() { # config epochs: its final epoch is in runs/, the mirror or components/
  local e
  e=$(printf 'epoch-%03d' "$2")
  [[ -d runs/$1/checkpoints/$e || -d $MIRROR/$1/checkpoints/$e || -d analyzer-train/components/$1/checkpoints/$e ]]
}
stage_emma-longer() {
  done_run vith-emma-dan-mixed-longer 11 || stage_emma-next
  continue_from vith-emma-dan-mixed-long vith-emma-dan-mixed-longer emma
}
stage_cotex-longer() {
  done_run vith-cotex-dan-mixed-longer 10 || stage_cotex-next
  continue_from vith-cotex-dan-mixed-long vith-cotex-dan-mixed-longer cotex
}
# The ablations run the shipped recipe to epoch $ABLATION_EPOCHS of its schedule and are compared
# with the shipped run's checkpoint of that epoch: EMMA's transformer blocks from random init rather
# than the MAE encoder (Table 5 of the paper, small; the trunk starts from the DAN in both), and
# CoTEX with the paper's token dropping (r 0.75) against the shipped r 0 (Table 6, small).
ABLATION_EPOCHS=3
stage_scratch() { train emma vith-emma-distill-scratch --stop-after "$ABLATION_EPOCHS"; }
stage_ratio() { train cotex vith-cotex-distill-r75 --stop-after "$ABLATION_EPOCHS"; }
PEER=$SHARED/models/peers/minixception_fer2013.onnx
EVAL=models/eval
export_to() { # kind run out [export options]
  [[ -f $3 ]] || java -jar "$JAR" export --kind "$1" --checkpoint "$2" --out "$3" "${@:4}"
}
# The shipped files are rewritten each time (a file of an older recipe may carry the same name). Both
# average each face with its mirror image (their training flipped faces) and their expressions with
# their teacher DAN's (EMMA's CNN branch; CoTEX's teacher), and take FER2013's class shares out of
# the expression logits (--prior-correction 1: macro F1 and a user's own mix of expressions ask for
# every class alike; tau 1 is the textbook value, not tuned on any set we report). Their expressions
# also average in the other DAN's (--expr-ensemble; each member weighs the same: EMMA's teacher is
# p6-dan-mixed-long, CoTEX's p6-dan2-mixed, so both files hold both DANs), and their weights are
# stored as float16 (--fp16), which keeps models/ under 40 MB with a second DAN in each file.
DAN1=runs/p6-dan-mixed-long
DAN2=runs/p6-dan2-mixed
EMMA_RUN=runs/vith-emma-dan-mixed-long
COTEX_RUN=runs/vith-cotex-dan2-ckplus
SHIP=(--flip-average --expr-with-dan --prior-correction 1 --fp16)
stage_export() {
  stage_align # the class shares are counted over the training data, the aligned faces among them
  stage_dan-mixed-long
  stage_dan2
  java -jar "$JAR" export --kind emma --checkpoint $EMMA_RUN --out models/emma-$P.onnx "${SHIP[@]}" --expr-ensemble $DAN2
  java -jar "$JAR" export --kind cotex --checkpoint $COTEX_RUN --out models/cotex-$P.onnx "${SHIP[@]}" --expr-ensemble $DAN1
}
# Both shipped models and the peer, on the same images in one run: pre-cropped, then through the
# runtime's own detector and aligner.
stage_eval() {
  java -jar "$JAR" eval --model "models/emma-$P.onnx,models/cotex-$P.onnx" --peer "$PEER" \
    --data fer2013-test,ckplus-val --through-pipeline --out $EVAL/shipped.json
}
stage_ablation() {
  mkdir -p runs/exports
  local e
  e=$(printf 'epoch-%03d' "$ABLATION_EPOCHS")
  export_to emma "runs/vith-emma-distill/checkpoints/$e" "runs/exports/vith-emma-mae-e$ABLATION_EPOCHS.onnx"
  export_to emma "runs/vith-emma-distill-scratch/checkpoints/$e" "runs/exports/vith-emma-scratch-e$ABLATION_EPOCHS.onnx"
  java -jar "$JAR" eval --model "runs/exports/vith-emma-mae-e$ABLATION_EPOCHS.onnx,runs/exports/vith-emma-scratch-e$ABLATION_EPOCHS.onnx" \
    --data fer2013-test,ckplus-val --out $EVAL/ablation-mae.json
  export_to cotex "runs/vith-cotex-distill/checkpoints/$e" "runs/exports/vith-cotex-r00-e$ABLATION_EPOCHS.onnx"
  export_to cotex "runs/vith-cotex-distill-r75/checkpoints/$e" "runs/exports/vith-cotex-r75-e$ABLATION_EPOCHS.onnx"
  java -jar "$JAR" eval --model "runs/exports/vith-cotex-r00-e$ABLATION_EPOCHS.onnx,runs/exports/vith-cotex-r75-e$ABLATION_EPOCHS.onnx" \
    --data fer2013-test --out $EVAL/ablation-cotex-ratio.json
  stage_output
}
# What each part of the shipped output adds: the same checkpoints exported at fp32, without the
# other DAN, without the mirror average, without both DANs' expressions, without the prior
# correction, and with none of them (fp32); the two DANs alone (mirror-averaged) beside EMMA's.
output_of() { # emma or cotex
  stage_dan-mixed-long
  stage_dan2
  local x=$1 a=runs/exports/output run=$EMMA_RUN d=(--expr-ensemble $DAN2) dans=""
  [[ $x == cotex ]] && run=$COTEX_RUN d=(--expr-ensemble $DAN1)
  mkdir -p $a
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-fp32.onnx --flip-average --expr-with-dan "${d[@]}" --prior-correction 1
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-no-ensemble.onnx --flip-average --expr-with-dan --prior-correction 1 --fp16
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-no-flip.onnx --expr-with-dan "${d[@]}" --prior-correction 1 --fp16
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-no-dans.onnx --flip-average --prior-correction 1 --fp16
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-no-prior.onnx --flip-average --expr-with-dan "${d[@]}" --fp16
  java -jar "$JAR" export --kind $x --checkpoint $run --out $a/$x-plain.onnx
  if [[ $x == emma ]]; then
    java -jar "$JAR" export --kind dan --checkpoint $DAN1 --out $a/dan1-flip.onnx --flip-average
    java -jar "$JAR" export --kind dan --checkpoint $DAN2 --out $a/dan2-flip.onnx --flip-average
    dans=",$a/dan1-flip.onnx,$a/dan2-flip.onnx"
  fi
  java -jar "$JAR" eval --model "models/$x-$P.onnx,$a/$x-fp32.onnx,$a/$x-no-ensemble.onnx,$a/$x-no-flip.onnx,$a/$x-no-dans.onnx,$a/$x-no-prior.onnx,$a/$x-plain.onnx$dans" \
    --data fer2013-test,ckplus-val --out $EVAL/ablation-output-$x.json
}
stage_output() { output_of emma; output_of cotex; }
stage_output-cotex() { output_of cotex; }
# The teacher DAN continued to epoch 28, with and without the mirror average, beside epoch 20
# (not in the default stages; models/eval/teacher.md and .json are its report, without the PNGs).
stage_teacher() {
  local t=runs/exports/teacher
  mkdir -p $t
  export_to dan runs/p6-dan-mixed-long $t/dan-mixed-long-e28.onnx
  export_to dan runs/p6-dan-mixed-long $t/dan-mixed-long-e28-flip.onnx --flip-average
  export_to dan runs/p6-dan-mixed $t/dan-mixed-e20-flip.onnx --flip-average
  java -jar "$JAR" eval --model "$t/dan-mixed-long-e28.onnx,$t/dan-mixed-long-e28-flip.onnx,$t/dan-mixed-e20-flip.onnx" \
    --data fer2013-test,ckplus-val --through-pipeline --out $t/teacher.json
}
# The default model on the sample video, as a timeline PNG and one annotated frame (cropped).
stage_timeline() {
  local analyzer=analyzer-runtime/target/analyzer.jar
  java -jar $analyzer run --no-progress --input "$SHARED/videos/WolfgangLanger_Pexels.mp4" \
    --out runs/wolfganglanger.jsonl --annotate runs/wolfganglanger-annotated.mp4
  java -jar $analyzer timeline runs/wolfganglanger.jsonl --out $EVAL/wolfganglanger-timeline.png \
    | tee $EVAL/wolfganglanger-timeline.txt
  ffmpeg -v error -y -i runs/wolfganglanger-annotated.mp4 -vf "select=eq(n\,330),crop=404:272:236:72" \
    -frames:v 1 -compression_level 100 -pred mixed $EVAL/wolfganglanger-annotated.png
}
stages=("$@")
[[ ${#stages[@]} -eq 0 ]] && stages=(mae align dan dan-long dan-mixed dan-mixed-long dan2 emma-next cotex-dan2 emma cotex scratch ratio export eval ablation timeline)
for s in "${stages[@]}"; do "stage_$s"; done
