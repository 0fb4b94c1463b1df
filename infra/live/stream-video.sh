#!/usr/bin/env bash
# Streams a Y4M video file to a running service's live socket and prints each result (frame, track ids,
# smoothed expression): the non-browser client of README's "Live" protocol (ai.emotion.bench.LiveVideoClient).
# Other formats: ffmpeg -i in.mp4 -vf scale=640:-2 -pix_fmt yuv420p out.y4m
#   infra/live/stream-video.sh VIDEO.y4m [http://localhost:8080]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 VIDEO.y4m [http://localhost:8080]" >&2; exit 2; }
VIDEO=$(realpath "$1")
cd "$(dirname "$0")/../.."
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.emotion.bench.LiveVideoClient \
  "$VIDEO" "${2:-http://localhost:8080}"
