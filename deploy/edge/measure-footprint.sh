#!/usr/bin/env bash
# Publishes gs-edge as Native AOT (deploy/edge/PublishProfiles/linux-x64.pubxml; linux-x64-trimmed.pubxml is the fallback), prints its size, and runs
# the footprint measurement (tests/GroundStation.Edge.Tests, FootprintTests) against it with the issue's limits:
# RSS during a pass at 10 frames/s <= 40 MB, idle CPU <= 1 % of one core, start-up to connected <= 1 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet publish edge/GroundStation.Edge/GroundStation.Edge.csproj -nodeReuse:false \
  -p:PublishProfileFullPath="$root/deploy/edge/PublishProfiles/linux-x64.pubxml"
binary="$root/artifacts/gs-edge/linux-x64/gs-edge"
echo "published binary: $(stat -c %s "$binary") bytes ($(du -h "$binary" | cut -f1))"
dotnet build tests/GroundStation.Edge.Tests/GroundStation.Edge.Tests.csproj -nodeReuse:false
EDGE_FOOTPRINT_BINARY="$binary" EDGE_FOOTPRINT_STRICT=1 \
  dotnet test tests/GroundStation.Edge.Tests/GroundStation.Edge.Tests.csproj --no-build --filter "Category=Footprint" \
  --logger "console;verbosity=detailed"
