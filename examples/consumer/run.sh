#!/usr/bin/env bash
# Builds this example against the convkit artifacts in the local Maven repository (run
# 'mvn install' at the repository's root first) and runs it as a library user would:
#   run.sh modulepath   java --module-path ... : the vector kernels on, with no flag and no warning
#   run.sh classpath    java -cp ... (no --add-modules): it works on the scalar kernels, and convkit
#                       logs one WARNING that names the fix
# Checks what it prints and exits non-zero when a claim above does not hold.
# Environment: JAVA_HOME (which java), MAVEN_OPTS (e.g. -Dmaven.repo.local=... for another repository).
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-}"
case "$mode" in
  modulepath|classpath) ;;
  *) echo "usage: $0 modulepath|classpath" >&2; exit 2 ;;
esac
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mvn -B -ntp -q clean package

out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
status=0
if [ "$mode" = modulepath ]; then
  "$java" --module-path target/classes:target/lib \
      --module org.convkit.examples.consumer/org.convkit.examples.consumer.Main >"$out" 2>"$err" || status=$?
else
  "$java" -cp "target/classes:target/lib/*" org.convkit.examples.consumer.Main >"$out" 2>"$err" || status=$?
fi
echo "== $mode: stdout"; cat "$out"
echo "== $mode: stderr"; cat "$err"

fail() { echo "run.sh $mode: $*" >&2; exit 1; }
[ "$status" = 0 ] || fail "the example exited with status $status"
for line in 'conv2d: \[1, 3, 32, 32\] -> \[1, 16, 16, 16\]' \
            'conv_transpose2d: \[1, 16, 16, 16\] -> \[1, 3, 32, 32\]' \
            'max_pool2d: \[1, 3, 32, 32\] -> \[1, 3, 16, 16\]' \
            'least_squares: \[1, 16, 16, 16\] -> \[1, 3, 32, 32\]' \
            'wiener: \[1, 32, 32\] -> \[1, 32, 32\]' \
            '^convkit [0-9]' '^Java [0-9]'; do
  grep -q -- "$line" "$out" || fail "no line matching '$line' in the output"
done
# the least-squares inversion gives the layer's input back, to float32 accuracy
err_ls=$(sed -n 's/^least_squares max |x - back| = //p' "$out")
awk -v e="$err_ls" 'BEGIN { exit !(e != "" && e + 0 < 1e-3) }' || fail "least squares is off by $err_ls"
# the JVM's own notice of an incubator module is the only line allowed on stderr besides convkit's
convkit_warnings=$(grep -c '^WARNING: convkit' "$err" || true)
others=$(grep -v -x 'WARNING: Using incubator modules: jdk.incubator.vector' "$err" | grep -v '^WARNING: convkit' \
    | grep -v -E '^[A-Z][a-z]{2} [0-9]{2}, [0-9]{4} .* org.convkit.runtime.Kernels' || true)
if [ "$mode" = modulepath ]; then
  grep -q '^vector kernels: on ' "$out" || fail "the vector kernels are off on the module path"
  [ "$convkit_warnings" = 0 ] || fail "convkit warned on the module path"
else
  grep -q '^vector kernels: off (.*--add-modules jdk.incubator.vector' "$out" \
      || fail "the status does not say the kernels are off and name --add-modules jdk.incubator.vector"
  [ "$convkit_warnings" = 1 ] || fail "expected one convkit WARNING on the class path, got $convkit_warnings"
  grep '^WARNING: convkit' "$err" | grep -q -- '--add-modules jdk.incubator.vector' \
      || fail "the WARNING does not name --add-modules jdk.incubator.vector"
fi
[ -z "$others" ] || fail "unexpected lines on stderr: $others"
echo "== $mode: ok"
