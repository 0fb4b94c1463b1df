#!/usr/bin/env bash
# How the MobileNetV2 expression family is trained from ../shared and the repository alone: aligned faces, then
# three stages, each starting from the one before (emotion/13 and emotion/14), then distillation (emotion/15 and
# emotion/16): two continuations of stage 3 and the FER2013 networks in checkpoints/ answer every training face,
# and a continuation of stage 3 learns from their answers beside the labels. On the 2-core CPU machine stages 1-3
# take 2.5-3 hours (the logged runs: faces ~10 min, stage 1 ~37 min with its cache, stage 2 ~27 min, stage 3
# 60-110 min as other work shared the cores) and stages 4-6 about 4 more (4: 90 min, its two runs side by side on
# one thread each; 5: ~30 min; 6: ten epochs of 7-11 min), so run it in the background, over several sessions if
# need be; run it again after an interruption and every finished step is skipped and the interrupted one resumes
# from its last epoch:
#   nohup recipes/emotion-mobilenet.sh ../../shared ../runs > ../runs/emotion-mobilenet.log 2>&1 &
# DEVICE=cuda trains the same stages on a GPU. VERSION=N exports stage 3 as emotion/N (7 classes) and emotion/N+1
# (the original 5), and stage 6 as emotion/N+2 and N+3 (the mean of its best epoch and its neighbours' weights),
# into $RUNS/models at the end, for a reader to compare before copying them to ../models-onnx.
# SMOKE=1 runs every step on a few faces for one epoch (the tests run it so).
# Usage, from conversion/, after .ci/install; PY=... picks another interpreter with the same packages.
set -euo pipefail
SHARED=$1; RUNS=${2:-../runs}
PY=${PY:-../.venv/bin/python}
DEVICE=${DEVICE:-cpu}
FACES=$RUNS/aligned112
SMALL=(); ALIGN=()  # bash >= 4.4: empty arrays expand to nothing under set -u
if [ "${SMOKE:-0}" = 1 ]; then SMALL=(--limit 120 --epochs 1 --fer-per-epoch 60); ALIGN=(--limit 120 --template-faces 120); fi

# train OUT ARGS...: skips a finished run (its log ends with "best epoch"), resumes an interrupted one
train() {
  local out=$1; shift
  if grep -q '^best epoch' "$out/train.log" 2>/dev/null; then echo "$out: done before"; return; fi
  local resume=()
  if [ -f "$out/last.pt" ]; then resume=(--resume); fi
  mkdir -p "$out"
  echo "$out: training on $DEVICE"
  # the smoke arguments come last: argparse keeps the last of a repeated option
  "$PY" train_mobilenet_emotion.py --faces "$FACES" --shared "$SHARED" --out "$out" --device "$DEVICE" \
      "${resume[@]}" "$@" "${SMALL[@]}" >> "$out/train.log" 2>&1
  grep '^best epoch' "$out/train.log" | tail -1
}

if [ ! -f "$FACES/faces.json" ]; then
  "$PY" make_aligned_faces.py --shared "$SHARED" --out "$FACES" "${ALIGN[@]}"
fi
# 1: the ImageNet stem and first 6 blocks frozen, run once per cached augmented view; the rest trains
train "$RUNS/mnv2-emotion" --trunk-blocks 6 --views 3 --epochs 12 --patience 3 --lr 5e-4
# 2: blocks 4-6 join the training (emotion/11 and emotion/12 were exported from this stage)
train "$RUNS/mnv2-emotion-k3" --trunk-blocks 3 --views 3 --epochs 10 --patience 4 --lr 3e-4 \
    --init-from "$RUNS/mnv2-emotion/best.pt"
# 3: every block behind the stem, faces augmented afresh at each draw (emotion/13 and emotion/14)
train "$RUNS/mnv2-full" --trunk-blocks 0 --views 0 --epochs 16 --patience 4 --lr 2e-4 --max-minutes 115 \
    --class-weight-power 0.75 --fer-per-epoch 12000 --init-from "$RUNS/mnv2-emotion-k3/best.pt"

