#!/usr/bin/env python3
"""Script form of `emotion-ai-robustness`, run from conversion/ (`python robustness.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/robustness.py."""

from emotion_ai_train.cli.robustness import main

if __name__ == "__main__":
    main()
