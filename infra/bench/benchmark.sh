#!/usr/bin/env bash
# Service benchmark: raw ONNX Runtime sessions, then HTTP /api/v1/predict/emotion at concurrency 1, 8, 32, 64 for
# the Quarkus service (JVM jar) with dynamic batching on (:8080) and off (:8081) and the PyTorch-eager baseline
# (:8090), in the same run, with a side-by-side table. Prints figures, asserts nothing.
# Usage: infra/bench/benchmark.sh [emotion checkpoint for the baseline, default conversion/checkpoints/emotion-2.pt]
# REQUESTS=n sets the requests per concurrency level (default 400). BASELINE=<git ref> also builds that revision and
# serves it (batching off, :8082) as "previous", beside this build's "off": the regression check of a change.
set -euo pipefail
cd "$(dirname "$0")/../.."
CKPT=$(realpath -m "${1:-conversion/checkpoints/emotion-2.pt}")
source infra/bench/wait-for.sh
./mvnw -q -B package -DskipTests
java --enable-native-access=ALL-UNNAMED -Demotion-ai.batching.enabled=true \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-service.log 2>&1 &
SERVICE=$!
java --enable-native-access=ALL-UNNAMED -Dquarkus.http.port=8081 -Demotion-ai.batching.enabled=false \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-service-nobatch.log 2>&1 &
NOBATCH=$!
PREVIOUS=""
TORCH=""
trap 'kill $SERVICE $NOBATCH ${TORCH} ${PREVIOUS} 2>/dev/null || true' EXIT
if [ -n "${BASELINE:-}" ]; then
  rm -rf target/baseline && git worktree prune && git worktree add -q --detach target/baseline "$BASELINE"
  (cd target/baseline && ./mvnw -q -B package -DskipTests -Dmaven.test.skip=true)
  (cd target/baseline && exec java --enable-native-access=ALL-UNNAMED -Dquarkus.http.port=8082 \
    -Demotion-ai.batching.enabled=false -jar target/quarkus-app/quarkus-run.jar) > target/bench-previous.log 2>&1 &
  PREVIOUS=$!
fi
if [ -f "$CKPT" ] && [ -x .venv/bin/python ]; then  # the baseline runs in conversion/'s toolchain (.ci/install)
  .venv/bin/python infra/bench/baseline_server.py --checkpoint "$CKPT" --port 8090 > target/bench-baseline.log 2>&1 &
  TORCH=$!
else
  echo "no checkpoint at $CKPT or no .venv (.ci/install makes it): the PyTorch baseline is skipped"
fi
wait_for $SERVICE http://localhost:8080/q/health/ready target/bench-service.log
wait_for $NOBATCH http://localhost:8081/q/health/ready target/bench-service-nobatch.log
URLS="--requests ${REQUESTS:-400} --url on=http://localhost:8080 --url off=http://localhost:8081"
if [ -n "$PREVIOUS" ]; then
  wait_for $PREVIOUS http://localhost:8082/q/health/ready target/bench-previous.log
  URLS="$URLS --url previous=http://localhost:8082"
fi
if [ -n "$TORCH" ]; then
  wait_for $TORCH http://localhost:8090/ target/bench-baseline.log
  URLS="$URLS --url baseline=http://localhost:8090"
fi
./mvnw -q -B exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.Benchmark -Dexec.args="$URLS"
