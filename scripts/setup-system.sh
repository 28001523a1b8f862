#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks meet as real peers, only those missing.
# Usage: scripts/setup-system.sh [test|bench|all]   (default: test)
# Needs root and apt (a fresh Debian machine); elsewhere it says what is missing and carries on.
set -uo pipefail

want="${1:-test}"
# command-to-package pairs (a path may hold a * for a versioned directory)
test_pairs=(
  "xmllint:libxml2-utils"                                  # JUnit XML validated against its XSD
  "/usr/lib/nagios/plugins/check_tcp:monitoring-plugins"   # real Nagios plugins for the command check
  "/usr/bin/chromium:chromium"                             # Lighthouse audits (never a downloaded browser)
  "/usr/sbin/nginx:nginx-light"                            # access logs from a real web server
  "promtool:prometheus"                                    # /metrics: `promtool check metrics`, and a real Prometheus scrapes it
  "/usr/lib/postgresql/*/bin/initdb:postgresql"            # the PostgreSQL storage backend (initdb + pg_ctl per test run)
  "tmux:tmux"                                              # trackz watch end to end in a real 80×24 terminal
)
bench_pairs=(
  "hyperfine:hyperfine"
  "prometheus-blackbox-exporter:prometheus-blackbox-exporter"
  "goaccess:goaccess"
  "wrk:wrk"
  "/usr/bin/chromium:chromium"                             # bench 30-lighthouse: trackz and lhci audit with Debian's Chromium
  "/usr/lib/nagios/plugins/check_smtp:monitoring-plugins"  # bench 31-smtp: check_smtp -S as the reference
  "/usr/lib/postgresql/*/bin/initdb:postgresql"            # bench 60-storage-postgres: a real server to write into
  "tmux:tmux"                                              # bench 70-watch: watch runs in a real terminal
  "/usr/sbin/nginx:nginx-light"                            # bench 70-watch: the 1,000 monitors' target
)
case "$want" in
  test) pairs=("${test_pairs[@]}") ;;
  bench) pairs=("${bench_pairs[@]}") ;;
  all) pairs=("${test_pairs[@]}" "${bench_pairs[@]}") ;;
  *) echo "usage: $0 [test|bench|all]" >&2; exit 2 ;;
esac

missing=()
for pair in "${pairs[@]}"; do
  cmd="${pair%%:*}"; pkg="${pair##*:}"
  if [[ "$cmd" == *"*"* ]]; then compgen -G "$cmd" >/dev/null || missing+=("$pkg")
  elif [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]] || missing+=("$pkg"); else command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "setup-system: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Package lists are refreshed once, only when something is missing.
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/trackz-apt.log 2>&1; then
  echo "setup-system: apt-get install failed; see /tmp/trackz-apt.log" >&2
  tail -5 /tmp/trackz-apt.log >&2
  exit 1
fi
# nginx-light's package starts a system nginx on :80; trackz tests start their own, so stop it.
if [[ " ${missing[*]} " == *" nginx-light "* ]]; then
  (service nginx stop || systemctl stop nginx || nginx -s stop) >/dev/null 2>&1 || true
fi
# prometheus's package may start a system Prometheus on :9090; the tests start their own.
if [[ " ${missing[*]} " == *" prometheus "* ]]; then
  (service prometheus stop || systemctl stop prometheus) >/dev/null 2>&1 || true
fi
# Likewise postgresql's package may start a system cluster on :5432; the tests initdb their own.
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  (service postgresql stop || systemctl stop postgresql) >/dev/null 2>&1 || true
fi
exit 0
