#!/usr/bin/env python3
"""Writes the java argument file that runs GraalVM's native-image builder without its driver.

GraalVM's `native-image` command (the driver) is not published on Maven Central; the builder itself is
(org.graalvm.nativeimage:svm and its siblings). The driver's work that matters for an honest check is redone here:
  - every META-INF/native-image/**/native-image.properties on the image class path contributes its Args (the
    Micronaut, Netty and AWS SDK jars set class initialization, URL protocols and features there), with the
    driver's API options lowered to the builder's hosted options (-H:...);
  - every reachability-metadata file (reflect-config.json, resource-config.json, reachability-metadata.json...)
    under META-INF/native-image is named to the builder as the driver does (-H:<Kind>Resources=<path>);
  - the builder JVM gets the module flags the driver gives it (module path, upgraded compiler, exports).
An option this file does not know is an error, never silently dropped: the check must build what the release
builds. Mirrors NativeImage.java / APIOptionHandler of the GraalVM driver (substratevm/src/com.oracle.svm.driver).

Usage: native-image-args.py --jdk JDK --builder-dir DIR --classpath CP --main CLASS --name NAME --out-dir DIR
                            [--arg OPTION]... > argfile
"""
import argparse
import hashlib
import os
import re
import shlex
import subprocess
import sys
import uuid
import zipfile

# MetaInfFileType of the driver: reachability metadata file name -> the builder option naming it
CONFIG_FILES = {
    "reflect-config.json": "ReflectionConfigurationResources",
    "resource-config.json": "ResourceConfigurationResources",
    "jni-config.json": "JNIConfigurationResources",
    "proxy-config.json": "DynamicProxyConfigurationResources",
    "serialization-config.json": "SerializationConfigurationResources",
    "predefined-classes-config.json": "PredefinedClassesConfigurationResources",
    "reachability-metadata.json": "ReachabilityMetadataResources",
}

# API options (@APIOption in the builder's classes) -> hosted options. Those with a value transformer are
# functions of the value.
def _init(suffix):
    return lambda v: "-H:ClassInitialization=" + ",".join(p + suffix for p in v.split(",") if p)


VALUE_OPTIONS = {
    "--initialize-at-build-time": _init(":build_time"),
    "--initialize-at-run-time": _init(":run_time"),
    "--enable-url-protocols": lambda v: "-H:EnableURLProtocols=" + v,
    "--features": lambda v: "-H:Features=" + v,
    "--link-at-build-time": lambda v: "-H:LinkAtBuildTime=" + v,
    "-march": lambda v: "-H:MicroArchitecture=" + v,
    "--trace-class-initialization": lambda v: "-H:TraceClassInitialization=" + v,
}
# System properties the driver always gives the builder JVM (NativeImage.completeImageBuild in GraalVM's
# substratevm/src/com.oracle.svm.driver/src/com/oracle/svm/driver/NativeImage.java). They change what the builder
# sees, not just how fast it runs:
#  - without disableEagerInitialization, the JDK's LambdaMetafactory links every non-capturing lambda to an instance
#    it creates at link time, so each such lambda becomes a constant in the image heap, and the builder refuses it
#    whenever the lambda's class is initialized at run time (its interface has default methods and is not marked
#    --initialize-at-build-time: Micronaut's RequestArgumentBinder lambdas in DefaultRequestBinderRegistry, ...).
#    With it, the call site reads the lambda class's static instance field, initialized with that class.
#  - the two older spellings of the same switch, which the driver still sets;
#  - method-handle profiling off (records' equals/hashCode are method-handle trees the builder must fold).
DRIVER_BUILDER_PROPERTIES = [
    "-Djdk.internal.lambda.disableEagerInitialization=true",
    "-Djdk.internal.lambda.eagerlyInitialize=false",
    "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false",
    "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
    "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false",
]

