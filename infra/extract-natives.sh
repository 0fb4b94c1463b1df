#!/usr/bin/env bash
# Extracts ONNX Runtime's and OpenCV's linux-x64 native libraries from the built app's jars into one folder,
# so the service loads them in place (-Donnxruntime.native.path=DIR, emotion-ai.opencv.library=DIR/libopencv_java490.so)
# instead of copying them out of the jars at every start. Used by infra/lambda/build-layer.sh and
# infra/bench/cold-start.sh; infra/docker/Dockerfile.jvm does the same inside its build stage.
# Usage: infra/extract-natives.sh JARS_DIR (a quarkus-app/lib/main) OUT_DIR
set -euo pipefail
jars=$1 out=$2
mkdir -p "$out"
unzip -q -o -j "$jars"/com.microsoft.onnxruntime.onnxruntime*.jar 'ai/onnxruntime/native/linux-x64/*' -d "$out"
unzip -q -o -j "$jars"/org.openpnp.opencv-*.jar 'nu/pattern/opencv/linux/x86_64/libopencv_java*.so' -d "$out"
