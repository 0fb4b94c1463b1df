#!/usr/bin/env python3
"""Script form of `emotion-ai-make-teacher-probs`, run from conversion/ (`python make_teacher_probs.py ...`, the form model.json records); the
code is in emotion_ai_train/cli/make_teacher_probs.py."""

from emotion_ai_train.cli.make_teacher_probs import main

if __name__ == "__main__":
    main()
