package io.strata.benchmarks;

import io.strata.benchmarks.MetricSeriesReporter.Kind;
import io.strata.cli.FlowReport;
import io.strata.cli.Pipelines;
import io.strata.demo.GeneratedTrade;
import io.strata.demo.RecordKind;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradeAvro;
import io.strata.demo.TradingEventSource;
import io.strata.demo.TradingScenario;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What lineage costs the generated trading job: its throughput with the layer-edge counters on and
 * off ({@link RunOptions#lineage()}), alternately in this one JVM over the same pre-loaded topic,
 * as a ratio of medians; and how many metric series the job registers at parallelism 1, 2, 4 and 8,
 * by kind, to show that Strata's counters grow linearly with parallelism while Flink's latency
 * histograms at subtask granularity grow with its square.
 *
 * <pre>
 * bin/bench lineage [--trades 1000000] [--rounds 3] [--skip-load] [--seed 42]
 *                   [--series-trades 20000] [--parallelism 1,2,4,8] [--latency-granularity subtask|operator|off]
 *                   [--only throughput|series] [--bootstrap host:port]
 * </pre>
 *
 * <p>Throughput is measured as in {@link TradingBenchmark} (parallelism 1, object reuse, no
 * checkpoints, every DWD and DWS table into a discarding sink): seconds are Flink's net runtime,
 * "read ev/s" the source's rate between its first and last record, "ev/cpu-s" the records per CPU
 * second this JVM used. Rounds alternate the order (on-off, off-on, ...) so that a drift in the
 * machine's load falls on both alike.
 */
public final class LineageBenchmark {

  static final String USAGE =
      """
      usage: LineageBenchmark --bootstrap host:port [--trades N] [--rounds R] [--skip-load] [--seed S]
                              [--series-trades N] [--parallelism 1,2,4,8]
                              [--latency-granularity subtask|operator|off] [--only throughput|series]
        --trades N               Avro trades pre-loaded for the throughput rounds (default 1000000)
        --rounds R               measured rounds after one warm-up round; each runs the job with
                                 lineage on and off (default 3)
        --skip-load              reuse the topic a previous run loaded (same N and seed)
        --series-trades N        trades in the small 8-partition topic the series count reads (default 20000)
        --parallelism            parallelisms the series are counted at (default 1,2,4,8)
        --latency-granularity    Flink latency tracking during the series count (interval 20 ms):
                                 subtask (default: per source subtask x operator subtask, the square),
                                 operator (Flink's default granularity when tracking is on) or off
        --only                   throughput or series: run only that part""";

  record Args(
      String bootstrap,
      int trades,
      int rounds,
      boolean skipLoad,
      long seed,
      int seriesTrades,
      List<Integer> parallelisms,
      String latencyGranularity,
      String only) {}

  /** One throughput run. */
  record Run(
      boolean lineage,
      int round,
      long records,
      double seconds,
      double readEventsPerSecond,
      double wallSeconds,
      double cpuSeconds,
      Map<String, Long> rows) {
    double eventsPerSecond() {
      return records / seconds;
    }

    double eventsPerCpuSecond() {
      return records / cpuSeconds;
    }

    String label() {
      return lineage ? "lineage on" : "lineage off";
    }
  }

  /** The series one run of the job registered, at a parallelism. */
  record Series(int parallelism, Map<Kind, Long> counts) {
    long count(Kind k) {
      return counts.getOrDefault(k, 0L);
    }

    /** Every series of the job (not the cluster's own JVM and slot metrics). */
    long jobTotal() {
      return counts.entrySet().stream()
          .filter(e -> e.getKey() != Kind.CLUSTER)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /** Flink's own operator, task and job series. */
    long flink() {
      return count(Kind.OPERATOR) + count(Kind.TASK) + count(Kind.JOB);
    }
  }

  static final TableRef ODS_TRADES = new TableRef(Layer.ODS, "trades");
  private static final String SOURCE = "Source: " + ODS_TRADES + "/source";
  private static final int SERIES_PARTITIONS = 8;
  private static final long LATENCY_INTERVAL_MS = 20;

  private final Args args;

  private LineageBenchmark(Args args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Args a;
    try {
      a = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (a == null) {
      System.out.println(USAGE);
      return;
    }
    System.exit(new LineageBenchmark(a).run());
  }

  /** The command line, read by picocli like the CLI's; {@link #USAGE} is the help text. */
  @Command(name = "LineageBenchmark")
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true)
    boolean help;

    @Option(names = "--bootstrap")
    String bootstrap = System.getenv("STRATA_KAFKA_BOOTSTRAP");

    @Option(names = "--trades", converter = Count.class)
    int trades = 1_000_000;

    @Option(names = "--rounds")
    int rounds = 3;

    @Option(names = "--skip-load")
    boolean skipLoad;

    @Option(names = "--seed")
    long seed = 42;

    @Option(names = "--series-trades", converter = Count.class)
    int seriesTrades = 20_000;

    @Option(names = "--parallelism", split = ",", defaultValue = "1,2,4,8")
    List<Integer> parallelisms;

    @Option(names = "--latency-granularity", defaultValue = "subtask")
    Granularity latencyGranularity;

    @Option(names = "--only")
    Part only;
  }

  enum Granularity {
    subtask,
    operator,
    off
  }

  enum Part {
    throughput,
    series
  }

  /** A count that may be written with separators: 1,000,000 or 1_000_000. */
  static final class Count implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      return Integer.parseInt(v.replace("_", "").replace(",", ""));
    }
  }

  /**
   * The arguments, or null when help was asked for; a bad argument is an IllegalArgumentException.
   */
  static Args parse(String[] argv) {
    Options o = new Options();
    CommandLine cl = new CommandLine(o).setCaseInsensitiveEnumValuesAllowed(true);
    try {
      cl.parseArgs(argv);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (o.help) {
      return null;
    }
    if (o.bootstrap == null || o.bootstrap.isBlank()) {
      throw new IllegalArgumentException("--bootstrap is required (or STRATA_KAFKA_BOOTSTRAP)");
    }
    if (o.trades < 1000
        || o.rounds < 1
        || o.seriesTrades < 100
        || o.parallelisms.isEmpty()
        || o.parallelisms.stream().anyMatch(p -> p < 1)) {
      throw new IllegalArgumentException(
          "--trades must be at least 1000, --rounds at least 1, --series-trades at least 100, parallelisms positive");
    }
    return new Args(
        o.bootstrap,
        o.trades,
        o.rounds,
        o.skipLoad,
        o.seed,
        o.seriesTrades,
        List.copyOf(o.parallelisms),
        o.latencyGranularity.name(),
        o.only == null ? null : o.only.name());
  }

  private int run() throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "strata lineage benchmark: the generated trading job with lineage on and off, same JVM%n");
    System.out.printf(
        "machine   %d cores, JVM %s, max heap %,d MB, Flink %s%n",
        rt.availableProcessors(),
        System.getProperty("java.version"),
        rt.maxMemory() >> 20,
        EnvironmentInformation.getVersion());
    System.out.printf(
        "load      %s before the runs (1-minute average; other processes on this machine skew every number)%n",
        TradingBenchmark.loadAverage());
    int status = 0;
    if (!"series".equals(args.only)) {
      status = throughput();
    }
    if (!"throughput".equals(args.only)) {
      status = Math.max(status, series());
    }
    System.out.printf("load      %s after the runs%n", TradingBenchmark.loadAverage());
    return status;
  }

  // ---------------------------------------------------------------- throughput, lineage on vs off

  private int throughput() throws Exception {
    String topic = BenchTopic.name(TradingBenchmark.Format.AVRO, args.trades, args.seed);
    System.out.printf(
        "settings  avro, %,d trades, seed %d, %d measured rounds + 1 warm-up, parallelism 1, object reuse on, "
            + "checkpointing off, every DWD/DWS table into a discarding sink%n",
        args.trades, args.seed, args.rounds);
    if (!loadTopic(topic, args.trades, 1)) {
      return 2;
    }
    LayerGraph graph =
        Pipelines.load(
            TradingBenchmark.writeConfig(args.bootstrap, topic, TradingBenchmark.Format.AVRO, 1));
    List<Run> runs = new ArrayList<>();
    System.out.println();
    System.out.printf(
        "%-6s %-12s %12s %9s %12s %12s %8s %8s %12s %6s%n",
        "round",
        "job",
        "records",
        "seconds",
        "events/s",
        "read ev/s",
        "wall s",
        "cpu s",
        "ev/cpu-s",
        "load");
    for (int round = 0; round <= args.rounds; round++) {
      boolean onFirst = round % 2 == 0;
      runs.add(report(runOnce(graph, onFirst, round)));
      runs.add(report(runOnce(graph, !onFirst, round)));
    }
    return summarize(runs);
  }

  private boolean loadTopic(String topic, int trades, int partitions) throws Exception {
    if (args.skipLoad) {
      long size = BenchTopic.size(args.bootstrap, topic);
      if (size != trades) {
        System.err.printf(
            "--skip-load: topic %s holds %s records, expected %,d; run without --skip-load%n",
            topic, size < 0 ? "no" : String.format("%,d", size), trades);
        return false;
      }
      System.out.printf("topic     %s (reused, %,d records)%n", topic, size);
      return true;
    }
    TradingScenario.Options scenario =
        TradingScenario.Options.defaults()
            .withTrades(trades)
            .withSeed(args.seed)
            .withMalformedRate(0);
    BenchTopic.Loaded loaded =
        BenchTopic.load(args.bootstrap, topic, scenario, TradingBenchmark.Format.AVRO, partitions);
    System.out.printf(
        "topic     %s: loaded %,d records into %d partition(s) in %.1f s%n",
        topic, trades, partitions, loaded.seconds());
    return true;
  }

  private Run runOnce(LayerGraph graph, boolean lineage, int round) throws Exception {
    RecordCountReporter.reset();
    System.gc();
    Thread.sleep(500);
    Configuration conf = new Configuration();
    RecordCountReporter.enable(conf);
    conf.setString("restart-strategy.type", "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    RunOptions options =
        RunOptions.untilEndOfTopics()
            .withoutSinks()
            .withoutCheckpointing()
            .withConsumerGroupSuffix("." + UUID.randomUUID())
            .withLineage(lineage);
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    List<TableRef> outputs = discardOutputs(graph, ctx);
    TradingBenchmark.Sampler sampler = new TradingBenchmark.Sampler(SOURCE::equals);
    long t0 = System.nanoTime();
    long cpu0 = TradingBenchmark.processCpuNanos();
    JobExecutionResult result = env.execute("bench-lineage-" + (lineage ? "on-" : "off-") + round);
    double cpu = (TradingBenchmark.processCpuNanos() - cpu0) / 1e9;
    double wall = (System.nanoTime() - t0) / 1e9;
    sampler.stop();
    Map<String, Long> rows = new LinkedHashMap<>();
    long read = RecordCountReporter.sum("numRecordsIn", SOURCE::equals);
    rows.put("read", read);
    for (TableRef ref : outputs) {
      rows.put(
          ref.toString(),
          RecordCountReporter.sum("numRecordsIn", n -> n.startsWith(ref + "/discard")));
    }
    if (lineage) {
      FlowReport flow = new FlowReport(graph, result.getAllAccumulatorResults());
      rows.put("counted read", flow.count(ODS_TRADES, "read"));
      if (!flow.imbalances().isEmpty()) {
        System.out.println("  flow does not balance: " + flow.imbalances());
      }
    }
    return new Run(
        lineage,
        round,
        read,
        result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3,
        sampler.readRate(),
        wall,
        cpu,
        rows);
  }

  /**
   * Every DWD and DWS table into a discarding sink, as {@link TradingBenchmark} does; returns them.
   */
  private static List<TableRef> discardOutputs(LayerGraph graph, JobContext ctx) {
    List<TableRef> outputs = new ArrayList<>();
    for (TableRef ref : graph.order()) {
      if (ref.layer() == Layer.DWD || ref.layer() == Layer.DWS) {
        ctx.stream(ref).stream()
            .sinkTo(new DiscardingSink<>())
            .name(ref + "/discard")
            .uid(ref + "/discard");
        outputs.add(ref);
      }
    }
    return outputs;
  }

  private Run report(Run r) {
    String flag =
        r.records == args.trades
            ? ""
            : String.format("   INCOMPLETE: read %,d of %,d", r.records, args.trades);
    System.out.printf(
        "%-6s %-12s %,12d %9.2f %,12.0f %,12.0f %8.2f %8.2f %,12.0f %6.1f%s%n",
        r.round == 0 ? "warmup" : String.valueOf(r.round),
        r.label(),
        r.records,
        r.seconds,
        r.eventsPerSecond(),
        r.readEventsPerSecond,
        r.wallSeconds,
        r.cpuSeconds,
        r.eventsPerCpuSecond(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        flag);
    return r;
  }

  private int summarize(List<Run> all) {
    List<Run> on = all.stream().filter(r -> r.round > 0 && r.lineage).toList();
    List<Run> off = all.stream().filter(r -> r.round > 0 && !r.lineage).toList();
    System.out.println();
    Run lastOn = on.get(on.size() - 1);
    Run lastOff = off.get(off.size() - 1);
    System.out.println("rows, last runs        lineage on   lineage off");
    boolean same = true;
    for (String k : lastOff.rows.keySet()) {
      boolean equal = lastOn.rows.get(k).equals(lastOff.rows.get(k));
      same &= equal;
      System.out.printf(
          "  %-20s %,12d %,13d%s%n",
          k, lastOn.rows.get(k), lastOff.rows.get(k), equal ? "" : "   DIFFER");
    }
    System.out.printf(
        "  %-20s %,12d %13s%n", "counted read", lastOn.rows.get("counted read"), "(no counters)");
    System.out.println();
    double onEps = median(on, Run::eventsPerSecond);
    double offEps = median(off, Run::eventsPerSecond);
    System.out.printf(
        "median    lineage on  %,.0f ev/s  (read phase %,.0f ev/s, %,.0f ev per CPU-second)%n",
        onEps, median(on, Run::readEventsPerSecond), median(on, Run::eventsPerCpuSecond));
    System.out.printf(
        "median    lineage off %,.0f ev/s  (read phase %,.0f ev/s, %,.0f ev per CPU-second)%n",
        offEps, median(off, Run::readEventsPerSecond), median(off, Run::eventsPerCpuSecond));
    System.out.println();
    System.out.printf("lineage on / off: %.3f  (wall clock, net runtime)%n", onEps / offEps);
    System.out.printf(
        "read phase only:  %.3f%n",
        median(on, Run::readEventsPerSecond) / median(off, Run::readEventsPerSecond));
    System.out.printf(
        "per CPU-second:   %.3f%n",
        median(on, Run::eventsPerCpuSecond) / median(off, Run::eventsPerCpuSecond));
    // Each round's two runs ran back to back, under much the same load: their ratio is steadier.
    List<double[]> pairs = new ArrayList<>();
    for (Run r : on) {
      off.stream()
          .filter(o -> o.round == r.round)
          .findFirst()
          .ifPresent(
              o ->
                  pairs.add(
                      new double[] {
                        r.eventsPerSecond() / o.eventsPerSecond(),
                        r.eventsPerCpuSecond() / o.eventsPerCpuSecond()
                      }));
    }
    System.out.printf(
        "per round, on / off: wall clock %s, per CPU-second %s; medians %.3f and %.3f%n",
        pairs.stream().map(x -> String.format("%.2f", x[0])).toList(),
        pairs.stream().map(x -> String.format("%.2f", x[1])).toList(),
        medianOf(pairs.stream().mapToDouble(x -> x[0]).toArray()),
        medianOf(pairs.stream().mapToDouble(x -> x[1]).toArray()));
    System.out.println();
    boolean complete = all.stream().allMatch(r -> r.records == args.trades);
    if (!complete || !same) {
      System.out.println(
          "WARNING: "
              + (!complete
                  ? "some runs did not read every record of the topic"
                  : "the two jobs' outputs differ")
              + "; their numbers are not comparable");
      return 3;
    }
    return 0;
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    return medianOf(runs.stream().mapToDouble(f).toArray());
  }

  private static double medianOf(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  // ---------------------------------------------------------------- metric series per parallelism

  private int series() throws Exception {
    String topic =
        BenchTopic.name(TradingBenchmark.Format.AVRO, args.seriesTrades, args.seed)
            + ".p"
            + SERIES_PARTITIONS;
    System.out.println();
    System.out.printf(
        "series    the job reading %,d trades from %d partitions until it has taken them all, at parallelism %s; "
            + "latency tracking %s%n",
        args.seriesTrades,
        SERIES_PARTITIONS,
        args.parallelisms,
        args.latencyGranularity.equals("off")
            ? "off"
            : "every " + LATENCY_INTERVAL_MS + " ms, granularity " + args.latencyGranularity);
    if (!loadTopic(topic, args.seriesTrades, SERIES_PARTITIONS)) {
      return 2;
    }
    List<Series> all = new ArrayList<>();
    for (int p : args.parallelisms) {
      LayerGraph graph =
          Pipelines.load(
              TradingBenchmark.writeConfig(args.bootstrap, topic, TradingBenchmark.Format.AVRO, p));
      RunOptions options =
          RunOptions.continuous()
              .withoutSinks()
              .withoutCheckpointing()
              .withConsumerGroupSuffix("." + UUID.randomUUID());
      all.add(
          countSeries(
              graph,
              options,
              p,
              args.latencyGranularity.equals("off") ? null : args.latencyGranularity,
              ODS_TRADES,
              args.seriesTrades));
      System.out.printf("          parallelism %d counted%n", p);
    }
    System.out.println();
    System.out.print(render(all, !args.latencyGranularity.equals("off")));
    String law = linearLaw(all);
    System.out.println(law);
    if (!args.latencyGranularity.equals("off")) {
      System.out.println(
          latencyLaw(all)
              + (args.latencyGranularity.equals("subtask")
                  ? "\n  (p: operators chained to their source see only its own subtask; p²: operators behind a shuffle see every source subtask)"
                  : "\n  (one histogram per source and operator subtask, whatever the source's parallelism)"));
    }
    return law.startsWith("linear") ? 0 : 3;
  }

  /**
   * Runs the composed job once on a fresh MiniCluster with {@code parallelism} slots and counts the
   * series it registers. A bounded job runs to its end; an unbounded one until it has read {@code
   * expectedRecords} and no new series appeared for 3 s (latency histograms appear when the first
   * marker from a source subtask reaches an operator subtask), then is cancelled.
   */
  static Series countSeries(
      LayerGraph graph,
      RunOptions options,
      int parallelism,
      String latencyGranularity,
      TableRef source,
      long expectedRecords)
      throws Exception {
    Configuration conf = new Configuration();
    MetricSeriesReporter.enable(conf);
    RecordCountReporter.enable(conf);
    conf.setString("restart-strategy.type", "none");
    conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
    if (latencyGranularity != null) {
      conf.setString("metrics.latency.interval", LATENCY_INTERVAL_MS + " ms");
      conf.setString("metrics.latency.granularity", latencyGranularity);
    }
    MetricSeriesReporter.reset();
    RecordCountReporter.reset();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    discardOutputs(graph, ctx);
    if (options.boundedSources()) {
      env.execute("series-p" + parallelism);
      return new Series(parallelism, MetricSeriesReporter.counts());
    }
    JobClient job = env.executeAsync("series-p" + parallelism);
    try {
      String sourceName = "Source: " + source + "/source";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long lastTotal = -1;
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadline) {
        Thread.sleep(250);
        long total =
            MetricSeriesReporter.counts().values().stream().mapToLong(Long::longValue).sum();
        if (total != lastTotal) {
          lastTotal = total;
          quietSince = System.nanoTime();
        }
        boolean readAll =
            RecordCountReporter.sum("numRecordsIn", sourceName::equals) >= expectedRecords;
        if (readAll && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
          break;
        }
      }
      return new Series(parallelism, MetricSeriesReporter.counts());
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
      try {
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
      } catch (Exception expected) {
        // cancelled
      }
    }
  }

  static String render(List<Series> all, boolean latency) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-11s %8s %9s %10s %9s %9s %10s %12s %9s%n",
            "parallelism",
            "strata",
            "strata/p",
            "flink own",
            "flink/p",
            "latency",
            "latency/p²",
            "job total",
            "cluster"));
    for (Series s : all) {
      int p = s.parallelism;
      out.append(
          String.format(
              "%-11d %8d %9.1f %10d %9.1f %9s %10s %12d %9d%n",
              p,
              s.count(Kind.STRATA),
              s.count(Kind.STRATA) / (double) p,
              s.flink(),
              s.flink() / (double) p,
              latency ? String.valueOf(s.count(Kind.LATENCY)) : "-",
              latency ? String.format("%.1f", s.count(Kind.LATENCY) / (double) (p * p)) : "-",
              s.jobTotal(),
              s.count(Kind.CLUSTER)));
    }
    out.append(
        "strata: Strata's layer-edge counters; flink own: Flink's operator, task and job metrics; latency: Flink's\n"
            + "latency histograms (only with metrics.latency.interval set); job total: all of the job's series; cluster:\n"
            + "the MiniCluster's JVM and slot metrics, there without any job.\n");
    return out.toString();
  }

  /**
   * "linear: ..." when the Strata series at every parallelism p are p times those at the smallest,
   * otherwise why not.
   */
  static String linearLaw(List<Series> all) {
    Series base = all.get(0);
    long perSubtask = base.count(Kind.STRATA) / base.parallelism;
    if (perSubtask == 0 || perSubtask * base.parallelism != base.count(Kind.STRATA)) {
      return "NOT linear: "
          + base.count(Kind.STRATA)
          + " Strata series at parallelism "
          + base.parallelism;
    }
    for (Series s : all) {
      if (s.count(Kind.STRATA) != perSubtask * s.parallelism) {
        return String.format(
            "NOT linear: %d Strata series at parallelism %d, expected %d x %d",
            s.count(Kind.STRATA), s.parallelism, perSubtask, s.parallelism);
      }
    }
    return String.format(
        "linear: Strata series = %d x parallelism at every parallelism measured", perSubtask);
  }

  /**
   * The latency histograms as {@code a x p + b x p²}, fitted to the two smallest parallelisms and
   * checked against the others. At granularity subtask, operators chained to their source see only
   * their own source subtask (linear), those behind a shuffle see every source subtask (the
   * square).
   */
  static String latencyLaw(List<Series> all) {
    if (all.size() < 2) {
      return "latency: too few parallelisms to fit";
    }
    long p1 = all.get(0).parallelism;
    long p2 = all.get(1).parallelism;
    long l1 = all.get(0).count(Kind.LATENCY);
    long l2 = all.get(1).count(Kind.LATENCY);
    // l = a p + b p^2  =>  l/p = a + b p
    double b = ((double) l2 / p2 - (double) l1 / p1) / (p2 - p1);
    double a = (double) l1 / p1 - b * p1;
    boolean fits =
        all.stream()
            .allMatch(
                s ->
                    Math.abs(
                            a * s.parallelism
                                + b * s.parallelism * s.parallelism
                                - s.count(Kind.LATENCY))
                        < 0.5);
    return String.format(
        "latency: %.0f x p + %.0f x p² %s",
        a,
        b,
        fits
            ? "at every parallelism measured"
            : "fitted to the first two parallelisms only; the others differ (not every source subtask's marker reached every operator subtask?)");
  }

  /** Valid trades of the scenario as JSON objects, for a job given its records instead of Kafka. */
  static List<byte[]> givenTrades(int trades, long seed) throws Exception {
    TradingScenario.Options options =
        TradingScenario.Options.defaults().withTrades(trades).withSeed(seed).withMalformedRate(0);
    TradingEventSource source =
        TradingEventSource.planned(options.withQuotesPerTrade(0), TradeAvro.fromClasspath());
    List<byte[]> out = new ArrayList<>();
    for (int slot = 0; slot < trades; slot++) {
      for (ScenarioRecord r : source.next()) {
        if (r.isTrade()
            && r.kind() == RecordKind.TRADE
            && r.description() instanceof GeneratedTrade t) {
          out.add(BenchTopic.json(t));
        }
      }
    }
    return out;
  }

  static Path config(String bootstrap, String topic, int parallelism) throws Exception {
    return TradingBenchmark.writeConfig(
        bootstrap, topic, TradingBenchmark.Format.AVRO, parallelism);
  }
}
