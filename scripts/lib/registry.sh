# Pushes test models into an OCI registry the way Ollama's registry serves them (used by e2e.sh and
# compose-smoke.sh). Source it; needs curl and sha256sum.

# registry_push_blob REGISTRY REPO FILE -> prints "sha256:<hex> <size>"
registry_push_blob() {
  local registry="$1" repo="$2" file="$3" digest size location sep
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  size=$(stat -c %s "$file")
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' -I "$registry/v2/$repo/blobs/$digest")" != 200 ]]; then
    location=$(curl -fsS -X POST -D - -o /dev/null "$registry/v2/$repo/blobs/uploads/" \
      | awk 'tolower($1) == "location:" {print $2}' | tr -d '\r') || return 1
    [[ "$location" == http* ]] || location="$registry$location"
    sep='?'; [[ "$location" == *\?* ]] && sep='&'
    curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$file" \
      "$location${sep}digest=$digest" -o /dev/null || return 1
  fi
  echo "$digest $size"
}

# registry_push_model REGISTRY NAMESPACE/NAME TAG MODEL_FILE [TEMPLATE_TEXT] -> pushes the model and
# an Ollama manifest (model, template, params and license layers) and prints the manifest digest
registry_push_model() {
  local registry="$1" repo="$2" tag="$3" model="$4" template="${5:-{{ .Prompt }}}"
  local work; work=$(mktemp -d)
  printf '%s' "$template" > "$work/template"
  printf '{"stop":["<|endoftext|>"],"temperature":0.2}' > "$work/params"
  printf 'Test model for codeagents; not a real language model.' > "$work/license"
  local m_digest m_size t_digest t_size p_digest p_size l_digest l_size c_digest c_size
  read -r m_digest m_size < <(registry_push_blob "$registry" "$repo" "$model") || return 1
  read -r t_digest t_size < <(registry_push_blob "$registry" "$repo" "$work/template") || return 1
  read -r p_digest p_size < <(registry_push_blob "$registry" "$repo" "$work/params") || return 1
  read -r l_digest l_size < <(registry_push_blob "$registry" "$repo" "$work/license") || return 1
  printf '{"model_format":"gguf","model_family":"llama","model_type":"test","file_type":"F32","architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s","%s","%s"]}}' \
    "$m_digest" "$t_digest" "$p_digest" "$l_digest" > "$work/config"
  read -r c_digest c_size < <(registry_push_blob "$registry" "$repo" "$work/config") || return 1
  cat > "$work/manifest" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"$c_digest","size":$c_size},
 "layers":[
  {"mediaType":"application/vnd.ollama.image.model","digest":"$m_digest","size":$m_size},
  {"mediaType":"application/vnd.ollama.image.template","digest":"$t_digest","size":$t_size},
  {"mediaType":"application/vnd.ollama.image.params","digest":"$p_digest","size":$p_size},
  {"mediaType":"application/vnd.ollama.image.license","digest":"$l_digest","size":$l_size}]}
JSON
  curl -fsS -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
    --data-binary @"$work/manifest" "$registry/v2/$repo/manifests/$tag" -D - -o /dev/null \
    | awk 'tolower($1) == "docker-content-digest:" {print $2}' | tr -d '\r'
  rm -rf "$work"
}

# registry_start DIR PORT -> starts Debian's docker-registry serving from DIR on 127.0.0.1:PORT, prints its PID
registry_start() {
  local dir="$1" port="$2"
  mkdir -p "$dir/storage"
  cat > "$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$port/v2/" > /dev/null 2>&1 && { echo "$pid"; return 0; }
    sleep 0.1
  done
  return 1
}
