# Fully qualifies an image reference the way containerd's reference.ParseNormalizedNamed does:
# busybox -> docker.io/library/busybox:latest, curlimages/curl:8 -> docker.io/curlimages/curl:8.
function normalize(ref,    i, first, n, parts) {
  i = index(ref, "/")
  if (i == 0) ref = "docker.io/library/" ref
  else {
    first = substr(ref, 1, i - 1)
    if (first !~ /[.:]/ && first != "localhost") ref = "docker.io/" ref
  }
  if (ref !~ /@/) {
    n = split(ref, parts, "/")
    if (parts[n] !~ /:/) ref = ref ":latest"
  }
  return ref
}
