#!/usr/bin/env bash
# Video and batch benchmark (prints figures, asserts nothing): makes a 60 s and a 10 min 640x480 30 fps H.264 clip
# of one real face (ffmpeg with libx264, High profile with B-frames as cameras write, and Baseline), starts the
# packaged jar as the README does, then sends each clip to /api/v1/video at 10 analysed frames per second
# (VideoBenchmark: real-time factor, decode/detect/inference split, RSS per minute of video), and 1,000 photos as
# single /api/v1/analyze requests and as /api/v1/analyze/batch requests at the same concurrency (BatchBenchmark).
# Needs ffmpeg (apt-get install ffmpeg) and ../shared (SHARED=...). LONG=0 skips the 10-minute clip.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
PHOTO=$(ls "$SHARED"/data/realphotos/images/*.jpg | head -1)
source infra/bench/wait-for.sh
mkdir -p target/bench-video
clip() { # name seconds profile extra...
  [ -f "target/bench-video/$1.mp4" ] || ffmpeg -y -loglevel error -loop 1 -i "$PHOTO" -vf "scale=1280:1280,\
zoompan=z='1.3+0.3*sin(on/90)':x='iw/2-(iw/zoom/2)+120*sin(on/50)':y='ih/2-(ih/zoom/2)+90*cos(on/70)':d=$(($2 * 30)):\
s=640x480:fps=30,noise=alls=6:allf=t,format=yuv420p" -frames:v $(($2 * 30)) -c:v libx264 -profile:v "$3" \
    -preset veryfast -crf 23 -g 60 "${@:4}" "target/bench-video/$1.mp4"
}
clip high-60s 60 high -bf 3
clip baseline-60s 60 baseline
CLIPS="--clip target/bench-video/high-60s.mp4 --clip target/bench-video/baseline-60s.mp4"
if [ "${LONG:-1}" != 0 ]; then clip high-600s 600 high -bf 3; CLIPS="$CLIPS --clip target/bench-video/high-600s.mp4"; fi
./mvnw -q -B package -DskipTests
MALLOC_ARENA_MAX=2 java -Xmx256m -XX:MaxDirectMemorySize=64m --enable-native-access=ALL-UNNAMED \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-video/service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
wait_for $SERVICE http://localhost:8080/q/health/ready target/bench-video/service.log
./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.VideoBenchmark \
  -Dexec.args="--url http://localhost:8080 --fps 10 --pid $SERVICE $CLIPS"
./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.BatchBenchmark \
  -Dexec.args="--url http://localhost:8080 --photos $SHARED/data/realphotos/images --count 1000 --batch 50 --concurrency ${CONCURRENCY:-2}"
