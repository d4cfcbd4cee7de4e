#!/usr/bin/env bash
# Requests per second serving the same maintenance page (the filter's built-in page, HTML as to a
# browser, status 503, the same bytes everywhere) from these peers:
#   nginx       the classic flag-file pattern: if (-f maintenance.flag) { return 503; } and
#               error_page 503 serving the page from a file (benchmarks/page/nginx.conf)
#   haproxy     errorfile 503 with a complete pre-built response, a backend with no servers
#               (benchmarks/page/haproxy.cfg)
#   python      Python's http.server (benchmarks/page-python.py)
#   filter      MaintenanceFilter on Jetty 12, ALL in maintenance, its built-in page
#   standalone  maintenance-standalone/target/maintenance-standalone.jar
#   bare        a bare Jetty 12 servlet writing the same bytes and headers
# each on a free 127.0.0.1 port, pinned to CPU 0 (taskset; a JVM then sees one CPU), measured by
# wrk pinned to CPU 1 (one thread, --connections connections) in rounds whose order rotates
# (round k starts at peer k mod n), after a warm-up run per peer. Before measuring it checks that
# every peer answers 503 with the very bytes of the filter's page. Prints one line per run; tables
# of the rounds in requests per second and in requests per CPU second of the server (its user +
# system time from /proc, children included: what a request costs, which other work on a shared
# machine disturbs far less); same-round ratios of both with their medians; the load average
# before and after.
#
# usage: benchmarks/page-wrk.sh [--rounds 5] [--seconds 10] [--connections 50] [--warmup 5]
#                               [--peers nginx,haproxy,python,filter,standalone,bare]
#                               [--server-cpu 0] [--client-cpu 1] [--baseline-jar JAR] [--jfr DIR]
#                               [--no-build]
#   --baseline-jar JAR  adds the peer "baseline": the filter server from another build of
#               benchmarks.jar (e.g. of an earlier commit), measured in the same rounds, with the
#               ratios filter/baseline and baseline/bare
#   --jfr DIR   record each JVM peer with JDK Flight Recorder (settings=profile) into DIR/PEER.jfr
#   --no-build  use the jars as they are (benchmarks/target/benchmarks.jar, the standalone jar)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
here="$(pwd)"

all_peers="nginx,haproxy,python,filter,standalone,bare"
rounds=5 seconds=10 connections=50 warmup=5 build=1 peer_list="$all_peers" server_cpu=0 client_cpu=1 jfr="" baseline_jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds|--seconds|--connections|--warmup|--peers|--server-cpu|--client-cpu|--jfr|--baseline-jar)
      [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; } ;;
  esac
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --peers) peer_list="$2"; shift 2 ;;
    --server-cpu) server_cpu="$2"; shift 2 ;;
    --client-cpu) client_cpu="$2"; shift 2 ;;
    --jfr) jfr="$2"; shift 2 ;;
    --baseline-jar) baseline_jar="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$seconds" "$connections" "$warmup" "$server_cpu" "$client_cpu"; do
  case "$n" in ''|*[!0-9]*) echo "--rounds, --seconds, --connections, --warmup and the CPUs take whole numbers" >&2; exit 2 ;; esac
done
[ "$rounds" -ge 1 ] && [ "$seconds" -ge 1 ] && [ "$connections" -ge 1 ] \
  || { echo "--rounds, --seconds and --connections must be at least 1" >&2; exit 2; }
IFS=',' read -ra peers <<<"$peer_list"
if [ -n "$baseline_jar" ]; then
  [ -f "$baseline_jar" ] || { echo "no baseline jar $baseline_jar" >&2; exit 2; }
  all_peers+=",baseline"
  case ",$peer_list," in *",baseline,"*) ;; *) peers+=(baseline) ;; esac
fi
[ "${#peers[@]}" -ge 1 ] || { echo "--peers names none" >&2; exit 2; }
declare -A seen
for p in "${peers[@]}"; do
  case ",$all_peers," in *",$p,"*) ;; *) echo "unknown peer '$p' (peers: $all_peers)" >&2; exit 2 ;; esac
  [ -z "${seen[$p]:-}" ] || { echo "peer '$p' given twice" >&2; exit 2; }
  seen[$p]=1
