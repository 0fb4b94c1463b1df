#!/usr/bin/env python3
"""Script form of `emotion-ai-make-realphoto-crops`, run from conversion/ (`python make_realphoto_crops.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/make_realphoto_crops.py."""

from emotion_ai_train.cli.make_realphoto_crops import main

if __name__ == "__main__":
    main()
