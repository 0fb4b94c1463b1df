"""The pipeline's steps, one module each with `main(argv=None)`. Each is a console entry point of the package
(pyproject.toml: emotion-ai-train-emotion, emotion-ai-export, ...) and a thin script in conversion/
(`python train_emotion.py ...`), the form the commands recorded in model.json take."""
