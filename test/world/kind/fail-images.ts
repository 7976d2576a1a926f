// MESHDECK_WORLD_FAIL_IMAGES: images that fail to pull in the clusters `kind create cluster`
// makes, for tests that drive a stand-in cluster from outside its (detached) process.
// Comma-separated; each entry is a substring of the image name ("examples-bookinfo-reviews-v2")
// or, when it has * or ?, a glob matched against the whole name ("docker.io/istio/*:1.2?.*").
// Names are tried as written in the pod spec and fully qualified (docker.io/...). The value is
// read by the runner that `create cluster` starts with its environment, so it holds for that
// cluster's lifetime: set it on `kind create cluster`, not on later commands.
export function failImagePatterns(value: string | undefined): RegExp[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const escaped = entry.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      if (!/[*?]/.test(entry)) return new RegExp(escaped);
      return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    });
}
