package io.strata.tests.support;

import io.strata.cli.StrataCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a `strata` command in this JVM and captures its exit code, standard output and error. */
public final class StrataCliRun {
  private StrataCliRun() {}

  /** What a command printed and returned. */
  public record Result(int exit, String out, String err) {}

  public static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      exit = StrataCli.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }
}
