#!/usr/bin/env bash
# Whole-container benchmark: a landing page on embedded Jetty 12 (io.qhtrack.bench.LandingServer) without and with
# qhtrack's ClickIdCaptureFilter, driven by wrk over loopback, in alternating rounds so that background load hits
# both alike. Prints requests/s per round, the means and the ratio (with filter / without).
#
#   benchmarks/run-wrk.sh [DURATION=10s] [ROUNDS=3]
#
# Needs benchmarks/target/benchmarks.jar (mvn -B -q -DskipTests package) and wrk (apt-get install -y wrk).
# Environment: WRK_THREADS (2), WRK_CONNECTIONS (32), PORT_NONE (18081), PORT_FILTER (18082).
# Everything stays on 127.0.0.1; every wrk run is bounded by DURATION; the servers are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/benchmarks.jar
DURATION=${1:-10s}
ROUNDS=${2:-3}
THREADS=${WRK_THREADS:-2}
CONNECTIONS=${WRK_CONNECTIONS:-32}
PORT_NONE=${PORT_NONE:-18081}
PORT_FILTER=${PORT_FILTER:-18082}
# a typical landing URL from an ad without a click id (the hot path), and one with a search click id
QUERY='utm_source=360&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3&kw=%E9%B2%9C%E8%8A%B1&page=2'
CLICK_QUERY="$QUERY&qhclickid=8817632001234567890"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B -q -DskipTests package" >&2; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

start() { # port filter|none
  java -Xms256m -Xmx256m -cp "$JAR" io.qhtrack.bench.LandingServer "$1" "$2" > "/tmp/qhtrack-landing-$2.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "LandingServer $2 did not start on port $1; see /tmp/qhtrack-landing-$2.log" >&2
  exit 1
}

rps() { # url duration -> requests/s
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $1:" >&2; echo "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

start "$PORT_NONE" none
start "$PORT_FILTER" filter
NONE="http://127.0.0.1:$PORT_NONE/landing?$QUERY"
FILTER="http://127.0.0.1:$PORT_FILTER/landing?$QUERY"
FILTER_CLICK="http://127.0.0.1:$PORT_FILTER/landing?$CLICK_QUERY"

# the filter really captures: a click in the URL is answered with the cookie
curl -s -D - -o /dev/null "$FILTER_CLICK" | grep -qi '^set-cookie: qhtrack_click=' \
  || { echo "no qhtrack_click cookie set for $FILTER_CLICK" >&2; exit 1; }

echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds; $(nproc) cores; warm-up 5 s each (not reported)"
rps "$NONE" 5s >/dev/null
rps "$FILTER" 5s >/dev/null
rps "$FILTER_CLICK" 5s >/dev/null

none_all=(); filter_all=()
for r in $(seq 1 "$ROUNDS"); do
  n=$(rps "$NONE" "$DURATION")
  f=$(rps "$FILTER" "$DURATION")
  none_all+=("$n"); filter_all+=("$f")
  echo "round $r: without filter $n req/s, with ClickIdCaptureFilter (no click in the URL) $f req/s"
done
c=$(rps "$FILTER_CLICK" "$DURATION")
echo "with ClickIdCaptureFilter, a click in every URL (capture + Set-Cookie on each request): $c req/s"

python3 - "${none_all[*]}" "${filter_all[*]}" "$c" <<'EOF'
import statistics, sys
none = [float(x) for x in sys.argv[1].split()]
filt = [float(x) for x in sys.argv[2].split()]
click = float(sys.argv[3])
mn, mf = statistics.mean(none), statistics.mean(filt)
spread = lambda xs: (max(xs) - min(xs)) / statistics.mean(xs) * 100 if len(xs) > 1 else 0.0
print(f"mean without filter {mn:.0f} req/s (spread {spread(none):.1f}%), with filter {mf:.0f} req/s "
      f"(spread {spread(filt):.1f}%); ratio with/without {mf / mn:.3f}; click in every URL / without {click / mn:.3f}")
EOF
