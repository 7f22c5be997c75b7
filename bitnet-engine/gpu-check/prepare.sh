#!/usr/bin/env bash
# (jdk.zipfs is added to the runtime because the JUnit launcher scans jars through it.)
# Prepares the GPU check bundle on a development machine (x86-64, JDK 25, Maven): a jlink'd Java
# runtime, the engine and test jars with their dependencies, the JUnit console launcher and
# run.sh, in one folder that the device tool carries to the GPU machine (which has no Java).
#
#   bitnet-engine/gpu-check/prepare.sh [DEST...]
#
# DEST defaults to bitnet-engine/target/gpu-check (ignored by git). Several DESTs get identical
# copies (e.g. the ignored folder .gpu-check of the checkout the device tool sends).
# On the GPU machine: bash <bundle>/run.sh  (writes its figures and logs to $OUT).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/.." && pwd)"
root="$(cd "$module/.." && pwd)"
jdk="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
console_version="${JUNIT_PLATFORM_VERSION:-1.14.4}"
[ $# -gt 0 ] || set -- "$module/target/gpu-check"
stage="$module/target/gpu-check-stage"

echo "== building bitnet-engine (jar + test classes)"
(cd "$root" && mvn -B -q -o -pl bitnet-engine package -DskipTests) || (cd "$root" && mvn -B -q -pl bitnet-engine package -DskipTests)
rm -rf "$stage" && mkdir -p "$stage/lib"
cp "$module"/target/bitnet-engine-*-SNAPSHOT.jar "$stage/lib/bitnet-engine.jar"
rm -f "$stage/lib/bitnet-engine.jar.tmp"
"$jdk/bin/jar" --create --file "$stage/lib/bitnet-engine-tests.jar" -C "$module/target/test-classes" dev

echo "== test dependencies (JUnit jars come from the console launcher)"
(cd "$root" && mvn -B -q -pl bitnet-engine dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$stage/classpath.txt")
tr ':' '\n' < "$stage/classpath.txt" | grep -v -E '/org/junit/|/org/opentest4j/|/org/apiguardian/' | while read -r jar; do
    [ -n "$jar" ] && cp "$jar" "$stage/lib/"
done
rm "$stage/classpath.txt"
(cd "$root" && mvn -B -q dependency:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$console_version" \
    -DoutputDirectory="$stage/lib")
mv "$stage"/lib/junit-platform-console-standalone-*.jar "$stage/lib/junit-console.jar"

echo "== jlink runtime"
"$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.management,jdk.management,java.logging,java.xml,java.sql,jdk.unsupported,jdk.zipfs \
    --strip-debug --no-man-pages --no-header-files --compress zip-9 --output "$stage/jre"
tar -C "$stage" -czf "$stage/jre.tar.gz" jre
rm -rf "$stage/jre"
cp "$here/run.sh" "$stage/run.sh"
chmod +x "$stage/run.sh"

for dest in "$@"; do
    rm -rf "$dest" && mkdir -p "$dest"
    cp -r "$stage"/. "$dest"/
    echo "== bundle in $dest: $(du -sh "$dest" | cut -f1)"
done
ls -la "$stage" "$stage/lib"
