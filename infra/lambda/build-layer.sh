#!/usr/bin/env bash
# Builds target/lambda-layer/, the content of the Lambda layer that template.yaml deploys under /opt:
#   models-onnx/<model>/<version>/{model.json,model.onnx}   (EMOTION_AI_MODELS_DIR=/opt/models-onnx)
#   models/face_detection_yunet_2023mar.onnx                 (EMOTION_AI_FACE_DETECTOR_MODEL)
#   native/: ONNX Runtime's and OpenCV's linux-x64 libraries (-Donnxruntime.native.path, EMOTION_AI_OPENCV_LIBRARY),
#            extracted once here rather than out of the jars into /tmp at every cold start
# Run it after the build (./mvnw package -Dlambda), which puts the jars it extracts them from in target/quarkus-app.
# The YuNet file comes from ../shared when this checkout has it, otherwise from opencv_zoo (MIT).
set -euo pipefail
cd "$(dirname "$0")/../.."
LAYER=target/lambda-layer
YUNET=face_detection_yunet_2023mar.onnx
rm -rf "$LAYER"
mkdir -p "$LAYER/models"
# Only what the service reads: the cards, plots and test vectors stay out of the layer.
find models-onnx -name model.json -o -name model.onnx | while read -r f; do
  mkdir -p "$LAYER/$(dirname "$f")"
  cp "$f" "$LAYER/$f"
done
if [ -f "../shared/models/face_detection_yunet/$YUNET" ]; then
  cp "../shared/models/face_detection_yunet/$YUNET" "$LAYER/models/"
else
  curl -fsSL -o "$LAYER/models/$YUNET" "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/$YUNET"
fi
JARS=target/quarkus-app/lib/main
[ -d "$JARS" ] || { echo "no $JARS: build first (./mvnw -B package -Dlambda -DskipTests)" >&2; exit 1; }
infra/extract-natives.sh "$JARS" "$LAYER/native"
du -sh "$LAYER"
