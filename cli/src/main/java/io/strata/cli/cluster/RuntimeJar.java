package io.strata.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Strata runtime jar (module runtime) that job jars are made from. */
public final class RuntimeJar {
  static final String RELATIVE = "runtime/target/strata-runtime.jar";

  private RuntimeJar() {}

  /** {@code --runtime-jar}, else STRATA_RUNTIME_JAR, else runtime/target/ of this source tree. */
  public static Path locate(Path explicit) {
    if (explicit != null) {
      return requireFile(explicit, "--runtime-jar");
    }
    String env = System.getenv("STRATA_RUNTIME_JAR");
    if (env != null && !env.isBlank()) {
      return requireFile(Path.of(env), "STRATA_RUNTIME_JAR");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    try {
      Path classes =
          Path.of(RuntimeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = classes; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve(RELATIVE))) {
          return dir.resolve(RELATIVE);
        }
      }
    } catch (Exception ignored) {
      // fall through to the message below
    }
    throw new IllegalStateException(
        "the Strata runtime jar ("
            + RELATIVE
            + ") is not built: run 'mvn -B -q install -DskipTests -pl runtime -am',"
            + " or point STRATA_RUNTIME_JAR / --runtime-jar at it");
  }

  private static Path requireFile(Path p, String from) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(from + " names " + p + ", which is not a file");
    }
    return p;
  }
}
