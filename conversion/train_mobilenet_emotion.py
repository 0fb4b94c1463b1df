#!/usr/bin/env python3
"""Script form of `emotion-ai-train-mobilenet-emotion`, run from conversion/ (`python train_mobilenet_emotion.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/train_mobilenet_emotion.py."""

from emotion_ai_train.cli.train_mobilenet_emotion import main

if __name__ == "__main__":
    main()
