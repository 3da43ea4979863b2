#!/usr/bin/env bash
# Load test of the API with wrk (Debian: apt-get install wrk) against a running engine, e.g. ./minetwin demo.
#
#   scripts/wrk/run.sh [--data DIR] [--url URL] [--connections N] [--threads N] [--duration D] [--twin ID]
#
# Reads the viewer token from <data dir>/demo-tokens.json (default data/demo), then measures
# GET /api/twins/{id} and GET /api/forecasts, printing wrk's latency distribution (p50..p99). wrk runs on
# the same machine as the engine here, so its own CPU use counts against the figures: on small machines
# keep --threads 1 and note the load (uptime) with every result.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/../../data/demo"
url="http://127.0.0.1:8080"
connections=64
threads=1   # one wrk thread drives 64 connections; on a 2-core machine a second one takes the server's CPU
duration=30s
twin="baiyun:shovel-01"

while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --url) url="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --twin) twin="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1; see --help" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null 2>&1 || { echo "run.sh: wrk is not installed; apt-get install -y wrk" >&2; exit 2; }
tokens="$data/demo-tokens.json"
[ -f "$tokens" ] || { echo "run.sh: $tokens is missing; start ./minetwin demo (or pass --data)" >&2; exit 2; }
TOKEN="$(sed -n 's/.*"viewer" *: *"\([^"]*\)".*/\1/p' "$tokens")"
[ -n "$TOKEN" ] || { echo "run.sh: no viewer token in $tokens" >&2; exit 2; }
export TOKEN

status=$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $TOKEN" "$url/api/twins/$twin" || true)
[ "$status" = 200 ] || { echo "run.sh: GET $url/api/twins/$twin answered $status; check --url, --twin and the token" >&2; exit 2; }

for path in "/api/twins/$twin" "/api/forecasts"; do
  echo "== GET $path: $connections connections, $threads threads, $duration"
  wrk --latency -t "$threads" -c "$connections" -d "$duration" -s "$here/auth.lua" "$url$path"
  echo
done
