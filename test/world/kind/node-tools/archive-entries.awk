# Reads an unpacked image archive in the current directory and prints "REF<TAB>CONFIG<TAB>LAYERS"
# per name: docker save's manifest.json (Config, RepoTags, Layers), else the OCI index.json's
# manifests with their io.containerd.image.name annotation (config and layers from the blobs).
function slurp(file,    text, l) {
  text = ""
  while ((getline l < file) > 0) text = text l
  close(file)
  return text
}
function field(obj, key,    re) {
  re = "\"" key "\":\"[^\"]*\""
  if (!match(obj, re)) return ""
  return substr(obj, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
}
function list(obj, key,    s, out) {
  if (!match(obj, "\"" key "\":\\[[^]]*\\]")) return ""
  s = substr(obj, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
  gsub(/"/, "", s); gsub(/,/, " ", s)
  return s
}
function blob(digest) { sub(/:/, "/", digest); return "blobs/" digest }
function docker(text,    n, objs, i, tags, t, k) {
  n = split(text, objs, /\},\{/)
  for (i = 1; i <= n; i++) {
    k = split(list(objs[i], "RepoTags"), tags, " ")
    for (t = 1; t <= k; t++) printf "%s\t%s\t%s\n", tags[t], field(objs[i], "Config"), list(objs[i], "Layers")
  }
}
function oci(text,    n, objs, i, name, manifest, cfg, layers, ls, parts, p, np) {
  n = split(text, objs, /\},\{"mediaType"/)
  for (i = 1; i <= n; i++) {
    name = field(objs[i], "io.containerd.image.name")
    if (name == "") continue
    manifest = slurp(blob(field(objs[i], "digest")))
    if (manifest ~ /"manifests":/) manifest = slurp(blob(field(manifest, "digest")))
    match(manifest, /"config":\{[^}]*\}/); cfg = field(substr(manifest, RSTART, RLENGTH), "digest")
    layers = ""
    if (match(manifest, /"layers":\[.*\]/)) {
      ls = substr(manifest, RSTART, RLENGTH)
      np = split(ls, parts, /"digest":"/)
      for (p = 2; p <= np; p++) layers = layers " " blob(substr(parts[p], 1, index(parts[p], "\"") - 1))
    }
    printf "%s\t%s\t%s\n", name, blob(cfg), substr(layers, 2)
  }
}
BEGIN {
  text = slurp("manifest.json")
  if (text != "") docker(text)
  else {
    text = slurp("index.json")
    if (text != "") oci(text)
  }
}
