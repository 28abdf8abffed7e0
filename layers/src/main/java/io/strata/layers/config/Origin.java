package io.strata.layers.config;

import com.typesafe.config.ConfigOrigin;
import java.io.Serializable;
import java.nio.file.Path;

/** Where a config value came from: file and line, printed as {@code file:line}. */
public record Origin(String file, int line) implements Serializable {

  public static final Origin UNKNOWN = new Origin("<unknown>", -1);

  public static Origin of(ConfigOrigin origin) {
    if (origin == null) {
      return UNKNOWN;
    }
    String file = origin.filename();
    if (file == null) {
      file = origin.resource() != null ? origin.resource() : origin.description();
    } else {
      file = relativize(file);
    }
    return new Origin(file, origin.lineNumber());
  }

  private static String relativize(String file) {
    try {
      Path abs = Path.of(file).toAbsolutePath().normalize();
      Path cwd = Path.of("").toAbsolutePath();
      return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    } catch (RuntimeException e) {
      return file;
    }
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
