"""Valid traffic under hostile floods, and memory over a mixed soak, against a running service. Standard library.

  python3 infra/bench/flood_soak.py --url http://localhost:8080 --pid PID --photo PHOTO.jpg [--soak-minutes 10]

Flood phase: valid whole-photo requests (--valid-concurrency clients) for --seconds quiet, then the same during
each flood in turn: empty bodies (as fast as --attackers clients can send them), slow bodies (one byte a second
of a declared 100 kB) and unterminated multipart bodies (chunked, never ending). Prints valid p50/p99 quiet and
during each flood with the ratio, the valid answers' statuses (503 = shed), the attackers' answers, the
service's open file descriptors and the upload / OpenCV temp files left.

Soak phase (--soak-minutes > 0): valid photos, predictions and hostile requests mixed for that long, RSS
sampled every 10 s; prints RSS after the first minute, at the end, and the drift between them.
"""
import argparse
import glob
import os
import random
import select
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from photo_flood import rss_mb  # the same folder: run as a script, its folder is on sys.path


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def temp_files():
    tmp = tempfile.gettempdir()
    return len(glob.glob(os.path.join(tmp, "emotion-ai-uploads", "*"))) + len(glob.glob(os.path.join(tmp, "__opencv_temp*")))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


class Target:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.url, self.host, self.port = url, parsed.hostname, parsed.port or 80

    def post(self, path, body, content_type, timeout=60):
        """(status, ms); status 0: no answer."""
        start = time.perf_counter()
        request = urllib.request.Request(self.url + path, data=body, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception:
            status = 0
        return status, (time.perf_counter() - start) * 1000

    def raw(self, head, chunks, pause, timeout=60):
        """Sends a request head, then a chunk every `pause` seconds until the service answers (or closes);
        returns the status line's code (0: no answer)."""
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as s:
                s.sendall(head)
                for chunk in chunks:
                    readable, _, _ = select.select([s], [], [], pause)
                    if readable:
                        break
                    s.sendall(chunk)
                answer = s.recv(200)
                return int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/") else 0
        except (OSError, ValueError, IndexError):
            return 0


def empty_body(target, stop):
    return target.post("/api/v1/predict/emotion", b"", "application/json", timeout=30)[0]


def slow_body(target, stop):
    head = (f"POST /api/v1/analyze HTTP/1.1\r\nHost: {target.host}\r\nContent-Type: image/jpeg\r\n"
            "Content-Length: 100000\r\n\r\n").encode()
    # a byte a second: far slower than the body could ever need, stopped by the service's answer deadline
    return target.raw(head, (b"x" for _ in range(100000) if not stop.is_set()), 1.0)


def unterminated_multipart(target, stop):
    head = (f"POST /api/v1/analyze HTTP/1.1\r\nHost: {target.host}\r\nContent-Type: multipart/form-data; "
            "boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    part = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc'
    first = b"%x\r\n%s\r\n" % (len(part), part)
    # then nothing more, ever: no closing delimiter, no last chunk
    return target.raw(head + first, (b"" for _ in range(1000) if not stop.is_set()), 1.0)


def run_clients(count, work, stop):
    results, lock = [], threading.Lock()

    def loop():
        while not stop.is_set():
            r = work()
            with lock:
                results.append(r)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
    return results, threads


def measure(target, photo, args, attack=None):
    stop = threading.Event()
    attacked = []
    attackers = []
    if attack:
        attacked, attackers = run_clients(args.attackers, lambda: attack(target, stop), stop)
        time.sleep(2)  # the flood is on before valid traffic is timed
    valid, clients = run_clients(args.valid_concurrency,
                                 lambda: target.post("/api/v1/analyze", photo, "image/jpeg"), stop)
    time.sleep(args.seconds)
    stop.set()
    for t in clients:
        t.join(70)
    for t in attackers:
        t.join(1)
    ms = [m for s, m in valid if s == 200]
    statuses = {}
    for s, _ in valid:
        statuses[s] = statuses.get(s, 0) + 1
    attack_statuses = {}
    for s in list(attacked):
        attack_statuses[s] = attack_statuses.get(s, 0) + 1
    return percentile(ms, 0.5), percentile(ms, 0.99), statuses, attack_statuses


def soak(target, photo, args):
    stop = threading.Event()
    face = open(args.face, "rb").read() if args.face else photo
    import base64
    predict = ('{"image": "%s"}' % base64.b64encode(face).decode()).encode()
    mix = [lambda: target.post("/api/v1/analyze", photo, "image/jpeg"),
           lambda: target.post("/api/v1/predict/emotion", predict, "application/json"),
           lambda: target.post("/api/v1/predict/emotion", b"", "application/json"),
           lambda: target.post("/api/v1/analyze", os.urandom(2000), "image/png"),
           lambda: target.post("/api/v1/analyze", b"--xyz\r\n", "multipart/form-data; boundary=xyz")]
    rng = random.Random(0)
    results, threads = run_clients(args.valid_concurrency, lambda: mix[rng.randrange(len(mix))](), stop)
    samples, start = [], time.time()
    while time.time() - start < args.soak_minutes * 60:
        time.sleep(10)
        samples.append((time.time() - start, rss_mb(args.pid)))
    stop.set()
    for t in threads:
        t.join(70)
    after_first = next((r for t, r in samples if t >= 60), samples[0][1])
    end = samples[-1][1]
    statuses = {}
    for s, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    print(f"soak {args.soak_minutes} min, {len(results)} requests, statuses {dict(sorted(statuses.items()))}")
    print(f"RSS after 1 min {after_first:.0f} MB, end {end:.0f} MB, drift {100 * (end - after_first) / after_first:+.1f}%,"
          f" peak {max(r for _, r in samples):.0f} MB; open fds {open_fds(args.pid)}, temp files {temp_files()}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--pid", type=int, required=True, help="the service's process id (RSS, open files)")
    p.add_argument("--photo", required=True, help="a JPEG photo with a face")
    p.add_argument("--face", help="a face crop for /api/v1/predict/emotion in the soak (default: the photo)")
    p.add_argument("--seconds", type=float, default=30, help="length of each flood measurement")
    p.add_argument("--valid-concurrency", type=int, default=4)
    p.add_argument("--attackers", type=int, default=50)
    p.add_argument("--soak-minutes", type=float, default=0)
    args = p.parse_args()
    target, photo = Target(args.url), open(args.photo, "rb").read()
    print(f"RSS {rss_mb(args.pid):.0f} MB, open fds {open_fds(args.pid)}, temp files {temp_files()}")
    q50, q99, qs, _ = measure(target, photo, args)
    print(f"quiet: valid p50 {q50:.1f} ms, p99 {q99:.1f} ms, statuses {qs}")
    for name, attack in (("empty bodies", empty_body), ("slow bodies", slow_body),
                         ("unterminated multipart", unterminated_multipart)):
        v50, v99, vs, a = measure(target, photo, args, attack)
        print(f"{name} ({args.attackers} clients): valid p50 {v50:.1f} ms, p99 {v99:.1f} ms ({v99 / q99:.2f}x quiet), "
              f"statuses {vs}; attackers' answers {dict(sorted(a.items()))}; open fds {open_fds(args.pid)}, "
              f"temp files {temp_files()}, RSS {rss_mb(args.pid):.0f} MB")
    if args.soak_minutes > 0:
        soak(target, photo, args)


if __name__ == "__main__":
    main()
