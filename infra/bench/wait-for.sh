# wait_for PID URL LOG: waits until URL answers (any HTTP status), failing at once if PID dies, or after 120 s.
wait_for() {
  local pid=$1 url=$2 log=$3
  for _ in $(seq 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url answered; its log ($log):" >&2
      tail -20 "$log" >&2
      return 1
    fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" != "000" ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "$url did not answer within 120 s" >&2
  return 1
}
