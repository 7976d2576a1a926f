# Groups the store's lines by image ID (one image, several tags) and prints them as crictl does.
# mode=table|json|inspect; filter = a reference (or ID prefix) to select, empty for all.
function human(n,    units, u) {
  split("B kB MB GB TB", units, " ")
  u = 1
  while (n >= 1000 && u < 5) { n = n / 1000; u++ }
  return sprintf("%.3g%s", n, units[u])
}
function matches(ref, id) {
  if (filter == "") return 1
  if (normalize(filter) == ref) return 1
  sub(/^sha256:/, "", id); f = filter; sub(/^sha256:/, "", f)
  return length(f) >= 3 && index(id, f) == 1
}
function tagsJson(id, indent,    out, i, n, t) {
  n = split(tags[id], t, "\n"); out = ""
  for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") "\n" indent "  \"" t[i] "\""
  return "[" out "\n" indent "]"
}
function imageJson(id, indent) {
  return indent "{\n" indent "  \"id\": \"" id "\",\n" indent "  \"repoTags\": " tagsJson(id, indent "  ") ",\n" \
    indent "  \"repoDigests\": [],\n" indent "  \"size\": \"" size[id] "\",\n" indent "  \"uid\": null,\n" \
    indent "  \"username\": \"\",\n" indent "  \"spec\": null,\n" indent "  \"pinned\": false\n" indent "}"
}
NF >= 3 && matches($1, $2) {
  if (!($2 in size)) { order[++count] = $2; size[$2] = $3 }
  joined = ($2 in tags) ? tags[$2] "\n" $1 : $1
  tags[$2] = joined
  line[++rows] = $0
}
END {
  if (mode == "inspect") {
    if (count == 0) exit 1
    print "{\n  \"status\": " substr(imageJson(order[1], "  "), 3) ",\n  \"info\": {}\n}"
    exit 0
  }
  if (mode == "json") {
    printf "{\n  \"images\": ["
    for (i = 1; i <= count; i++) printf "%s\n%s", (i > 1 ? "," : ""), imageJson(order[i], "    ")
    print (count > 0 ? "\n  ]" : "]") "\n}"
    exit 0
  }
  if (quiet == 1) { for (i = 1; i <= count; i++) print order[i]; exit 0 }
  # text/tabwriter with minwidth 20 and padding 3, as crictl builds it.
  w1 = 20; w2 = 20; w3 = 20
  for (r = 1; r <= rows; r++) {
    split(line[r], f, "\t"); ref = f[1]; c = match(ref, /:[^:\/]*$/)
    repo[r] = c ? substr(ref, 1, c - 1) : ref; tag[r] = c ? substr(ref, c + 1) : "<none>"
    id = f[2]; sub(/^sha256:/, "", id); short[r] = substr(id, 1, 13); hs[r] = human(f[3])
    if (length(repo[r]) + 3 > w1) w1 = length(repo[r]) + 3
    if (length(tag[r]) + 3 > w2) w2 = length(tag[r]) + 3
  }
  printf "%-" w1 "s%-" w2 "s%-" w3 "s%s\n", "IMAGE", "TAG", "IMAGE ID", "SIZE"
  for (r = 1; r <= rows; r++) printf "%-" w1 "s%-" w2 "s%-" w3 "s%s\n", repo[r], tag[r], short[r], hs[r]
}
