#!/usr/bin/env bash
# Instructions per request of one benchmark app, counted by valgrind's callgrind: repeatable within about 2.5 % from
# run to run whatever else the machine does (CPU time per request moves by 10-30 % here), so it can attribute a
# few µs where the load benchmarks cannot. Slow (about 90 s a run); needs valgrind (Debian: apt-get install valgrind).
#   bash bench/tools/instructions-per-request.sh <express|fastify> <app in bench/apps> [requests=2000] [K=V ...]
#   e.g. bash bench/tools/instructions-per-request.sh express ballast-modules.mjs 2000 MODULES=context
# The server gets 1,500 requests of warm-up, then the counters are zeroed, then `requests` more are counted.
set -euo pipefail
adapter=${1:?adapter}; app=${2:?app}; requests=${3:-2000}; shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
out=$(mktemp -d)
cd "$here/../apps"
env "$@" PORT="$port" HTTP_ADAPTER="$adapter" NODE_ENV=production \
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" --dump-line=no --dump-instr=no \
  node "$app" >/dev/null 2>"$out/valgrind.log" &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 1; done
cd "$here/../.."
send() { node -e "require('autocannon')({ url: 'http://127.0.0.1:$port/', amount: $1, connections: 4 }, (e, r) => { if (e || r.non2xx || r.errors) { console.error(e ?? r); process.exit(1); } })"; }
send 1500
callgrind_control -z "$pid" >/dev/null 2>&1
send "$requests"
callgrind_control -d "$pid" >/dev/null 2>&1
# The dump holds what was counted since the zeroing, all threads together (compiler and GC threads included).
total=$(grep -hE '^summary:' "$out"/cg.*.1 | awk '{ print $2 }')
echo "$adapter $app $*: $((total / requests)) instructions/request ($requests requests)"