FLAG_OPTIONS = {
    "--no-fallback": "-H:FallbackThreshold=0",
    "--enable-http": "-H:EnableURLProtocols=http",
    "--enable-https": "-H:EnableURLProtocols=https",
    "--install-exit-handlers": "-H:+InstallExitHandlers",
    "--link-at-build-time": "-H:LinkAtBuildTime=",
    "--enable-all-security-services": None,  # no-op since GraalVM 21 (security services are always there)
    "--report-unsupported-elements-at-runtime": None,  # deprecated no-op (the default since GraalVM 23)
}


def lower(option, origin):
    """One driver option -> zero or one builder option; unknown options are an error."""
    if option.startswith("-H:"):
        return option
    if option in FLAG_OPTIONS:
        return FLAG_OPTIONS[option]
    name, sep, value = option.partition("=")
    if sep and name in VALUE_OPTIONS:
        return VALUE_OPTIONS[name](value)
    sys.exit(f"native-image-args: unsupported native-image option {option!r} (from {origin}); "
             "teach scripts/lib/native-image-args.py its lowering (see GraalVM's APIOption list)")


def parse_properties(text):
    """java.util.Properties subset: comments, line continuations, key=value / key:value / key value."""
    props, logical = {}, ""
    for raw in text.splitlines():
        line = raw.strip() if not logical else raw.lstrip()
        if not logical and (not line or line[0] in "#!"):
            continue
        if line.endswith("\\") and not line.endswith("\\\\"):
            logical += line[:-1]
            continue
        logical += line
        m = re.match(r"([^=:\s]+)\s*[=:\s]\s*(.*)$", logical)
        if m:
            props[m.group(1)] = m.group(2)
        logical = ""
    return props


