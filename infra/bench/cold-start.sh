#!/usr/bin/env bash
# Cold start: process start -> first HTTP 200 from POST /api/v1/predict/emotion (the service loads and warms
# its sessions before it listens), for builds of the same code on the same JDK (25), runs interleaved:
#   plain    the fast-jar as `./mvnw package` makes it
#   plain-c1 the same with -XX:TieredStopAtLevel=1 (C1 only), the flag of the container image and the Lambda
#   aot      the aot-jar with the JDK AOT cache (JEP 483/514/515) Quarkus records while the integration tests
#            (*IT: predict, analyze, Funqy and CloudEvents requests against the packaged jar) run, i.e.
#            quarkus.package.jar.aot.phase=integration-tests, and ONNX Runtime's and OpenCV's native libraries
#            extracted once beforehand (-Donnxruntime.native.path, -Demotion-ai.opencv.library) instead of into
#            a temp folder at every start, as the container image does
#   aot-c1   aot with -XX:TieredStopAtLevel=1, the JVM options of infra/docker/Dockerfile.jvm and infra/lambda
#            (which run JDK 17/21: pre-extraction and C1 without the JDK 25 cache)
#   aot-x    the same cache, both libraries extracted from their jars as usual (what the extraction costs)
#   aot-b    the cache Quarkus records at build time instead (quarkus.package.jar.aot.phase=build: start-up
#            until static init only, no requests)
# Prints every run, the medians side by side and their ratio to plain. Asserts nothing.
# Usage: infra/bench/cold-start.sh   RUNS=n (default 5)  JAVA_HOME_25=a JDK 25 (default Temurin 25)  PORT (18080)
#        SKIP_BUILD=1 reuses target/cold-plain, target/cold-aot and target/cold-aot-b.
# Needs ../shared beside the repository (the integration tests' photos and YuNet).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
RUNS=${RUNS:-5}
PORT=${PORT:-18080}
URL="http://localhost:$PORT/api/v1/predict/emotion"
# An AOT cache is only valid for the JVM options it was recorded with (native access included).
OPTS=(--enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT")
NATIVE=target/cold-aot/native

# The recording gets the runs' native-access option (see OPTS).
AOT_ARGS=(-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot
  -Dquarkus.package.jar.aot.additional-recording-args=--enable-native-access=ALL-UNNAMED)
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B package -DskipTests -Dquarkus.package.output-directory=cold-plain
  # Unit tests skipped, integration tests run: they are the training run Quarkus records the cache over.
  ./mvnw -q -B verify -DskipITs=false -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dquarkus.package.output-directory=cold-aot "${AOT_ARGS[@]}" -Dquarkus.package.jar.aot.phase=integration-tests \
    > target/cold-start-recording.log 2>&1 || { tail -30 target/cold-start-recording.log >&2; exit 1; }
  ./mvnw -q -B package -DskipTests -Dquarkus.package.output-directory=cold-aot-b "${AOT_ARGS[@]}" \
    -Dquarkus.package.jar.aot.phase=build
  for dir in cold-aot cold-aot-b; do
    [ -f "target/$dir/app.aot" ] || { echo "no AOT cache in target/$dir" >&2; exit 1; }
  done
  # ONNX Runtime's and OpenCV's linux-x64 libraries, extracted once (as infra/docker/Dockerfile.jvm does).
  infra/extract-natives.sh target/cold-aot/lib/main "$NATIVE"
fi
PREEXTRACTED=(-Donnxruntime.native.path="$ROOT/$NATIVE" -Demotion-ai.opencv.library="$(ls "$ROOT/$NATIVE"/libopencv_java*.so)")

# The request: one FER face of the committed test vectors, as the README's API section shows it.
BODY=target/cold-start-request.json
printf '{"image":"%s"}' "$(base64 -w0 models-onnx/emotion/1/test_vectors/input_3.png)" > "$BODY"
predict() {
  curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$BODY" "$URL" || true
}

# launch DIR LOG [JVM options...]: starts the service from its folder (as an AOT cache requires), with the
# models given by absolute path; prints the process id.
launch() {
  local dir=$1 log=$2
  shift 2
  (cd "$dir" && EMOTION_AI_MODELS_DIR="$ROOT/models-onnx" exec "$JAVA" "${OPTS[@]}" "$@" -jar quarkus-run.jar) \
    > "$log" 2>&1 &
  echo $!
}

# stop PID: ends the service and waits until it is gone (it is not this shell's child: no `wait`).
stop() {
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

# cold_start NAME DIR [JVM options...]: milliseconds from launch to the first 200.
cold_start() {
  local name=$1 dir=$2
  shift 2
  local log="$ROOT/target/cold-start-$name.log" t0 pid
  t0=$(date +%s%N)
  pid=$(launch "$dir" "$log" "$@")
  until [ "$(predict)" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name: the service exited before answering; its log ($log):" >&2
      tail -20 "$log" >&2
      return 1
    fi
    sleep 0.02
  done
  echo $((($(date +%s%N) - t0) / 1000000))
  stop "$pid"
  if grep -q '\[error\]\[aot\]' "$log"; then
    echo "$name: the JVM refused the AOT cache; its log ($log):" >&2
    grep '\[aot\]' "$log" >&2
    return 1
  fi
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A ms
NAMES=(plain plain-c1 aot aot-c1 aot-x aot-b)
C1=-XX:TieredStopAtLevel=1
run_one() {
  case $1 in
    plain) cold_start plain target/cold-plain ;;
    plain-c1) cold_start plain-c1 target/cold-plain "$C1" ;;
    aot) cold_start aot target/cold-aot -XX:AOTCache=app.aot "${PREEXTRACTED[@]}" ;;
    aot-c1) cold_start aot-c1 target/cold-aot -XX:AOTCache=app.aot "${PREEXTRACTED[@]}" "$C1" ;;
    aot-x) cold_start aot-x target/cold-aot -XX:AOTCache=app.aot ;;
    aot-b) cold_start aot-b target/cold-aot-b -XX:AOTCache=app.aot ;;
  esac
}
echo "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s' run; printf '%9s' "${NAMES[@]}"; echo '   (ms from launch to the first 200)'
for i in $(seq "$RUNS"); do
  # Rotate the order every round so that no build always runs first or right after another.
  order=("${NAMES[@]:$((i % ${#NAMES[@]}))}" "${NAMES[@]:0:$((i % ${#NAMES[@]}))}")
  declare -A this=()
  for n in "${order[@]}"; do
    this[$n]=$(run_one "$n")
    ms[$n]+="${this[$n]} "
  done
  printf '%-6s' "$i"; for n in "${NAMES[@]}"; do printf '%9s' "${this[$n]}"; done; echo
done
declare -A med
for n in "${NAMES[@]}"; do med[$n]=$(echo "${ms[$n]}" | tr ' ' '\n' | grep . | median); done
printf '%-6s' median; for n in "${NAMES[@]}"; do printf '%9s' "${med[$n]}"; done; echo
printf '%-6s' ratio; for n in "${NAMES[@]}"; do awk -v a="${med[$n]}" -v p="${med[plain]}" 'BEGIN { printf "%8.0f%%", 100 * a / p }'; done
echo '   (of plain; target: aot <= 40%)'
awk -v a="${med[aot-c1]}" -v p="${med[plain-c1]}" 'BEGIN { printf "aot-c1 is %.0f%% of plain-c1 (the AOT cache and pre-extraction alone, both runs C1 only)\n", 100 * a / p }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