done
has() { [ -n "${seen[$1]:-}" ]; }
ncpu="$(nproc)"
[ "$server_cpu" -lt "$ncpu" ] && [ "$client_cpu" -lt "$ncpu" ] \
  || { echo "CPUs $server_cpu and $client_cpu: this machine has $ncpu (0 to $((ncpu - 1)))" >&2; exit 2; }
[ "$server_cpu" != "$client_cpu" ] || echo "warning: servers and wrk share CPU $server_cpu" >&2

need() { # program, what to install
  command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed (apt-get install $2)" >&2; exit 1; }
}
need wrk wrk
need curl curl
need taskset util-linux
need python3 python3 # also picks free ports for nginx and haproxy
java="${JAVA:-java}"
command -v "$java" >/dev/null 2>&1 || { echo "no java ($java); set JAVA or apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
nginx_bin="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
haproxy_bin="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
if has nginx; then
  [ -x "$nginx_bin" ] || { echo "nginx is not installed (apt-get install nginx-light), or leave it out with --peers" >&2; exit 1; }
fi
if has haproxy; then
  [ -x "$haproxy_bin" ] || { echo "haproxy is not installed (apt-get install haproxy), or leave it out with --peers" >&2; exit 1; }
fi

if [ "$build" -eq 1 ]; then
  mvn -B -q package -DskipTests -pl maintenance-core,maintenance-servlet,maintenance-standalone,benchmarks -am
fi
bench_jar=benchmarks/target/benchmarks.jar
page_jar=maintenance-standalone/target/maintenance-standalone.jar
[ -f "$bench_jar" ] || { echo "no $bench_jar: build it (run without --no-build)" >&2; exit 1; }
if has standalone; then
  [ -f "$page_jar" ] || { echo "no $page_jar: build it (run without --no-build)" >&2; exit 1; }
fi
if [ -n "$jfr" ]; then
  mkdir -p "$jfr"
  jfr="$(cd "$jfr" && pwd)"
fi

work="$(mktemp -d)"
chmod 755 "$work" # nginx's worker runs as nobody when started by root: it must reach the page and the flag
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A port pid_of
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
# Starts "$@" pinned to the server CPU, in the background (not in a subshell, so that cleanup
# knows its PID), output in $work/$name.log.
launch() {
  local name="$1"; shift
  taskset -c "$server_cpu" "$@" > "$work/$name.log" 2>&1 &
  pid_of[$name]=$!
  pids+=("$!")
}
failed_start() {
  echo "$1 did not start:" >&2; cat "$work/$1.log" >&2; exit 1
}
# Waits until $name prints "$pattern" (ending in the port) and sets port[$name].
await_port() {
  local name="$1" pattern="$2" i
  for i in $(seq 1 300); do
    if grep -qE "$pattern" "$work/$name.log"; then
      port[$name]="$(grep -oE "$pattern" "$work/$name.log" | head -1 | grep -oE '[0-9]+$')"
      return 0
    fi
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  failed_start "$name"
}
# Waits until $name answers HTTP on port[$name].
await_http() {
  local name="$1" i
  for i in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:${port[$name]}/" && return 0
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  failed_start "$name"
}
jvm_opts() { # peer -> extra JVM options
  [ -z "$jfr" ] || echo "-XX:StartFlightRecording=filename=$jfr/$1.jfr,settings=profile"
}

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
language='Accept-Language: en-US,en;q=0.9'

# The filter runs in any case: its page is the bytes every peer serves.
# shellcheck disable=SC2046
launch filter "$java" $(jvm_opts filter) -cp "$bench_jar" io.github.maintenance.benchmarks.PageServer filter 0
await_port filter 'listening on [0-9]+'
curl -s -H "$accept" -H "$language" "http://127.0.0.1:${port[filter]}/" -o "$work/page.html"
[ -s "$work/page.html" ] || { echo "could not fetch the filter's page" >&2; exit 1; }
if ! has filter; then
  kill "${pid_of[filter]}"; wait "${pid_of[filter]}" 2>/dev/null || true
fi
page_length="$(wc -c < "$work/page.html")"

if has standalone; then
  # shellcheck disable=SC2046
  launch standalone "$java" $(jvm_opts standalone) -jar "$page_jar" --host 127.0.0.1 --port 0
  await_port standalone 'http://127\.0\.0\.1:[0-9]+'
fi
if has bare; then
  # shellcheck disable=SC2046
  launch bare "$java" $(jvm_opts bare) -cp "$bench_jar" io.github.maintenance.benchmarks.PageServer bare 0 "$work/page.html"
  await_port bare 'listening on [0-9]+'
fi
if has baseline; then
  # shellcheck disable=SC2046
  launch baseline "$java" $(jvm_opts baseline) -cp "$baseline_jar" io.github.maintenance.benchmarks.PageServer filter 0
  await_port baseline 'listening on [0-9]+'
fi
if has python; then
  launch python python3 "$here/benchmarks/page-python.py" 0 "$work/page.html"
  await_port python 'listening on [0-9]+'
fi
if has nginx; then
  d="$work/nginx"
  mkdir -p "$d/html"
  cp "$work/page.html" "$d/html/maintenance.html"
  touch "$d/maintenance.flag"
  chmod -R a+rX "$d"
  port[nginx]="$(free_port)"
  sed -e "s#@DIR@#$d#g" -e "s#@PORT@#${port[nginx]}#g" benchmarks/page/nginx.conf > "$d/nginx.conf"
  launch nginx "$nginx_bin" -p "$d" -c "$d/nginx.conf" -e "$d/error.log"
  await_http nginx
fi
if has haproxy; then
  d="$work/haproxy"
  mkdir -p "$d"
  { printf 'HTTP/1.1 503 Service Unavailable\r\nX-Maintenance-Mode: true\r\nRetry-After: 300\r\n'
    printf 'Cache-Control: no-store\r\nVary: Accept, Accept-Language\r\nContent-Language: en\r\n'
    printf 'Content-Type: text/html;charset=utf-8\r\nContent-Length: %d\r\n\r\n' "$page_length"
    cat "$work/page.html"; } > "$d/503.http"
  port[haproxy]="$(free_port)"
  sed -e "s#@DIR@#$d#g" -e "s#@PORT@#${port[haproxy]}#g" benchmarks/page/haproxy.cfg > "$d/haproxy.cfg"
  launch haproxy "$haproxy_bin" -db -f "$d/haproxy.cfg"
  await_http haproxy
fi

echo "Responses (status, body bytes; every body must be the filter's $page_length bytes):"
for s in "${peers[@]}"; do
  read -r status length < <(curl -s -D "$work/$s.headers" -o "$work/$s.body" -w '%{http_code} %{size_download}\n' \
    -H "$accept" -H "$language" "http://127.0.0.1:${port[$s]}/some/page")
  same="same bytes"
  cmp -s "$work/page.html" "$work/$s.body" || same="DIFFERENT BYTES"
  headers="$(tr -d '\r' < "$work/$s.headers" | grep -ioE '^(content-type|retry-after|x-maintenance-mode|cache-control|vary|content-language):.*' \
    | sed 's/^\([^:]*\): */\L\1\E=/' | sort | tr '\n' ' ')"
  printf '  %-10s pid %-7s port %-5s  %s  %s bytes  %s; %s\n' "$s" "${pid_of[$s]}" "${port[$s]}" "$status" "$length" "$same" "$headers"
  [ "$status" = 503 ] || { echo "$s answered $status, not 503" >&2; exit 1; }
  if [ "$same" != "same bytes" ]; then
    echo "$s does not serve the filter's bytes:" >&2
    diff <(tr '>' '\n' < "$work/page.html") <(tr '>' '\n' < "$work/$s.body") | head -20 >&2 || true
    exit 1
  fi
done

clk_tck="$(getconf CLK_TCK)"
# CPU time (user + system, in clock ticks) of a process and its children (nginx's worker).
cpu_ticks() {
  local p total=0 t
  for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    t="$(awk '{sub(/^.*\) /, ""); print $12 + $13}' /proc/"$p"/stat 2>/dev/null || echo 0)"
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
# Runs wrk against a peer for some seconds; sets rps, requests, non2xx (wrk's count of responses
# that are not 2xx or 3xx: every one here, they are all 503), errors (socket errors, and any
# 2xx/3xx responses) and rpc (requests per CPU second of the server: what the server costs,
# which other work on the machine changes much less than the requests per second).
run() {
  local out t0 t1
  t0="$(cpu_ticks "${pid_of[$1]}")"
  out="$(taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${2}s" -H "$accept" -H "$language" \
    "http://127.0.0.1:${port[$1]}/some/page")"
  t1="$(cpu_ticks "${pid_of[$1]}")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")"
  non2xx="${non2xx:-0}"
  errors="$(grep 'Socket errors' <<<"$out" | sed 's/^ *Socket errors: *//' || true)"
  [ -n "$rps" ] && [ -n "$requests" ] || { echo "wrk gave no result for $1:" >&2; echo "$out" >&2; exit 1; }
  errors="${errors:-none}"
  rpc="$(awk -v n="$requests" -v t=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN {printf "%.0f", (t > 0 ? n * hz / t : 0)}')"
  if [ "$non2xx" != "$requests" ]; then
    errors+="; $((requests - non2xx)) responses were 2xx/3xx, not 503"
  fi
}

