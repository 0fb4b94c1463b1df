#!/usr/bin/env bash
# Whole-photo benchmark: held-out people's faces found and keypoint NME through /api/v1/analyze, and the
# 640x480 one-face latency with decode/detector/crop/inference times. Prints figures, asserts nothing.
# Needs ../shared (the landmark photos and YuNet) beside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
YUNET=$(realpath -m "${YUNET:-../shared/models/face_detection_yunet/face_detection_yunet_2023mar.onnx}")
source infra/bench/wait-for.sh
./mvnw -q -B package -DskipTests
EMOTION_AI_FACE_DETECTOR_MODEL=$YUNET java --enable-native-access=ALL-UNNAMED -jar target/quarkus-app/quarkus-run.jar \
  > target/bench-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
wait_for $SERVICE http://localhost:8080/q/health/ready target/bench-service.log
./mvnw -q -B exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.AnalyzeBenchmark \
  -Dexec.args="http://localhost:8080"
