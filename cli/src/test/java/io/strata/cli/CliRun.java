package io.strata.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs {@link StrataCli#execute} in-process with stdout and stderr captured. */
final class CliRun {
  /** The repository root: tests run with the module folder as working directory. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path TRADING = ROOT.resolve("configs/trading/pipeline.conf");

  private CliRun() {}

  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }

    /** Lines that look like a JVM stack trace. */
    List<String> stackTraceLines() {
      return all()
          .lines()
          .filter(
              l ->
                  l.startsWith("\tat ")
                      || l.matches("\\s+at [\\w.$]+\\(.*\\)")
                      || l.contains("Exception in thread")
                      || l.startsWith("Caused by: "))
          .toList();
    }
  }

  static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      code = StrataCli.execute(args);
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(
        code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
  }
}