def meta_inf_entries(entry):
    """(relative path, reader) of each file under META-INF/native-image of a class path entry."""
    prefix = "META-INF/native-image/"
    if os.path.isdir(entry):
        root = os.path.join(entry, prefix)
        for base, _, files in os.walk(root):
            for f in sorted(files):
                full = os.path.join(base, f)
                rel = os.path.relpath(full, entry).replace(os.sep, "/")
                yield rel, (lambda p=full: open(p, encoding="utf-8").read())
    elif entry.endswith(".jar") and os.path.isfile(entry):
        with zipfile.ZipFile(entry) as z:
            names = sorted(n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/"))
            contents = {n: z.read(n).decode("utf-8") for n in names}
        for n in names:
            yield n, (lambda n=n: contents[n])


def image_args(classpath):
    """The builder options that the class path's META-INF/native-image contributes, in class path order."""
    out = []
    for entry in classpath:
        for rel, read in meta_inf_entries(entry):
            base = rel.rsplit("/", 1)[-1]
            origin = f"{os.path.basename(entry)}!/{rel}"
            if base == "native-image.properties":
                props = parse_properties(read())
                if props.get("JavaArgs"):
                    sys.exit(f"native-image-args: JavaArgs in {origin} is not supported here")
                component = "/".join(rel.split("/")[:-1])
                for option in shlex.split(props.get("Args", "")):
                    option = option.replace("${.}", component)
                    lowered = lower(option, origin)
                    if lowered:
                        out.append(lowered)
            elif base in CONFIG_FILES:
                out.append(f"-H:{CONFIG_FILES[base]}={rel}")
    return out


def describe_module(jdk, jar):
    res = subprocess.run([os.path.join(jdk, "bin", "jar"), "--describe-module", "--file", jar],
                         check=True, capture_output=True, text=True)
    return res.stdout.split()[0]


CONCEALED = """
import java.lang.module.ModuleDescriptor;
class Concealed {
  public static void main(String[] a) {
    for (var m : ModuleLayer.boot().modules()) {
      var d = m.getDescriptor();
      var open = new java.util.HashSet<String>();
      for (var e : d.exports()) if (!e.isQualified()) open.add(e.source());
      for (var p : d.packages()) if (!open.contains(p)) System.out.println(d.name() + "/" + p);
    }
  }
}
"""


def concealed_packages(jdk, out_dir, graph):
    """module/package of every package the JDK's modules do not export to everyone: the builder reaches into
    them (JVMCI, java.base internals, jdk.management...) as a GraalVM JDK lets it."""
    src = os.path.join(out_dir, "Concealed.java")
    with open(src, "w") as f:
        f.write(CONCEALED)
    # in the builder's own module graph, so every module named is one the builder resolves
    res = subprocess.run([os.path.join(jdk, "bin", "java"), *graph, src],
                         check=True, capture_output=True, text=True)
    return sorted(set(res.stdout.split()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jdk", required=True)
    ap.add_argument("--builder-dir", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--main", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--xmx", default="6g")
    ap.add_argument("--arg", action="append", default=[], help="a native-image option, as the release gives it")
    a = ap.parse_args()

    jars = sorted(os.path.join(a.builder_dir, j) for j in os.listdir(a.builder_dir) if j.endswith(".jar"))
    compiler = [j for j in jars if os.path.basename(j).startswith("compiler-")]
    if len(compiler) != 1:
        sys.exit(f"native-image-args: expected one compiler-*.jar in {a.builder_dir}")
    module_path = [j for j in jars if j not in compiler]
    modules = sorted({describe_module(a.jdk, j) for j in jars})
    targets = ",".join(modules)

    classpath = [p for p in a.classpath.split(os.pathsep) if p]
    user = [lower(o, "the release's build arguments") for o in a.arg]
    builder = [o for o in image_args(classpath) + user if o]

    jvm = [
        "-XX:+UseParallelGC", "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:-UseJVMCICompiler",
        f"-Xmx{a.xmx}", "-Xss10m", "-Xshare:off", "-Djava.awt.headless=true",
        "-Dcom.oracle.graalvm.isaot=true",
        "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
        "-Dorg.graalvm.nativeimage.imagecode=buildtime",
        "-Dtruffle.TrustAllTruffleRuntimeProviders=true",
        "-Dgraalvm.locatorDisabled=true",
        *DRIVER_BUILDER_PROPERTIES,
        "--upgrade-module-path", compiler[0],
        "--module-path", os.pathsep.join(module_path),
        "--enable-native-access=" + targets,
        "--add-modules=ALL-DEFAULT",
    ]
    # Temurin's JVMCI exports only to its own (stub) compiler; the builder and the real compiler need them all,
    # and the builder reaches into java.base internals as the driver's flags allow it to.
    # the image is built from a class path: like the driver, resolve the JDK's default modules beside the builder
    graph = ["--upgrade-module-path", compiler[0], "--module-path", os.pathsep.join(module_path),
             "--add-modules=ALL-DEFAULT,org.graalvm.nativeimage.builder"]
    for pkg in concealed_packages(a.jdk, a.out_dir, graph):
        jvm.append(f"--add-exports={pkg}={targets}")
    jvm += ["--module", "org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner"]

    build = [
        "-imagecp", os.pathsep.join(classpath),
        f"-H:Path={a.out_dir}",
        # the relocatable object is written into the builder's temporary build directory, which it deletes at exit
        # unless TempDirectory is given (svm 25.0.2 TemporaryBuildDirectoryProviderImpl: SVM-* from
        # Files.createTempDirectory with deleteTempDirectory=true, else <TempDirectory>/SVM-<millis>, kept)
        f"-H:TempDirectory={os.path.join(a.out_dir, 'tmp')}",
        f"-H:Name={a.name}",
        f"-H:Class={a.main}",
        # the driver derives the build id from its arguments; the same inputs give the same id
        "-H:ImageBuildID=" + str(uuid.UUID(bytes=hashlib.md5("\0".join(classpath + builder).encode()).digest())),
    ] + builder
    for arg in jvm + build:
        # java @argfile syntax: quote every argument
        print('"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"')


if __name__ == "__main__":
    main()
