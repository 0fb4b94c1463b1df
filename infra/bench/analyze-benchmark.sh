#!/usr/bin/env bash
# Whole-photo benchmark: held-out people's faces found and keypoint NME through /api/v1/analyze, then the
# 640x480 one-face latency over HTTP with the service's own per-stage times. Prints figures, asserts nothing.
# Needs ../shared (the landmark photos) beside the repository. Every build runs with the same YuNet file, the
# repository's face detector (YUNET=... names another), so that a baseline without it in its model repository
# compares like for like.
#   BASELINE=<git ref>   also builds that revision and interleaves its latency runs with this build's
#   VARIANT="K=V ..."    also runs this build with those settings, e.g. EMOTION_AI_FACE_DETECTOR_MAX_SIDE=256
#   ROUNDS=N             interleaved latency rounds (default 2)
#   VARIANT_OPTS="-D..." JVM options of the VARIANT run (or alone: a variant of system properties), e.g.
#                        "-Demotion-ai.routing.emotion.default-version=3 -Demotion-ai.routing.keypoints.default-version=3"
#   VERSIONS=2,4         the latency runs alternate these emotion versions (?model_version=) in one service
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
YUNET=$(realpath -m "${YUNET:-models-onnx/face-detector/1/face_detection_yunet_2023mar.onnx}")
source infra/bench/wait-for.sh
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CLIENT=(java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.emotion.bench.AnalyzeBenchmark
  http://localhost:8080)
LATENCY=(--latency-only ${VERSIONS:+--versions "$VERSIONS"})
if [ -n "${BASELINE:-}" ]; then
  rm -rf target/baseline && git worktree prune && git worktree add -q --detach target/baseline "$BASELINE"
  ln -sfn "$(realpath -m ../shared)" target/shared
  (cd target/baseline && ./mvnw -q -B package -DskipTests -Dmaven.test.skip=true)
fi

SERVICE=
trap 'kill $SERVICE 2>/dev/null || true' EXIT
# serve DIR [K=V ...]: starts the service built in DIR (with its models-onnx) on port 8080
serve() {
  local dir=$1; shift
  (cd "$dir" && exec env EMOTION_AI_FACE_DETECTOR_MODEL="$YUNET" "$@" java ${JVM_OPTS:-} --enable-native-access=ALL-UNNAMED \
    -jar target/quarkus-app/quarkus-run.jar) > "$ROOT/target/bench-service.log" 2>&1 &
  SERVICE=$!
  wait_for $SERVICE http://localhost:8080/q/health/ready "$ROOT/target/bench-service.log"
}
stop() { kill $SERVICE; wait $SERVICE 2>/dev/null || true; }

serve "$ROOT"
"${CLIENT[@]}" --quality-only
stop
for round in $(seq "${ROUNDS:-2}"); do
  if [ -n "${BASELINE:-}" ]; then
    echo; echo "== round $round: baseline $BASELINE"; serve target/baseline; "${CLIENT[@]}" "${LATENCY[@]}"; stop
  fi
  echo; echo "== round $round: this build"; serve "$ROOT"; "${CLIENT[@]}" "${LATENCY[@]}"; stop
  if [ -n "${VARIANT:-}${VARIANT_OPTS:-}" ]; then
    echo; echo "== round $round: this build with ${VARIANT:-} ${VARIANT_OPTS:-}"
    JVM_OPTS="${VARIANT_OPTS:-}" serve "$ROOT" ${VARIANT:-}; "${CLIENT[@]}" "${LATENCY[@]}"; stop
  fi
done
