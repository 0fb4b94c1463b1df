#!/usr/bin/env bash
# How the MobileNetV2 expression family (emotion/13, and emotion/14 from the same network) is trained from
# ../shared alone: aligned faces, then three stages, each starting from the one before. On the 2-core CPU
# machine the whole chain takes 2.5-3 hours (the logged runs: faces ~10 min, stage 1 ~37 min with its cache,
# stage 2 ~27 min, stage 3 60-110 min as other work shared the cores), so run it in the background; run it
# again after an interruption and every finished step is skipped and the interrupted one resumes from its
# last epoch:
#   nohup recipes/emotion-mobilenet.sh ../../shared ../runs > ../runs/emotion-mobilenet.log 2>&1 &
# DEVICE=cuda trains the same stages on a GPU. VERSION=N exports emotion/N (7 classes) and emotion/N+1 (the
# original 5) into $RUNS/models at the end, for a reader to compare before copying them to ../models-onnx.
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

if [ -n "${VERSION:-}" ]; then
  for step in "$VERSION fer7" "$((VERSION + 1)) orig5"; do
    set -- $step
    "$PY" export_mobilenet_emotion.py --checkpoint "$RUNS/mnv2-full/best.pt" --faces "$FACES" --shared "$SHARED" \
        --version "$1" --label-set "$2" --out-dir "$RUNS/models" > /dev/null
    echo "exported $RUNS/models/emotion/$1 ($2)"
  done
fi
