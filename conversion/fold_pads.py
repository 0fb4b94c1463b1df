#!/usr/bin/env python3
"""Script form of `emotion-ai-fold-pads`, run from conversion/ (`python fold_pads.py ...`, the form model.json
records); the code is in emotion_ai_train/cli/fold_pads.py."""

from emotion_ai_train.cli.fold_pads import main

if __name__ == "__main__":
    main()
