"""Readers for the training data sets. Every reader stops with a DataError naming the file and row."""


class DataError(ValueError):
    """A data file is missing or malformed; the message names the file (and row where there is one)."""
