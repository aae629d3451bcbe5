#!/usr/bin/env bash
# Stages the image's runtime under ROOT, for Jib's extraDirectories on top of the empty 'scratch' base
# (no base image can be pulled here): a jlinked JRE in /opt/java from the build's JDK, the shared
# libraries that it and the native libraries inside the class path's jars link against, copied from
# this host (ldd tells which), and the few files a JVM expects (/tmp, /etc/passwd for the unprivileged
# user, /etc/nsswitch.conf).
# Usage: make-runtime.sh ROOT CLASSPATH_FILE   (JAVA_HOME: the JDK to jlink from; it needs its jmods)
set -euo pipefail

ROOT="$1"
CLASSPATH_FILE="$2"
JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
# Generous rather than minimal: Kafka, Vert.x, Jackson, log4j, OSHI, JMX, fabric8 and Apicurio's client
# reach for these (java.desktop for java.beans; jdk.httpserver for the fleet's control endpoint).
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,\
java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.transaction.xa,java.xml,jdk.attach,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr,\
jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,\
jdk.unsupported,jdk.zipfs
# Native libraries of the GUI, fonts and sound: never loaded by a headless server, and they would pull
# X11, freetype and ALSA into the image.
GRAPHICAL='/(libawt_xawt|libfontmanager|libsplashscreen|libjawt|liblcms|libjavajpeg|libjsound)\.so$'

for tool in ldd unzip; do command -v "$tool" >/dev/null || { echo "make-runtime: $tool is missing" >&2; exit 1; }; done
[[ -d "$JDK/jmods" ]] || { echo "make-runtime: $JDK has no jmods (Debian: openjdk-17-jdk-headless ships them)" >&2; exit 1; }
STAMP="$ROOT/opt/java/release"
if [[ -f "$STAMP" && "$STAMP" -nt "$0" && "$STAMP" -nt "$JDK/release" && "$STAMP" -nt "$CLASSPATH_FILE" ]]; then
  echo "make-runtime: $ROOT is up to date"
  exit 0
fi
rm -rf "$ROOT"
mkdir -p "$ROOT/opt"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$ROOT/opt/java"

# The native libraries the jars unpack at run time (RocksDB, zstd, snappy, lz4, JNA): every platform's
# are in them; ldd answers only for this one's, and RocksDB's still need glibc's libpthread/librt/libdl.
NATIVE="$(mktemp -d)"
trap 'rm -rf "$NATIVE"' EXIT
tr ':' '\n' < "$CLASSPATH_FILE" | grep '\.jar$' | while read -r jar; do
  unzip -qq -o "$jar" '*.so' -d "$NATIVE/$(basename "$jar")" 2>/dev/null || true
done

# every library the launcher, the JVM, the headless JDK libraries and the jars' libraries need, and the
# dynamic loader
copy_lib() { # the file behind a path, at that path under ROOT
  local lib="$1"
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
}
{
  echo "$ROOT/opt/java/bin/java"
  find "$ROOT/opt/java/lib" -name '*.so' | grep -Ev "$GRAPHICAL"
  find "$NATIVE" -name '*.so'
} | while read -r elf; do ldd "$elf" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
  | grep -v "^$ROOT" | sort -u | while read -r lib; do copy_lib "$lib"; done

# JInterface from the OTP installation (Apache-2.0), never Maven Central's 1.6.1, which fails the
# handshake with OTP 23+ nodes (the docker module excludes it from /app/libs): the agent in the image
# watches today's BEAM nodes. NUMBAT_JINTERFACE_JAR names another jar.
jinterface_jar() {
  local found
  for found in ${NUMBAT_JINTERFACE_JAR:-/usr/share/java/OtpErlang.jar /usr/lib/erlang/lib/jinterface-*/priv/OtpErlang.jar}; do
    [[ -f "$found" ]] && { readlink -f "$found"; return 0; }
  done
  return 1
}
OTP_JAR="$(jinterface_jar)" || { echo "make-runtime: no JInterface jar (Debian: apt-get install erlang-jinterface, or set NUMBAT_JINTERFACE_JAR)" >&2; exit 1; }
mkdir -p "$ROOT/opt/jinterface"
cp "$OTP_JAR" "$ROOT/opt/jinterface/OtpErlang.jar"
printf 'JInterface from %s (Erlang/OTP, Apache License 2.0)\n' "$OTP_JAR" > "$ROOT/opt/jinterface/SOURCE"

mkdir -p "$ROOT/tmp" "$ROOT/etc" "$ROOT/var/lib/numbat"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/var/lib/numbat:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
echo "make-runtime: $(du -sh "$ROOT" | cut -f1) in $ROOT"
