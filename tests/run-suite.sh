#!/bin/sh
# Run the whole meson test suite in BUILD_DIR, print the logs of what
# failed, and end with the line "N passed, N failed" that CI reads.
set -u
build_dir=${1:-build-check}
shift || true

meson test -C "$build_dir" --print-errorlogs --num-processes 2 "$@"
status=$?

log="$build_dir/meson-logs/testlog.json"
passed=0
failed=0
skipped=0
if [ -f "$log" ]; then
  passed=$(grep -c '"result": "OK"' "$log")
  skipped=$(grep -c '"result": "SKIP"' "$log")
  failed=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log")
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # meson itself failed (e.g. a build error): count that as a failure.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
