#!/usr/bin/env bash
# Live socket benchmark: 1 and then 4 concurrent 640x480 streams of a moving face (../shared's first landmark
# photo), each sent as a camera would at FPS frames/s for DURATION seconds; prints per stream and overall the frames per
# second served and the per-frame latency (send to result) p50/p99. Prints figures, asserts nothing.
#   FPS=30 DURATION=20 STREAMS=1,4 infra/bench/stream-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/bench/wait-for.sh
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java --enable-native-access=ALL-UNNAMED -jar target/quarkus-app/quarkus-run.jar > target/bench-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
wait_for $SERVICE http://localhost:8080/q/health/ready target/bench-service.log
until curl -sf -o /dev/null http://localhost:8080/q/health/ready; do sleep 0.5; done # warm
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.emotion.bench.StreamBenchmark \
  http://localhost:8080 "${FPS:-30}" "${DURATION:-20}" "${STREAMS:-1,4}"
