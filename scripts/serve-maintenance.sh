#!/usr/bin/env bash
# Starts, stops and reports the standalone maintenance page server (maintenance-standalone.jar),
# for deploys in which the whole application goes down:
#
#   scripts/serve-maintenance.sh start [OPTIONS...]   # options go to the jar, see: java -jar ... --help
#   scripts/serve-maintenance.sh status
#   scripts/serve-maintenance.sh stop
#   scripts/serve-maintenance.sh install-service      # as root: the systemd unit, for port 80
#
# The server is configured by the MAINTENANCE_* environment variables of the jar (MAINTENANCE_PORT,
# MAINTENANCE_HOST, MAINTENANCE_TITLE, MAINTENANCE_MESSAGE, MAINTENANCE_RETRY_AFTER,
# MAINTENANCE_TEMPLATE, ...) or by options after "start". This script reads:
#
#   MAINTENANCE_JAR           the jar; default: maintenance-standalone/target/maintenance-standalone.jar
#                             next to this script's directory
#   MAINTENANCE_PID_FILE      default: ${TMPDIR:-/tmp}/maintenance-standalone.pid
#   MAINTENANCE_LOG           the server's output; default: the PID file with .log instead of .pid
#   MAINTENANCE_START_TIMEOUT seconds to wait for the server to listen; default 30
#   MAINTENANCE_STOP_TIMEOUT  seconds to wait after SIGTERM before SIGKILL; default 10
#   JAVA                      the java command; default: $JAVA_HOME/bin/java, else java
#   MAINTENANCE_SYSTEMD_DIR   where install-service puts the unit; default /etc/systemd/system
#   SYSTEMCTL                 the systemctl command for install-service; default systemctl
#
# start refuses to start a second server (exit 1) and replaces a stale PID file (one whose process
# is gone, or is not this server); it returns once the server listens. stop sends SIGTERM, waits,
# and is a success when nothing runs. Exit status of status: 0 running, 1 stale PID file, 3 not
# running (as in LSB init scripts).
#
# install-service copies maintenance-standalone/systemd/maintenance-page.service (port 80 without
# root, see the comments in it) to /etc/systemd/system and runs systemctl daemon-reload; it needs
# root and systemctl, and if daemon-reload fails it puts back what was there before. start, stop
# and status never need systemd.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${MAINTENANCE_JAR:-$here/../maintenance-standalone/target/maintenance-standalone.jar}"
if [ -f "$jar" ]; then
  jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
fi
pid_file="${MAINTENANCE_PID_FILE:-${TMPDIR:-/tmp}/maintenance-standalone.pid}"
log_file="${MAINTENANCE_LOG:-${pid_file%.pid}.log}"
start_timeout="${MAINTENANCE_START_TIMEOUT:-30}"
stop_timeout="${MAINTENANCE_STOP_TIMEOUT:-10}"
if [ -n "${JAVA:-}" ]; then
  java_cmd="$JAVA"
elif [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
else
  java_cmd="java"
fi

say() { printf 'serve-maintenance: %s\n' "$*"; }
fail() { printf 'serve-maintenance: %s\n' "$1" >&2; exit "${2:-1}"; }

case "$start_timeout$stop_timeout" in
  *[!0-9]*) fail "MAINTENANCE_START_TIMEOUT and MAINTENANCE_STOP_TIMEOUT must be whole seconds" 2 ;;
esac

# The PID in the PID file, or nothing when there is none or it is not a number.
read_pid() {
  local pid=""
  [ -f "$pid_file" ] && read -r pid < "$pid_file" || true
  case "$pid" in
    ''|*[!0-9]*) echo "" ;;
    *) echo "$pid" ;;
  esac
}

# Whether $1 is a live process running our jar, i.e. "java ... -jar <jar>" where <jar> is $jar or
# a maintenance-standalone*.jar (not some other process that got the same PID).
is_ours() {
  local pid="$1" args jar_arg
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  args=" $(ps -o args= -p "$pid" 2>/dev/null || true) "
  case "$args" in
    *" -jar $jar "*) return 0 ;;
  esac
  [[ "$args" =~ [[:space:]]-jar[[:space:]]+([^[:space:]]+)[[:space:]] ]] || return 1
  jar_arg="${BASH_REMATCH[1]}"
  case "$(basename "$jar_arg")" in
    maintenance-standalone*.jar) return 0 ;;
    *) return 1 ;;
  esac
}

