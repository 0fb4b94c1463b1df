#!/usr/bin/env python3
"""Script form of `emotion-ai-flush-denormals`, run from conversion/ (`python flush_denormals.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/flush_denormals.py."""

from emotion_ai_train.cli.flush_denormals import main

if __name__ == "__main__":
    main()
