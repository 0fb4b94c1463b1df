#!/usr/bin/env python3
"""Script form of `emotion-ai-fit-calibration`, run from conversion/ (`python fit_calibration.py ...`, the form
model.json records); the code is in emotion_ai_train/cli/fit_calibration.py."""

from emotion_ai_train.cli.fit_calibration import main

if __name__ == "__main__":
    main()
