# The JVM flags an app's image ships with: JDK_JAVA_OPTIONS in <app>/src/main/docker/Dockerfile.jvm.
# Sourced by bench/run.sh and policy-service/bench/*.sh, so that measurements run the collector and heap
# the image runs (deploy-tests' JvmHeapTest checks those flags against the manifests).
image_java_options() { # repository-root app-directory
  sed -n 's/.*JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' "$1/$2/src/main/docker/Dockerfile.jvm"
}
