# shellcheck shell=bash
# What a GraalVM distribution brings beside the builder jars, made here for scripts/native-check. Source it.
# Maven Central publishes the builder's Java code only; a GraalVM home also has a few native files under
# lib/svm/. Those the build up to the object file needs are rebuilt from what the builder's classes declare.

# native_builder_support JARS DIR JDK: sets support_java (the java to run the builder with), support_args
# (builder options) and support_env (environment), making DIR once.
native_builder_support() {
  local jars=$1 dir=$2 jdk=$3
  # shellcheck disable=SC2034 # read by the caller (scripts/native-check)
  support_java=$dir/jdk/bin/java support_args=("-H:CLibraryPath=$dir/clibraries") support_env=()
  [[ -f $dir/.complete ]] && return 0
  step "Preparing the builder's native helpers in $dir"
  rm -rf "$dir"
  mkdir -p "$dir"

  # The builder loads <java.home>/lib/svm/builder/lib/libreporterchelper.so (ProgressReporterCHelper: terminal
  # width and peak RSS for its progress lines). A private JDK home keeps the system JDK untouched: hard links
  # where the file system allows (no copy of the 300 MB), a copy otherwise.
  cp -al "$jdk" "$dir/jdk" 2>/dev/null || { rm -rf "$dir/jdk"; cp -a "$jdk" "$dir/jdk"; }
  mkdir -p "$dir/jdk/lib/svm/builder/lib"
  cat >"$dir/reporterchelper.c" <<'C'
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>
/* the two natives of com.oracle.svm.hosted.ProgressReporterCHelper */
JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *e, jclass c) {
  struct winsize w;
  return ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 ? w.ws_col : 0;
}
JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *e, jclass c) {
  struct rusage u;
  return getrusage(RUSAGE_SELF, &u) == 0 ? (jlong)u.ru_maxrss * 1024 : -1; /* Linux: ru_maxrss in KiB */
}
C
  gcc -shared -fPIC -O2 -I"$jdk/include" -I"$jdk/include/linux" -o "$dir/jdk/lib/svm/builder/lib/libreporterchelper.so" \
    "$dir/reporterchelper.c" || die "could not build the builder's reporter helper"
  # The headers of GraalVM's C helpers (CPU features, locale) that the builder's C queries include.
  "$jdk/bin/java" -cp "$jars/*" "$ONAIR_ROOT/scripts/lib/native-builder/CHeaders.java" "$dir/clibraries" ||
    die "could not write the builder's C headers"
  touch "$dir/.complete"
}