# 4: two continuations of stage 3, teachers for stage 6 with stage 3 itself: one plain, one with random erasing and
# MixUp/CutMix; side by side, one thread each (two one-thread runs train faster than one two-thread run)
train "$RUNS/mnv2-regA" --trunk-blocks 0 --views 0 --epochs 14 --patience 4 --lr 2e-4 --max-minutes 90 \
    --class-weight-power 0.75 --fer-per-epoch 12000 --threads 1 --init-from "$RUNS/mnv2-full/best.pt" &
regA=$!
train "$RUNS/mnv2-regB" --trunk-blocks 0 --views 0 --epochs 14 --patience 4 --lr 2e-4 --max-minutes 90 \
    --class-weight-power 0.75 --fer-per-epoch 12000 --threads 1 --erase 0.5 --mix 0.5 \
    --init-from "$RUNS/mnv2-full/best.pt" &
wait $regA; wait $!
# 5: the teachers' mirror-averaged answers on every training face: the FER2013 networks on FER2013's own 48x48
# crops, stages 3 and 4 on the other sets (SMOKE=1's few faces do not follow the Kaggle CSV's rows: stages 3-4 alone)
TEACHERS=$RUNS/teachers.npz
FER_TEACHERS=(--fer-data "$SHARED/data/fer2013/fer2013.csv.gz" --fer-teacher checkpoints/emotion-2.pt
              checkpoints/emotion-3.pt)
if [ "${SMOKE:-0}" = 1 ]; then FER_TEACHERS=(); fi
if [ ! -f "$TEACHERS" ]; then
  "$PY" make_teacher_probs.py --faces "$FACES" --out "$RUNS/teachers-partial.npz" "${FER_TEACHERS[@]}" \
      --mobilenet-teacher "$RUNS/mnv2-full/best.pt" "$RUNS/mnv2-regA/best.pt" "$RUNS/mnv2-regB/best.pt"
  mv "$RUNS/teachers-partial.npz" "$TEACHERS"
else
  echo "$TEACHERS: done before"
fi
# 6: stage 3 continued on the labels and the teachers' answers, every FER2013 Training face each epoch
train "$RUNS/mnv2-distilled" --trunk-blocks 0 --views 0 --epochs 10 --patience 6 --lr 2e-4 \
    --class-weight-power 0.75 --fer-per-epoch 28709 --teacher-probs "$TEACHERS" --keep-epochs \
    --init-from "$RUNS/mnv2-full/best.pt"

# around_best RUN: the epoch copies of RUN's best epoch by the monitor and of its neighbours
around_best() {
  "$PY" -c 'import json, os, sys
run = sys.argv[1]
best = max(json.load(open(os.path.join(run, "history.json"))), key=lambda row: row["monitor"])["epoch"]
paths = [os.path.join(run, f"epoch-{e}.pt") for e in (best - 1, best, best + 1)]
print(" ".join(p for p in paths if os.path.isfile(p)))' "$1"
}

if [ -n "${VERSION:-}" ]; then
  DISTILLED=($(around_best "$RUNS/mnv2-distilled"))
  for step in "$VERSION fer7 mnv2-full" "$((VERSION + 1)) orig5 mnv2-full" \
              "$((VERSION + 2)) fer7 mnv2-distilled" "$((VERSION + 3)) orig5 mnv2-distilled"; do
    set -- $step
    if [ "$3" = mnv2-full ]; then weights=("$RUNS/mnv2-full/best.pt"); else weights=("${DISTILLED[@]}"); fi
    "$PY" export_mobilenet_emotion.py --checkpoint "${weights[@]}" --faces "$FACES" --shared "$SHARED" \
        --version "$1" --label-set "$2" --out-dir "$RUNS/models" > /dev/null
    echo "exported $RUNS/models/emotion/$1 ($2, $3)"
  done
fi
