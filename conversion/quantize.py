#!/usr/bin/env python3
"""Script form of `emotion-ai-quantize`, run from conversion/ (`python quantize.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/quantize.py."""

from emotion_ai_train.cli.quantize import main

if __name__ == "__main__":
    main()
