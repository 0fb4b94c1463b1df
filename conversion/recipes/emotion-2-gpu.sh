#!/usr/bin/env bash
# How the committed emotion/2 (and emotion/1, its 5-class narrowing) was trained, on one GPU. On the H100
# used, step 1 shared the GPU with two more candidate runs (four at once, 4-6 s an epoch each) and run c hit
# its 7.5-minute limit at epoch 70; alone, these runs go faster, so --max-minutes gives them more epochs.
# Usage, from conversion/:
#   recipes/emotion-2-gpu.sh ../../shared/data/fer2013/fer2013.csv.gz ../runs
# Step 1: two networks side by side. Step 2: the width-32 one distilled from both (its best epoch is served).
set -euo pipefail
DATA=$1; RUNS=${2:-../runs}
COMMON="--data $DATA --label-set fer7 --epochs 400 --amp --keep-epochs --random-erasing 0.25"
python3 train_emotion.py $COMMON --threads 4 --max-minutes 7.5 --width 32 --seed 23 --out $RUNS/emotion-2c-gpu &
python3 train_emotion.py $COMMON --threads 4 --max-minutes 7.5 --width 24 --seed 22 \
    --init-from checkpoints/emotion-2.pt --lr 5e-4 --out $RUNS/emotion-2b-gpu &  # the previous CPU-trained weights
wait
python3 train_emotion.py $COMMON --threads 6 --max-minutes 5 --width 32 --seed 32 --lr 1.25e-4 \
    --init-from $RUNS/emotion-2c-gpu/best.pt \
    --teacher $RUNS/emotion-2b-gpu/best.pt --teacher $RUNS/emotion-2c-gpu/best.pt --out $RUNS/emotion-2g
# Export without mirror averaging (the width-32 network run twice misses the 5 ms CPU budget):
#   python3 export_onnx.py --checkpoint $RUNS/emotion-2g/best.pt --version 2 --no-flip-average \
#       --crop-rule <crop json> --fer-data $DATA --slim-checkpoint checkpoints/emotion-2.pt
#   python3 export_onnx.py --checkpoint $RUNS/emotion-2g/best.pt --version 1 --label-set orig5 --no-flip-average ...
# Where the runs were made with other paths than this checkout's (the lent GPU read /tmp/fer2013.csv and wrote
# ../.gpu/), add --record-path /tmp/fer2013.csv=../../shared/data/fer2013/fer2013.csv.gz --record-path ../.gpu=../runs
# so that model.json records commands a reader here can follow.
