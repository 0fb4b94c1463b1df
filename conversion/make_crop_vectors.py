#!/usr/bin/env python3
"""Script form of `emotion-ai-make-crop-vectors`, run from conversion/ (`python make_crop_vectors.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/make_crop_vectors.py."""

from emotion_ai_train.cli.make_crop_vectors import main

if __name__ == "__main__":
    main()
