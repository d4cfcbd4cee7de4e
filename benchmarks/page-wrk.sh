#!/usr/bin/env bash
# Requests per second serving the built-in maintenance page (HTML, as to a browser) from
#   filter      MaintenanceFilter on Jetty 12, ALL in maintenance (examples' defaults otherwise)
#   standalone  maintenance-standalone.jar (the JDK's HTTP server, default 8 threads)
#   bare        a bare Jetty 12 servlet writing the same bytes and headers (the baseline)
# each in its own JVM on a free loopback port, measured with wrk in rounds whose order rotates
# (filter, standalone, bare; then standalone, bare, filter; ...). Prints one line per run, a
# table of the rounds, the medians and the load average before and after.
#
# usage: benchmarks/page-wrk.sh [--rounds 5] [--seconds 10] [--connections 32] [--threads 2]
#                               [--warmup 5] [--no-build]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=5 seconds=10 connections=32 threads=2 warmup=5 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$seconds" "$connections" "$threads" "$warmup"; do
  case "$n" in ''|*[!0-9]*) echo "options take whole numbers" >&2; exit 2 ;; esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 1; }

if [ "$build" -eq 1 ]; then
  mvn -B -q package -DskipTests -pl maintenance-core,maintenance-servlet,maintenance-standalone,benchmarks -am
fi
bench_jar=benchmarks/target/benchmarks.jar
page_jar=maintenance-standalone/target/maintenance-standalone.jar
java="${JAVA:-java}"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

declare -A port
# Starts "$@" in the background (not in a subshell, so that cleanup knows its PID) with output in
# $work/$name.log, and sets port[$name] to the port it reports.
start() {
  local name="$1" pattern="$2"; shift 2
  "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local i
  for i in $(seq 1 300); do
    if grep -qE "$pattern" "$work/$name.log"; then
      port[$name]="$(grep -oE "$pattern" "$work/$name.log" | head -1 | grep -oE '[0-9]+$')"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1
}

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
language='Accept-Language: en-US,en;q=0.9'
start filter 'listening on [0-9]+' "$java" -cp "$bench_jar" io.github.maintenance.benchmarks.PageServer filter 0
start standalone 'http://127\.0\.0\.1:[0-9]+' "$java" -jar "$page_jar" --host 127.0.0.1 --port 0
curl -s -H "$accept" -H "$language" "http://127.0.0.1:${port[filter]}/" -o "$work/page.html"
start bare 'listening on [0-9]+' "$java" -cp "$bench_jar" io.github.maintenance.benchmarks.PageServer bare 0 "$work/page.html"

echo "Responses (status, Content-Length, body bytes):"
for s in filter standalone bare; do
  read -r status length < <(curl -s -o "$work/$s.body" -w '%{http_code} %{size_download}\n' -H "$accept" -H "$language" \
    "http://127.0.0.1:${port[$s]}/some/page")
  printf '  %-10s port %-5s  %s  %s bytes\n' "$s" "${port[$s]}" "$status" "$length"
  [ "$status" = 503 ] || { echo "$s answered $status, not 503" >&2; exit 1; }
done
cmp -s "$work/filter.body" "$work/bare.body" || { echo "bare does not serve the filter's bytes" >&2; exit 1; }
[ "$(wc -c < "$work/filter.body")" = "$(wc -c < "$work/standalone.body")" ] \
  || { echo "the standalone page differs in size from the filter's" >&2; exit 1; }

run() { # server seconds -> requests/s
  local out
  out="$(wrk -t"$threads" -c"$connections" -d"${2}s" -H "$accept" -H "$language" "http://127.0.0.1:${port[$1]}/some/page")"
  if grep -q 'Socket errors' <<<"$out"; then
    echo "  ($1: $(grep 'Socket errors' <<<"$out" | sed 's/^ *//'))" >&2
  fi
  grep 'Requests/sec' <<<"$out" | awk '{print $2}'
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$threads -c$connections -d${seconds}s, $rounds rounds, warm-up ${warmup}s each; load average before: $load_before"
for s in filter standalone bare; do run "$s" "$warmup" > /dev/null; done

order=(filter standalone bare)
declare -A results
orders=()
for r in $(seq 1 "$rounds"); do
  names=""
  for s in "${order[@]}"; do
    rps="$(run "$s" "$seconds")"
    results[$s]+="$rps "
    names+="${s:0:1}"
    echo "  round $r $s: $rps req/s" >&2
  done
  orders+=("$names")
  order=("${order[@]:1}" "${order[0]}")
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "| round | order | filter req/s | standalone req/s | bare Jetty req/s | filter/bare | standalone/bare |"
echo "|---|---|---|---|---|---|---|"
read -ra f <<<"${results[filter]}"; read -ra a <<<"${results[standalone]}"; read -ra b <<<"${results[bare]}"
for i in $(seq 0 $((rounds - 1))); do
  awk -v r=$((i + 1)) -v o="${orders[$i]}" -v f="${f[$i]}" -v a="${a[$i]}" -v b="${b[$i]}" \
    'BEGIN {printf "| %d | %s | %.0f | %.0f | %.0f | %.3f | %.3f |\n", r, o, f, a, b, f / b, a / b}'
done
mf="$(median <<<"${results[filter]}")"; ma="$(median <<<"${results[standalone]}")"; mb="$(median <<<"${results[bare]}")"
rf=""; ra=""
for i in $(seq 0 $((rounds - 1))); do
  rf+="$(awk -v x="${f[$i]}" -v y="${b[$i]}" 'BEGIN {print x / y}') "
  ra+="$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN {print x / y}') "
done
awk -v f="$mf" -v a="$ma" -v b="$mb" -v rf="$(median <<<"$rf")" -v ra="$(median <<<"$ra")" \
  'BEGIN {printf "| median | | %.0f | %.0f | %.0f | %.3f | %.3f |\n", f, a, b, rf, ra}'
echo "(the ratios in the median row are the medians of the rounds' ratios)"
echo
echo "Load average before: $load_before; after: $load_after ($(nproc) cores)"
