#!/usr/bin/env python3
"""Script form of `emotion-ai-make-aligned-faces`, run from conversion/ (`python make_aligned_faces.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/make_aligned_faces.py."""

from emotion_ai_train.cli.make_aligned_faces import main

if __name__ == "__main__":
    main()
