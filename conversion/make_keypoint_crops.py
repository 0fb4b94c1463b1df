#!/usr/bin/env python3
"""Script form of `emotion-ai-make-keypoint-crops`, run from conversion/ (`python make_keypoint_crops.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/make_keypoint_crops.py."""

from emotion_ai_train.cli.make_keypoint_crops import main

if __name__ == "__main__":
    main()
