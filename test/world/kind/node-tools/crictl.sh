#!/bin/sh
# crictl stand-in for the world's kind node: `images [-q] [-o json|table] [REF]` and
# `inspecti [-o json] REF...`, with crictl's table (tabwriter, 13-character IDs, SI sizes), its
# JSON and its exit codes, read from the node's image store.
LIB=/usr/local/lib/meshdeck
cmd=$1
[ $# -gt 0 ] && shift
output=
quiet=0
args=
while [ $# -gt 0 ]; do
  case "$1" in
    -o|--output) output=$2; shift ;;
    -o=*|--output=*) output=${1#*=} ;;
    -q|--quiet) quiet=1 ;;
    -*) echo "flag provided but not defined: $1" >&2; exit 1 ;;
    *) args="$args $1" ;;
  esac
  shift
done
list() { sh "$LIB/store" list; }
case "$cmd" in
  images|image|img)
    case "$output" in ''|table|json) ;; *) echo "FATA[0000] unsupported output format \"$output\"" >&2; exit 1 ;; esac
    list | awk -F '\t' -f "$LIB/normalize.awk" -f "$LIB/crictl-images.awk" -v mode="${output:-table}" -v quiet="$quiet" -v filter="$(echo $args)"
    ;;
  inspecti)
    [ -n "$args" ] || { echo 'FATA[0000] image ID cannot be empty' >&2; exit 1; }
    status=0
    for ref in $args; do
      list | awk -F '\t' -f "$LIB/normalize.awk" -f "$LIB/crictl-images.awk" -v mode=inspect -v filter="$ref" || {
        echo "FATA[0000] no such image \"$ref\" present" >&2
        status=1
      }
    done
    exit $status
    ;;
  ''|help|-h|--help) echo 'usage: crictl images [-q] [-o json|table] [REF] | crictl inspecti REF'; exit 0 ;;
  *) echo "No help topic for '$cmd'" >&2; exit 3 ;;
esac
