#!/usr/bin/env python3
"""Script form of `emotion-ai-export-mobilenet-emotion`, run from conversion/ (`python export_mobilenet_emotion.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/export_mobilenet_emotion.py."""

from emotion_ai_train.cli.export_mobilenet_emotion import main

if __name__ == "__main__":
    main()
