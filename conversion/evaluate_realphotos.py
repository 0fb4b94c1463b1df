#!/usr/bin/env python3
"""Script form of `emotion-ai-evaluate-realphotos`, run from conversion/ (`python evaluate_realphotos.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/evaluate_realphotos.py."""

from emotion_ai_train.cli.evaluate_realphotos import main

if __name__ == "__main__":
    main()
