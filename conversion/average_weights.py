#!/usr/bin/env python3
"""Script form of `emotion-ai-average-weights`, run from conversion/ (`python average_weights.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/average_weights.py."""

from emotion_ai_train.cli.average_weights import main

if __name__ == "__main__":
    main()
