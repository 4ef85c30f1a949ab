#!/usr/bin/env bash
# The one test command: installs the real peers the tests start, builds with warnings as errors,
# checks formatting, and runs every test project. Works on a fresh Debian 12 machine with the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"

# Real peers the tests start on loopback ports: program -> Debian package.
declare -A peers=(
  [mosquitto]=mosquitto
  [mosquitto_pub]=mosquitto-clients
  [rotctld]=libhamlib-utils
  [rigctld]=libhamlib-utils
  [socat]=socat
  [influxd]=influxdb
  [chromium]=chromium
)
missing=()
for program in "${!peers[@]}"; do
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ]; then
    missing+=("${peers[$program]}")
  fi
done
if ! /usr/bin/python3 -c 'import sgp4' >/dev/null 2>&1; then
  missing+=(python3-sgp4)
fi
if [ ${#missing[@]} -gt 0 ]; then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "==> installing test peers: $packages"
  if [ "$(id -u)" -ne 0 ]; then
    echo "tests/run.sh: need root to apt-get install $packages (or install them and re-run)" >&2
    exit 1
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
# The tests start their own broker and database; packaged services left running would only hold ports.
if command -v systemctl >/dev/null 2>&1; then systemctl stop mosquitto influxdb >/dev/null 2>&1 || true; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> restore"
dotnet restore GroundStation.sln --verbosity quiet

echo "==> build ($configuration, warnings as errors)"
dotnet build GroundStation.sln --no-restore -c "$configuration" --verbosity quiet -nologo

echo "==> format check"
dotnet format GroundStation.sln --verify-no-changes --no-restore --verbosity quiet

echo "==> tests"
results=$(mktemp -d)
status=0
dotnet test GroundStation.sln --no-build -c "$configuration" --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx")
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
rm -rf "$results"
if [ $((passed + failed)) -eq 0 ]; then
  echo "tests/run.sh: no test ran" >&2
  status=1
fi
if [ "$skipped" -ne 0 ]; then
  echo "tests/run.sh: $skipped tests were skipped; a skipped test is a failure here" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
