#!/usr/bin/env python3
"""Script form of `emotion-ai-keras-to-onnx`, run from conversion/ (`python keras_to_onnx.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/keras_to_onnx.py."""

from emotion_ai_train.cli.keras_to_onnx import main

if __name__ == "__main__":
    main()
