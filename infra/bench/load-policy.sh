#!/usr/bin/env bash
# Cold start and idle memory with the shipped load policy (config.json "load": routable) against loading every
# version (emotion-ai.models.load=all), runs interleaved on the packaged jar with the README's memory caps: process
# start -> first HTTP 200 from POST /api/v1/predict/emotion, and the resident memory once it answered. Prints every
# run and the medians. Asserts nothing. RUNS=n (default 3), PORT (18090). Needs ../shared for the face photo.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
PORT=${PORT:-18090}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
FACE=$(base64 -w0 models-onnx/emotion/2/test_vectors/input_0.png)
run() { # policy
  local start end pid rss
  start=$(date +%s%N)
  MALLOC_ARENA_MAX=2 java -Xmx256m -XX:MaxDirectMemorySize=64m --enable-native-access=ALL-UNNAMED \
    -Dquarkus.http.port="$PORT" -Demotion-ai.models.load="$1" -jar target/quarkus-app/quarkus-run.jar \
    > "target/load-policy-$1.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"image\": \"$FACE\"}" \
      "http://localhost:$PORT/api/v1/predict/emotion"; do sleep 0.05; done
  end=$(date +%s%N)
  sleep 2
  rss=$(( $(grep VmRSS /proc/$pid/status | tr -dc 0-9) / 1024 ))
  kill $pid; wait $pid 2>/dev/null || true
  echo "$1 $(( (end - start) / 1000000 )) $rss"
}
echo "policy start_ms rss_mb"
for i in $(seq "$RUNS"); do run config; run all; done | tee target/load-policy.txt
for p in config all; do
  awk -v p=$p '$1==p {print $2, $3}' target/load-policy.txt | sort -n | awk -v p=$p \
    '{s[NR]=$1; r[NR]=$2} END {print p ": median start " s[int((NR+1)/2)] " ms, RSS (run with that start) " r[int((NR+1)/2)] " MB"}'
done
