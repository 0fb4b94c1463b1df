#!/usr/bin/env python3
"""PyTorch-eager baseline server for the benchmark: the same emotion network and the same JSON API
(POST /api/v1/predict/emotion) served from a training checkpoint by Python's threading HTTP server.
It exists only so the benchmark (benchmark.sh) can compare the Java service with "just serve the PyTorch model";
it needs conversion/'s toolchain (.ci/install's venv, which has the emotion_ai_train package).
Example, from the repository root:
  .venv/bin/python infra/bench/baseline_server.py --checkpoint conversion/checkpoints/emotion-2.pt --port 8090
"""

import argparse
import base64
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import cv2
import numpy as np
import torch

from emotion_ai_train.checkpoints import load_checkpoint
from emotion_ai_train.labels import EMOTION_LABEL_SETS
from emotion_ai_train.nets.emotion import EmotionExport


def make_handler(module, labels, version):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the Java service; every answer sends Content-Length

        def log_message(self, *args):  # keep the benchmark output clean
            pass

        def _answer(self, status, doc):
            body = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            if self.path != "/api/v1/predict/emotion":
                return self._answer(404, {"error": "not found", "code": "NOT_FOUND"})
            try:
                doc = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                raw = base64.b64decode(doc["image"].split(",", 1)[-1])
                img = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)
                gray = cv2.resize(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), (48, 48), interpolation=cv2.INTER_AREA)
            except Exception as e:  # noqa: BLE001 - a baseline, not the product
                return self._answer(400, {"error": str(e), "code": "BAD_REQUEST"})
            with torch.no_grad():
                probs = module(torch.from_numpy(gray).float().div(255)[None, None])[0].numpy()
            best = int(probs.argmax())
            self._answer(200, {"emotion": labels[best], "confidence": float(probs[best]),
                               "probabilities": dict(zip(labels, map(float, probs))), "model_version": version})
    return Handler


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="best.pt of an emotion training run")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = all cores)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads or torch.get_num_threads() or 1)
    net, state = load_checkpoint(args.checkpoint)
    labels = list(EMOTION_LABEL_SETS[state["config"]["extra"]["args"]["label_set"]])
    module = EmotionExport(net).eval()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(module, labels, "baseline"))
    print(f"PyTorch-eager baseline on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
