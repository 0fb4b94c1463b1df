#!/usr/bin/env python3
"""Script form of `emotion-ai-keras-train`, run from conversion/ (`python keras_train.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/keras_train.py."""

from emotion_ai_train.cli.keras_train import main

if __name__ == "__main__":
    main()
