#!/usr/bin/env python3
"""Script form of `emotion-ai-calibrate-emotion-crop`, run from conversion/
(`python calibrate_emotion_crop.py ...`, the form model.json records); the code is in emotion_ai_train/cli/calibrate_emotion_crop.py."""

from emotion_ai_train.cli.calibrate_emotion_crop import main

if __name__ == "__main__":
    main()
