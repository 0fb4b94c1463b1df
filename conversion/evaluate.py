#!/usr/bin/env python3
"""Script form of `emotion-ai-evaluate`, run from conversion/ (`python evaluate.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/evaluate.py."""

from emotion_ai_train.cli.evaluate import main

if __name__ == "__main__":
    main()
