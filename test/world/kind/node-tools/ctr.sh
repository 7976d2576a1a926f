#!/bin/sh
# ctr stand-in for the world's kind node: `ctr --namespace=k8s.io images import [flags] FILE|-`
# (the command `kind load` runs), `images ls [-q]` and `images rm|remove|del [--sync] REF...`.
# Import reads a docker-save or OCI archive, records every name it carries (RepoTags,
# io.containerd.image.name) with the image ID (config digest) and size (config + layers) in the
# node's store, prints what ctr prints, and fails as ctr does on a stream that is not a whole tar
# archive.
LIB=/usr/local/lib/meshdeck
namespace=default
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--namespace) namespace=$2; shift ;;
    -n=*|--namespace=*) namespace=${1#*=} ;;
    --address=*|--timeout=*|--debug) ;;
    -*) echo "ctr: flag provided but not defined: $1" >&2; exit 1 ;;
    *) break ;;
  esac
  shift
done
group=$1; action=$2
[ $# -ge 2 ] && shift 2
case "$group" in images|image|i) ;; *) echo "ctr: No help topic for '$group'" >&2; exit 1 ;; esac
[ "$namespace" = k8s.io ] || { echo "ctr: the world's node keeps images in namespace k8s.io only" >&2; exit 1; }

import_archive() {
  file=
  while [ $# -gt 0 ]; do
    case "$1" in
      --all-platforms|--digests|--no-unpack|--local|--skip-digest-for-named|--discard-unpacked-layers) ;;
      --snapshotter=*|--platform=*|--index-name=*|--base-name=*) ;;
      --snapshotter|--platform|--index-name|--base-name) shift ;;
      -) file=- ;;
      -*) echo "ctr: flag provided but not defined: $1" >&2; exit 1 ;;
      *) file=$1 ;;
    esac
    shift
  done
  [ -n "$file" ] || { echo 'ctr: please provide an image archive to import' >&2; exit 1; }
  mkdir -p /var/lib/meshdeck
  tmp=$(mktemp -d /var/lib/meshdeck/import.XXXXXX)
  trap 'rm -rf "$tmp" "$tmp.err"' EXIT
  if [ "$file" = - ]; then tar -xf - -C "$tmp" 2>"$tmp.err"; else tar -xf "$file" -C "$tmp" 2>"$tmp.err"; fi
  if [ $? -ne 0 ]; then
    if grep -q 'No such file' "$tmp.err" && [ "$file" != - ]; then echo "ctr: open $file: no such file or directory" >&2
    elif grep -qi 'short read\|unexpected end\|corrupted' "$tmp.err"; then echo 'ctr: unexpected EOF' >&2
    else echo 'ctr: archive/tar: invalid tar header' >&2; fi
    exit 1
  fi
  entries=$(cd "$tmp" && awk -f "$LIB/archive-entries.awk")
  [ -n "$entries" ] || { echo 'ctr: unrecognized image format' >&2; exit 1; }
  echo "$entries" | while IFS="$(printf '\t')" read -r ref config layers; do
    [ -f "$tmp/$config" ] || { echo "ctr: content digest $config: not found" >&2; exit 1; }
    size=$(cd "$tmp" && stat -L -c %s "$config" $layers | awk '{ s += $1 } END { print s }')
    id="sha256:$(basename "$config" .json)"
    full=$(echo "$ref" | awk -f "$LIB/normalize.awk" -f "$LIB/normalize-line.awk")
    sh "$LIB/store" add "$full" "$id" "$size" || exit 1
    echo "unpacking $full ($id)...done"
  done
}

case "$action" in
  import) import_archive "$@" ;;
  ls|list)
    if [ "$1" = -q ] || [ "$1" = --quiet ]; then sh "$LIB/store" list | cut -f1
    else
      printf 'REF\tTYPE\tDIGEST\tSIZE\tPLATFORMS\tLABELS\n'
      sh "$LIB/store" list | awk -F '\t' '{ printf "%s\tapplication/vnd.docker.distribution.manifest.v2+json\t%s\t%s B\tlinux/amd64\tio.cri-containerd.image=managed\n", $1, $2, $3 }'
    fi
    ;;
  rm|remove|del)
    # As containerd's `ctr images remove`: each removed name on stdout; a name the store lacks is
    # a warning on stderr (logrus, as ctr logs it) and still exit 0. Names are taken as written.
    for target in "$@"; do
      case "$target" in --sync) continue ;; -*) echo "ctr: flag provided but not defined: $target" >&2; exit 1 ;; esac
      if sh "$LIB/store" rm "$target"; then echo "$target"
      else printf 'time="%s" level=warning msg="%s: image not found"\n' "$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)" "$target" >&2; fi
    done
    ;;
  *) echo "ctr: No help topic for '$action'" >&2; exit 1 ;;
esac
