#!/usr/bin/env bash
# Builds target/lambda-layer/, the content of the Lambda layer that template.yaml deploys under /opt:
#   models-onnx/<model>/<version>/{model.json,<model file>}  (EMOTION_AI_MODELS_DIR=/opt/models-onnx), the
#                                                           YuNet face detector (face-detector/1) included
#   native/: ONNX Runtime's and OpenCV's linux-x64 libraries (-Donnxruntime.native.path, EMOTION_AI_OPENCV_LIBRARY),
#            extracted once here rather than out of the jars into /tmp at every cold start
# Run it after the build (./mvnw package -Dlambda), which puts the jars it extracts them from in target/quarkus-app.
set -euo pipefail
cd "$(dirname "$0")/../.."
LAYER=target/lambda-layer
rm -rf "$LAYER"
mkdir -p "$LAYER"
# Only what the service reads: model.json and the file it names; cards, plots and test vectors stay out.
find models-onnx -name model.json | while read -r meta; do
  dir=$(dirname "$meta")
  file=$(sed -n 's/^ *"file": *"\([^"]*\)".*/\1/p' "$meta" | head -1)
  mkdir -p "$LAYER/$dir"
  cp "$meta" "$dir/$file" "$LAYER/$dir/"
done
JARS=target/quarkus-app/lib/main
[ -d "$JARS" ] || { echo "no $JARS: build first (./mvnw -B package -Dlambda -DskipTests)" >&2; exit 1; }
infra/extract-natives.sh "$JARS" "$LAYER/native"
du -sh "$LAYER"
