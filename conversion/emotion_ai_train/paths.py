"""The repository's folders as seen from this package (installed editable, it stays in conversion/)."""

import os

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
CONVERSION_DIR = os.path.dirname(PACKAGE_DIR)
REPO_ROOT = os.path.dirname(CONVERSION_DIR)
MODELS_DIR = os.path.join(REPO_ROOT, "models-onnx")
