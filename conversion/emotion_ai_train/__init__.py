"""Training, export and evaluation pipeline for the Emotion AI models (PyTorch -> ONNX)."""
