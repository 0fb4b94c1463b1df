#!/usr/bin/env python3
"""Script form of `emotion-ai-train-keypoints`, run from conversion/ (`python train_keypoints.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/train_keypoints.py."""

from emotion_ai_train.cli.train_keypoints import main

if __name__ == "__main__":
    main()
