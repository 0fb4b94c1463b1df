"""Photo flood: N whole-photo requests at concurrency C against a running service, printing the status counts,
latency p50/p99 and the service's resident memory (RSS of --pid) before, during and after. Standard library only.

  python3 infra/bench/photo_flood.py --url http://localhost:8080 --pid PID --photos DIR --requests 1200 --concurrency 200
"""
import argparse
import concurrent.futures
import glob
import os
import threading
import time
import urllib.error
import urllib.request


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def post(url, body):
    start = time.perf_counter()
    request = urllib.request.Request(url + "/api/v1/analyze", data=body, headers={"Content-Type": "image/jpeg"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception:  # no answer at all
        status = 0
    return status, (time.perf_counter() - start) * 1000


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--photos", required=True, help="folder of .jpg photos")
    p.add_argument("--requests", type=int, default=1200)
    p.add_argument("--concurrency", type=int, default=200)
    a = p.parse_args()
    photos = [open(f, "rb").read() for f in sorted(glob.glob(os.path.join(a.photos, "*.jpg")))[:200]]
    peak = [rss_mb(a.pid)]
    print(f"RSS before: {peak[0]:.0f} MB")
    done = threading.Event()

    def sample():
        while not done.wait(0.5):
            peak[0] = max(peak[0], rss_mb(a.pid))

    threading.Thread(target=sample, daemon=True).start()
    statuses, times = {}, []
    with concurrent.futures.ThreadPoolExecutor(a.concurrency) as pool:
        for status, ms in pool.map(lambda i: post(a.url, photos[i % len(photos)]), range(a.requests)):
            statuses[status] = statuses.get(status, 0) + 1
            times.append(ms)
    done.set()
    times.sort()
    time.sleep(2)
    print(f"{a.requests} photos at concurrency {a.concurrency}: statuses {dict(sorted(statuses.items()))}, "
          f"p50 {times[len(times) // 2]:.0f} ms, p99 {times[int(len(times) * 0.99)]:.0f} ms")
    print(f"RSS peak during: {peak[0]:.0f} MB, after: {rss_mb(a.pid):.0f} MB")


if __name__ == "__main__":
    main()
