#!/usr/bin/env bash
# Puts an application into maintenance, or takes it out, through its flag file (the FlagFileWatcher
# of io.github.maintenance watches it). Works when nothing else is up: no network, no registry.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: maintenance-flag.sh enable  [DIR] [--message TEXT] [--url URL] [--until TIME]
       maintenance-flag.sh disable [DIR]
       maintenance-flag.sh status  [DIR]

  enable    create DIR/.maintenance (replacing it atomically): the application enters maintenance
  disable   remove it: the maintenance it started ends
  status    print whether it exists and what it says; exit 0 if it exists, 3 if not

  DIR             the watched directory; default $MAINTENANCE_DIR, else the current directory
  --message TEXT  message shown on the maintenance page (one line)
  --url URL       custom maintenance page (http or https)
  --until TIME    end of maintenance: an ISO-8601 time (2026-03-01T12:00:00Z), or with GNU date
                  anything `date -d` reads ('+30 minutes', '12:00 tomorrow')

The file name is $MAINTENANCE_FLAG_NAME when set, else .maintenance.
Exit status: 0 done, 1 failure (directory missing, cannot write), 2 bad usage, 3 status: no flag.
USAGE
}

die() { echo "maintenance-flag.sh: $1" >&2; exit "${2:-1}"; }
usage_error() { echo "maintenance-flag.sh: $1" >&2; echo >&2; usage >&2; exit 2; }

# Escapes a value for java.util.Properties: backslashes, and a leading space that would be dropped.
escape() {
  local v=${1//\\/\\\\}
  [[ $v == " "* ]] && v="\\$v"
  printf '%s' "$v"
}

[ $# -ge 1 ] || usage_error "a command is required (enable, disable or status)"
command=$1
shift
case $command in
  enable|disable|status) ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage_error "unknown command '$command' (expected enable, disable or status)" ;;
esac

dir=""
message=""
url=""
until=""
while [ $# -gt 0 ]; do
  case $1 in
    --message|--url|--until)
      [ "$command" = enable ] || usage_error "$1 is an option of enable only"
      [ $# -ge 2 ] || usage_error "$1 needs a value"
      case $1 in
        --message) message=$2 ;;
        --url) url=$2 ;;
        --until) until=$2 ;;
      esac
      shift 2 ;;
    --message=*|--url=*|--until=*)
      [ "$command" = enable ] || usage_error "${1%%=*} is an option of enable only"
      case $1 in
        --message=*) message=${1#*=} ;;
        --url=*) url=${1#*=} ;;
        --until=*) until=${1#*=} ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage_error "unknown option '$1'" ;;
    *)
      [ -z "$dir" ] || usage_error "only one directory may be given (got '$dir' and '$1')"
      dir=$1
      shift ;;
  esac
done
dir=${dir:-${MAINTENANCE_DIR:-.}}
name=${MAINTENANCE_FLAG_NAME:-.maintenance}
case $name in
  ""|.|..|*/*) die "MAINTENANCE_FLAG_NAME must be a plain file name, got '$name'" 2 ;;
esac
flag="$dir/$name"

case $command in
  status)
    if [ -e "$flag" ]; then
      echo "enabled: $flag"
      if [ -s "$flag" ]; then
        sed 's/^/  /' "$flag"
      fi
      exit 0
    fi
    echo "disabled: $flag"
    exit 3 ;;

  disable)
    [ -d "$dir" ] || die "directory '$dir' does not exist"
    if [ -e "$flag" ]; then
      rm -f -- "$flag" || die "cannot remove '$flag'"
      echo "disabled: $flag (removed)"
    else
      echo "disabled: $flag (was not there)"
    fi
    exit 0 ;;

  enable)
    [ -d "$dir" ] || die "directory '$dir' does not exist"
    for value in "$message" "$url" "$until"; do
      case $value in
        *$'\n'*|*$'\r'*) usage_error "values must be one line (found a line break)" ;;
      esac
    done
    if [ -n "$until" ]; then
      if normalized=$(date -u -d "$until" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null); then
        until=$normalized
      elif ! [[ $until =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$ ]]; then
        usage_error "--until '$until' is not a time (use an ISO-8601 time such as 2026-03-01T12:00:00Z)"
      fi
    fi
    tmp="$dir/.$name.tmp.$$"
    trap 'rm -f -- "$tmp"' EXIT
    {
      echo "# maintenance flag written by maintenance-flag.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      [ -z "$url" ] || echo "url=$(escape "$url")"
      [ -z "$message" ] || echo "message=$(escape "$message")"
      [ -z "$until" ] || echo "until=$(escape "$until")"
    } > "$tmp" || die "cannot write '$tmp'"
    mv -f -- "$tmp" "$flag" || die "cannot create '$flag'"
    trap - EXIT
    echo "enabled: $flag"
    exit 0 ;;
esac
