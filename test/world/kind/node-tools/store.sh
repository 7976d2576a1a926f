#!/bin/sh
# The node's image store (the world's stand-in for containerd's content store): one line per
# image reference, "REF<TAB>ID<TAB>SIZE", in /var/lib/meshdeck/images.tsv. Only the index is kept,
# not the layers: nothing in the world runs from image content, and keeping every loaded archive
# inside each node container would double the disk a lab uses. Writers hold a lock directory
# (busybox-static has no flock applet), so an import and a kubelet pull never lose a line.
#   store add REF ID SIZE   (REF fully qualified)      store rm REF (exit 1: not there)      store list
STORE_DIR=/var/lib/meshdeck
STORE=$STORE_DIR/images.tsv
mkdir -p "$STORE_DIR"
[ -f "$STORE" ] || : >"$STORE"
case "$1" in
  add)
    [ $# -eq 4 ] || { echo "usage: store add REF ID SIZE" >&2; exit 2; }
    until mkdir "$STORE_DIR/.lock" 2>/dev/null; do sleep 0.05; done
    trap 'rmdir "$STORE_DIR/.lock"' EXIT
    awk -F '\t' -v ref="$2" '$1 != ref' "$STORE" >"$STORE.new"
    printf '%s\t%s\t%s\n' "$2" "$3" "$4" >>"$STORE.new"
    mv "$STORE.new" "$STORE"
    ;;
  rm)
    [ $# -eq 2 ] || { echo "usage: store rm REF" >&2; exit 2; }
    until mkdir "$STORE_DIR/.lock" 2>/dev/null; do sleep 0.05; done
    trap 'rmdir "$STORE_DIR/.lock"' EXIT
    awk -F '\t' -v ref="$2" '$1 == ref { found = 1 } END { exit found ? 0 : 1 }' "$STORE" || exit 1
    awk -F '\t' -v ref="$2" '$1 != ref' "$STORE" >"$STORE.new"
    mv "$STORE.new" "$STORE"
    ;;
  list) cat "$STORE" ;;
  *) echo "usage: store add REF ID SIZE | store rm REF | store list" >&2; exit 2 ;;
esac
