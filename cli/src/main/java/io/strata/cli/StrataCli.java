package io.strata.cli;

import io.strata.layers.config.Problems;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command line. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    version = "strata 0.1.0",
    description = "Declarative real-time warehouse layers (ODS, DWD, DWS) on Apache Flink.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ExplainCommand.class,
      RunCommand.class,
      TestCommand.class,
      DocsCommand.class,
      GenerateCommand.class,
      PeekCommand.class,
      SampleCommand.class,
      DashboardCommand.class,
      io.strata.cli.cluster.SubmitCommand.class,
      io.strata.cli.cluster.StatusCommand.class,
      io.strata.cli.cluster.StopCommand.class,
      io.strata.cli.cluster.PackageCommand.class,
      LineageCommand.class,
      DimCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StrataCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The chain of causes as one line each, innermost last; no stack frames. */
  static String causes(Throwable ex) {
    StringBuilder sb = new StringBuilder();
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
      String m =
          t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().split("\n")[0];
      if (sb.indexOf(m) < 0) {
        sb.append(sb.length() == 0 ? "" : "\n  caused by: ").append(m);
      }
    }
    return sb.toString();
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command; config problems print as file:line messages, never as stack traces. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new StrataCli());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (ex instanceof Problems.ConfigInvalidException invalid) {
            err.print(invalid.getMessage());
          } else {
            err.println("strata: " + Secrets.redact(causes(ex)));
            if (System.getenv("STRATA_DEBUG") != null) {
              ex.printStackTrace(err);
            }
          }
          err.flush();
          return ex instanceof Problems.ConfigInvalidException ? 1 : 2;
        });
    return cli.execute(args);
  }
}
