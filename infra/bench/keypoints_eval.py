"""Keypoint figures through the running service: every photo of the people keypoints/1 was validated on (no
keypoint version trained on them) is posted whole to /api/v1/analyze with each keypoint version, and the
largest face's 15 keypoints are compared with the 15 points derived from the 68 annotated ones. Prints mean and
median NME (over the outer-eye-corner distance), failures (NME > 10%), faces found, and the head pose
consistency under mirroring (|yaw + yaw_mirrored|, |roll + roll_mirrored|) side by side per version.

  .venv/bin/python infra/bench/keypoints_eval.py --url http://localhost:8080 --versions 1 2 \\
      --data ../shared/data/landmarks68
"""
import argparse
import base64
import concurrent.futures
import json
import os
import urllib.request

import cv2
import numpy as np

from emotion_ai_train.data.landmarks68 import read_landmarks68
from emotion_ai_train.keypoint_task import OUTER_CORNERS, to_kaggle

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def analyze(url, version, png):
    body = json.dumps({"image": base64.b64encode(png).decode(),
                       "model_version": {"keypoints": version}}).encode()
    request = urllib.request.Request(f"{url}/api/v1/analyze", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        faces = json.load(answer)["faces"]
    return faces[0] if faces else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--versions", nargs="+", default=["1"])
    p.add_argument("--data", required=True, help="folder with landmarks68.csv and images/")
    p.add_argument("--workers", type=int, default=4)
    args = p.parse_args()
    with open(os.path.join(ROOT, "models-onnx/keypoints/1/model.json")) as fh:
        people = set(json.load(fh)["training"]["validation_people"])
    photos = [r for r in read_landmarks68(args.data) if r.person in people]
    truth = to_kaggle(np.stack([r.points for r in photos]))  # [N, 15, 2] in the photos' pixels
    pngs = [cv2.imencode(".png", cv2.imread(r.file))[1].tobytes() for r in photos]
    mirrors = [cv2.imencode(".png", cv2.flip(cv2.imread(r.file), 1))[1].tobytes() for r in photos]
    print(f"{len(photos)} held-out photos of {len(people)} people")
    print(f"{'version':>8s} {'found':>7s} {'NME':>7s} {'median':>7s} {'>10%':>6s} {'mirror yaw':>11s} "
          f"{'mirror roll':>12s}")
    for version in args.versions:
        with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
            faces = list(pool.map(lambda png: analyze(args.url, version, png), pngs))
            mirrored = list(pool.map(lambda png: analyze(args.url, version, png), mirrors))
        nme, yaw, roll = [], [], []
        for face, mface, t in zip(faces, mirrored, truth):
            if face is None:
                continue
            pred = np.array([[k["x"], k["y"]] for k in face["keypoints"]])
            iod = np.linalg.norm(t[OUTER_CORNERS[0]] - t[OUTER_CORNERS[1]])
            nme.append(np.linalg.norm(pred - t, axis=1).mean() / iod)
            if mface is not None and face.get("head_pose") and mface.get("head_pose"):
                yaw.append(abs(face["head_pose"]["yaw"] + mface["head_pose"]["yaw"]))
                roll.append(abs(face["head_pose"]["roll"] + mface["head_pose"]["roll"]))
        nme = np.array(nme)
        print(f"{version:>8s} {len(nme) / len(photos):7.2%} {nme.mean():7.2%} {np.median(nme):7.2%} "
              f"{(nme > 0.1).mean():6.2%} {np.mean(yaw):11.2f} {np.mean(roll):12.2f}")


if __name__ == "__main__":
    main()