n=${#peers[@]}
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "uptime before: $(uptime)"
echo "servers on CPU $server_cpu, wrk on CPU $client_cpu: wrk -t1 -c$connections -d${seconds}s, $rounds rounds, warm-up ${warmup}s per peer"
if [ "$warmup" -gt 0 ]; then
  for s in "${peers[@]}"; do
    run "$s" "$warmup"
    echo "  warm-up $s: $rps req/s (socket errors: $errors)"
  done
fi

declare -A results # rps:PEER and rpc:PEER -> the rounds' values
orders=()
for r in $(seq 0 $((rounds - 1))); do
  order=""
  for i in $(seq 0 $((n - 1))); do
    s="${peers[$(( (r + i) % n ))]}"
    run "$s" "$seconds"
    results[rps:$s]+="$rps "
    results[rpc:$s]+="$rpc "
    order+="${order:+ }$s"
    printf '  round %d %-10s %8.0f req/s %8s req/CPU-s  %8s requests, %8s non-2xx/3xx (503), socket errors: %s\n' \
      "$((r + 1))" "$s" "$rps" "$rpc" "$requests" "$non2xx" "$errors"
  done
  orders+=("$order")
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "uptime after: $(uptime)"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
nth() { # kind (rps, rpc) peer round -> the round's value
  local -a v
  read -ra v <<<"${results[$1:$2]}"
  echo "${v[$3]}"
}

table() { # kind title
  local header="| round | first |" rule="|---|---|" line s r
  for s in "${peers[@]}"; do header+=" $s $2 |"; rule+="---|"; done
  echo "$header"; echo "$rule"
  for r in $(seq 0 $((rounds - 1))); do
    line="| $((r + 1)) | ${orders[$r]%% *} |"
    for s in "${peers[@]}"; do line+=" $(printf '%.0f' "$(nth "$1" "$s" "$r")") |"; done
    echo "$line"
  done
  line="| median | |"
  for s in "${peers[@]}"; do line+=" $(printf '%.0f' "$(median <<<"${results[$1:$s]}")") |"; done
  echo "$line"
}
ratio_table() { # kind title
  local header="| $2 |" rule="|---|" q a b v values line r
  for r in $(seq 1 "$rounds"); do header+=" r$r |"; rule+="---|"; done
  echo "$header median |"; echo "$rule---|"
  for q in "${ratios[@]}"; do
    a="${q%/*}" b="${q#*/}" values="" line="| $q |"
    for r in $(seq 0 $((rounds - 1))); do
      v="$(awk -v x="$(nth "$1" "$a" "$r")" -v y="$(nth "$1" "$b" "$r")" 'BEGIN {printf "%.3f", (y > 0 ? x / y : 0)}')"
      values+="$v "; line+=" $v |"
    done
    echo "$line **$(printf '%.3f' "$(median <<<"$values")")** |"
  done
}

# Same-round ratios: each peer / nginx, filter / bare, standalone / haproxy.
ratios=()
if has nginx; then
  for s in "${peers[@]}"; do [ "$s" = nginx ] || ratios+=("$s/nginx"); done
fi
has filter && has bare && ratios+=("filter/bare")
has filter && has baseline && ratios+=("filter/baseline")
has baseline && has bare && ratios+=("baseline/bare")
if has standalone && has haproxy; then ratios+=("standalone/haproxy"); fi

echo
echo "Requests per second:"
echo
table rps "req/s"
if [ "${#ratios[@]}" -gt 0 ]; then
  echo
  ratio_table rps "req/s ratio (same round)"
fi
echo
echo "Requests per CPU second of the server (user + system time of its process, from /proc):"
echo
table rpc "req/CPU-s"
if [ "${#ratios[@]}" -gt 0 ]; then
  echo
  ratio_table rpc "req/CPU-s ratio (same round)"
fi
echo
echo "Load average before: $load_before; after: $load_after ($ncpu cores)"
