#!/usr/bin/env python3
"""Script form of `emotion-ai-export`, run from conversion/ (`python export_onnx.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/export_onnx.py."""

from emotion_ai_train.cli.export_onnx import main

if __name__ == "__main__":
    main()
