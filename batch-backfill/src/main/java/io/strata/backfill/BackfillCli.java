package io.strata.backfill;

import io.strata.cli.Pipelines;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backfill}: the archive job and the nightly recompute, in their own JVM (Hive's jars never
 * join the streaming CLI). {@code backfill <pipeline> --date D} is short for {@code backfill run}.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    version = "strata backfill 0.1.0",
    description =
        "Hive archive of ODS tables and the batch recompute that corrects real-time DWS partitions.",
    subcommands = {
      BackfillCli.Archive.class,
      BackfillCli.Run.class,
      BackfillCli.Schedule.class,
      CommandLine.HelpCommand.class
    })
public final class BackfillCli implements Runnable {
  static final Set<String> SUBCOMMANDS =
      Set.of("archive", "run", "schedule", "help", "-h", "--help", "-V", "--version");

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(
      name = "archive",
      description =
          "Archive every ODS table with an archive block into its Hive table (a streaming job).")
  static final class Archive implements Callable<Integer> {
    @Parameters(index = "0", description = "pipeline file")
    Path file;

    @Option(
        names = "--until-end-of-topics",
        description = "archive what the topics hold now, then stop")
    boolean bounded;

    @Override
    public Integer call() throws Exception {
      LayerGraph graph = Pipelines.load(file);
      ArchiveJob.run(graph, bounded);
      System.out.println(
          "archive: " + (bounded ? "topics archived up to their current end" : "stopped"));
      return 0;
    }
  }

  @Command(
      name = "run",
      description =
          "Recompute one day from the archive, diff it with real-time, and swap it in unless the correction is over backfill.max-correction.")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", description = "pipeline file")
    Path file;

    @Option(names = "--date", required = true, description = "event day to recompute, yyyy-MM-dd")
    LocalDate date;

    @Option(
        names = "--layers",
        split = ",",
        description = "DWS tables to recompute (default: backfill.layers, else every DWS table)")
    List<String> layers;

    @Option(
        names = "--force",
        description = "swap even when the correction is over backfill.max-correction")
    boolean force;

    @Option(names = "--dry-run", description = "recompute, stage and report; swap nothing")
    boolean dryRun;

    @Option(
        names = "--report-dir",
        description = "where report.json and report.txt go (default .strata/backfill)")
    Path reportDir = Path.of(".strata", "backfill");

    @Override
    public Integer call() throws Exception {
      return runOnce(Pipelines.load(file), date, layers, force, dryRun, reportDir);
    }
  }

  @Command(
      name = "schedule",
      description =
          "Run the backfill of the previous day on backfill.schedule (cron, 5 fields, pipeline time zone) until stopped.")
  static final class Schedule implements Callable<Integer> {
    @Parameters(index = "0", description = "pipeline file")
    Path file;

    @Option(names = "--report-dir")
    Path reportDir = Path.of(".strata", "backfill");

    @Override
    public Integer call() throws Exception {
      LayerGraph graph = Pipelines.load(file);
      Object cron =
          graph.pipeline().backfill() == null ? null : graph.pipeline().backfill().get("schedule");
      if (cron == null) {
        throw new IllegalArgumentException(
            file + ": backfill.schedule is not set (e.g. schedule = \"30 2 * * *\")");
      }
      BackfillSchedule schedule =
          BackfillSchedule.parse(
              cron.toString(), java.time.ZoneId.of(graph.pipeline().settings().timeZone()));
      while (true) {
        var next = schedule.next(java.time.ZonedDateTime.now(schedule.zone()));
        System.out.println("backfill: next run at " + next);
        Thread.sleep(
            Math.max(
                0,
                java.time.Duration.between(java.time.ZonedDateTime.now(schedule.zone()), next)
                    .toMillis()));
        runOnce(
            Pipelines.load(file), next.toLocalDate().minusDays(1), null, false, false, reportDir);
      }
    }
  }

  static int runOnce(
      LayerGraph graph,
      LocalDate date,
      List<String> layers,
      boolean force,
      boolean dryRun,
      Path reportDir)
      throws Exception {
    List<TableRef> refs = new ArrayList<>();
    if (layers != null) {
      layers.forEach(l -> refs.add(TableRef.parse(l.trim())));
    }
    try {
      CorrectionReport report =
          Backfill.run(new Backfill.Request(graph, date, refs, force, dryRun, reportDir));
      System.out.print(report.text());
      return 0;
    } catch (Backfill.CorrectionRefused refused) {
      System.out.print(refused.report().text());
      System.err.println("backfill: " + refused.getMessage());
      return 3;
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command; problems print as messages, never as stack traces (STRATA_DEBUG shows them).
   */
  public static int execute(String... args) {
    String[] a = args;
    if (a.length > 0 && !SUBCOMMANDS.contains(a[0])) {
      a = new String[args.length + 1];
      a[0] = "run";
      System.arraycopy(args, 0, a, 1, args.length);
    }
    CommandLine cli = new CommandLine(new BackfillCli());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof Problems.ConfigInvalidException invalid) {
            commandLine.getErr().print(invalid.getMessage());
          } else {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = ex; t != null; t = t.getCause()) {
              String m =
                  t.getMessage() == null
                      ? t.getClass().getSimpleName()
                      : t.getMessage().split("\n")[0];
              if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : "\n  caused by: ").append(m);
              }
              if (t.getCause() == t) {
                break;
              }
            }
            commandLine.getErr().println("backfill: " + sb);
            if (System.getenv("STRATA_DEBUG") != null) {
              ex.printStackTrace(commandLine.getErr());
            }
          }
          commandLine.getErr().flush();
          return ex instanceof Problems.ConfigInvalidException ? 1 : 2;
        });
    return cli.execute(a);
  }
}
