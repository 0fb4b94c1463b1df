"""Writes the README's model table from the model repository: one row per version folder of models-onnx/, from its
model.json (name, version, task and the "summary" the version's author wrote beside its card), so that a new version
edits its own folder and nothing else by hand. The default version of each model is its config.json's, not marked in
the table (a new default then edits one file).

  python conversion/make_model_table.py            # rewrites the table between the README's markers
  python conversion/make_model_table.py --check    # exits 1 when the README's table is not what it would write
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- model table: conversion/make_model_table.py writes it -->"
END = "<!-- end of model table -->"
HEADER = "| model | task | input | output | held-out figure (see its model card) |\n|---|---|---|---|---|\n"


def rows(models):
    """The table's rows, models by name, versions by number."""
    out = []
    for name in sorted(n for n in os.listdir(models) if os.path.isdir(os.path.join(models, n))):
        versions = [v for v in os.listdir(os.path.join(models, name)) if v.isdigit()
                    and os.path.isfile(os.path.join(models, name, v, "model.json"))]
        for version in sorted(versions, key=int):
            with open(os.path.join(models, name, version, "model.json")) as fh:
                meta = json.load(fh)
            s = meta.get("summary")
            if s is None:
                raise SystemExit(f"{name}/{version}/model.json has no summary (input, output, figure)")
            out.append(f"| `{name}/{version}` | {meta['task']} | {s['input']} | {s['output']} | {s['figure']} |")
    return out


def table(models):
    return BEGIN + "\n" + HEADER + "\n".join(rows(models)) + "\n" + END


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    ap.add_argument("--models", default=os.path.join(ROOT, "models-onnx"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    with open(args.readme) as fh:
        text = fh.read()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{args.readme} has no model table markers ({BEGIN} ... {END})")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    wanted = text[:start] + table(args.models) + text[end:]
    if args.check:
        if wanted != text:
            print(f"{args.readme}'s model table is stale: run python conversion/make_model_table.py", file=sys.stderr)
            return 1
        return 0
    with open(args.readme, "w") as fh:
        fh.write(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
