#!/usr/bin/env bash
# How the committed emotion/2 (and emotion/1, its 5-class narrowing) was trained, on one GPU. On the H100
# used, step 1 shared the GPU with two more candidate runs (four at once, 4-6 s an epoch each) and run c hit
# its 7.5-minute limit at epoch 70; alone, these runs go faster, so --max-minutes gives them more epochs.
# Usage, from conversion/, after .ci/install (its venv's torch, from PyPI, is the CUDA build):
#   recipes/emotion-2-gpu.sh ../../shared/data/fer2013/fer2013.csv.gz ../runs
# PY=... picks another interpreter with the same packages.
# Step 1: two networks side by side. Step 2: the width-32 one distilled from both (its best epoch is served).
set -euo pipefail
DATA=$1; RUNS=${2:-../runs}
PY=${PY:-../.venv/bin/python}
COMMON="--data $DATA --label-set fer7 --epochs 400 --amp --keep-epochs --random-erasing 0.25"
# Run b started from the previous, CPU-trained emotion/2 weights (width 24). They were checkpoints/emotion-2.pt
# until the commit that exported this recipe's result overwrote that file, so the recipe takes them from the
# commit that wrote them (aec03f8), checked by hash; the file in checkpoints/ now is run g's own result.
INIT_B=$RUNS/emotion-2-cpu-avg.pt
mkdir -p "$RUNS"
if [ ! -f "$INIT_B" ]; then
  git show aec03f81fce3384536025d58ae69e7937e902f5d:conversion/checkpoints/emotion-2.pt > "$INIT_B.part" || {
    echo "run b's starting point comes from the repository's history (commit aec03f8): run this in a clone with" \
      "history, or copy that commit's conversion/checkpoints/emotion-2.pt to $INIT_B" >&2; exit 1; }
  mv "$INIT_B.part" "$INIT_B"
fi
echo "c7286335f64337025b5bb45dfd76ab96465d6b6b6c614f4be7b1f82c16cd55cf  $INIT_B" | sha256sum -c --quiet
$PY train_emotion.py $COMMON --threads 4 --max-minutes 7.5 --width 32 --seed 23 --out $RUNS/emotion-2c-gpu &
$PY train_emotion.py $COMMON --threads 4 --max-minutes 7.5 --width 24 --seed 22 \
    --init-from "$INIT_B" --lr 5e-4 --out $RUNS/emotion-2b-gpu &  # the previous CPU-trained weights
wait
$PY train_emotion.py $COMMON --threads 6 --max-minutes 5 --width 32 --seed 32 --lr 1.25e-4 \
    --init-from $RUNS/emotion-2c-gpu/best.pt \
    --teacher $RUNS/emotion-2b-gpu/best.pt --teacher $RUNS/emotion-2c-gpu/best.pt --out $RUNS/emotion-2g
# Export without mirror averaging (the width-32 network run twice misses the 5 ms CPU budget):
#   $PY export_onnx.py --checkpoint $RUNS/emotion-2g/best.pt --version 2 --no-flip-average \
#       --crop-rule <crop json> --fer-data $DATA --slim-checkpoint checkpoints/emotion-2.pt
#   $PY export_onnx.py --checkpoint $RUNS/emotion-2g/best.pt --version 1 --label-set orig5 --no-flip-average ...
# Where the runs were made with other paths than this checkout's (the lent GPU read /tmp/fer2013.csv and wrote
# ../.gpu/), add --record-path /tmp/fer2013.csv=../../shared/data/fer2013/fer2013.csv.gz --record-path ../.gpu=../runs
# so that model.json records commands a reader here can follow.
