# One reference per line in, its normalized form out (uses normalize.awk).
{ print normalize($0) }
