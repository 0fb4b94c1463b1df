#!/usr/bin/env python3
"""Script form of `emotion-ai-train-emotion`, run from conversion/ (`python train_emotion.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/train_emotion.py."""

from emotion_ai_train.cli.train_emotion import main

if __name__ == "__main__":
    main()