do_status() {
  local pid
  pid="$(read_pid)"
  if is_ours "$pid"; then
    say "running (pid $pid)"
    return 0
  fi
  if [ -e "$pid_file" ]; then
    say "not running, but the PID file $pid_file is left over (stale)"
    return 1
  fi
  say "not running"
  return 3
}

do_start() {
  [ -f "$jar" ] || fail "no jar at $jar (build it with: mvn -B package -pl maintenance-standalone -am, or set MAINTENANCE_JAR)"
  local pid
  pid="$(read_pid)"
  if is_ours "$pid"; then
    fail "already running (pid $pid); stop it first"
  fi
  if [ -e "$pid_file" ]; then
    rm -f "$pid_file"
    say "removed the stale PID file $pid_file"
  fi
  mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
  # Claim the PID file atomically, so that two starts at once cannot both go ahead.
  if ! (set -o noclobber; echo "$$" > "$pid_file") 2>/dev/null; then
    fail "another start is in progress ($pid_file appeared meanwhile)"
  fi
  : > "$log_file"
  nohup "$java_cmd" -jar "$jar" "$@" >> "$log_file" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$pid_file"
  local waited=0
  while [ "$waited" -lt $((start_timeout * 10)) ]; do
    if grep -q '^Maintenance page server listening on ' "$log_file" 2>/dev/null; then
      say "started (pid $pid): $(grep -m1 -o 'http://[^ ]*' "$log_file")"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      fail "the server exited at once; its output ($log_file):
$(tail -n 20 "$log_file")"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -TERM "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  fail "the server did not listen within ${start_timeout}s; stopped it. Its output ($log_file):
$(tail -n 20 "$log_file")"
}

do_stop() {
  local pid
  pid="$(read_pid)"
  if ! is_ours "$pid"; then
    if [ -e "$pid_file" ]; then
      rm -f "$pid_file"
      say "not running (removed the stale PID file $pid_file)"
    else
      say "not running"
    fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((stop_timeout * 10)) ]; then
      say "still running ${stop_timeout}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  say "stopped (pid $pid)"
}

do_install_service() {
  local unit="$here/../maintenance-standalone/systemd/maintenance-page.service"
  local dir="${MAINTENANCE_SYSTEMD_DIR:-/etc/systemd/system}"
  local systemctl="${SYSTEMCTL:-systemctl}"
  local target="$dir/maintenance-page.service"
  [ -f "$unit" ] || fail "no unit file at $unit"
  [ "$(id -u)" -eq 0 ] || fail "install-service needs root (it writes $dir and runs $systemctl daemon-reload); try: sudo $0 install-service"
  command -v "$systemctl" > /dev/null 2>&1 || fail "no $systemctl here: install-service is for machines run by systemd; start, stop and status work without it"
  [ -d "$dir" ] || fail "no directory $dir"
  local backup=""
  if [ -e "$target" ]; then
    backup="$(mktemp "$dir/.maintenance-page.service.XXXXXX")"
    cp -p "$target" "$backup"
  fi
  say "installing $target"
  cp "$unit" "$target.new.$$"
  chmod 0644 "$target.new.$$"
  mv -f "$target.new.$$" "$target"
  say "running $systemctl daemon-reload"
  if ! "$systemctl" daemon-reload; then
    if [ -n "$backup" ]; then
      mv -f "$backup" "$target"
      fail "$systemctl daemon-reload failed; put back the previous $target"
    fi
    rm -f "$target"
    fail "$systemctl daemon-reload failed; removed $target again"
  fi
  [ -z "$backup" ] || rm -f "$backup"
  say "installed; next: install -D -m 0644 $jar /opt/maintenance/maintenance-standalone.jar && $systemctl start maintenance-page"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start) do_start "$@" ;;
  stop) [ $# -eq 0 ] || fail "stop takes no options" 2; do_stop ;;
  status) [ $# -eq 0 ] || fail "status takes no options" 2; do_status ;;
  install-service) [ $# -eq 0 ] || fail "install-service takes no options" 2; do_install_service ;;
  *) fail "usage: $(basename "$0") start [OPTIONS...] | stop | status | install-service" 2 ;;
esac
