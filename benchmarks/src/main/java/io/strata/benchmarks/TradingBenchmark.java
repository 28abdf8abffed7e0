package io.strata.benchmarks;

import io.strata.cli.FlowReport;
import io.strata.cli.Pipelines;
import io.strata.demo.TradeAvro;
import io.strata.demo.TradingScenario;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Events per second of the Strata-generated trading job (trade path) against the same logic
 * hand-written in Flink SQL ({@link HandWrittenTradingSql}), both reading the same pre-loaded topic
 * to its end, alternately (generated, SQL, generated, SQL, ...) in this one JVM, each in a fresh
 * StreamExecutionEnvironment (a fresh MiniCluster). The first round is a discarded warm-up; the
 * medians of the measured rounds are compared as a ratio.
 *
 * <pre>
 * bin/bench [--trades 1000000] [--rounds 3] [--format avro|json] [--sql-watermarks periodic|on-event]
 *           [--sql-plan shared|naive] [--seed 42] [--checkpointing] [--skip-load] [--only generated|sql]
 *           [--bootstrap host:port]
 * </pre>
 *
 * <p>Seconds are the job's net runtime as Flink reports it (from submission to the end of the last
 * task, so task deployment and the Kafka consumer's start are included); "read ev/s" is the rate
 * between the source's first and last record, sampled every 5 ms, which leaves the fixed start-up
 * and the final window firing out; "ev/cpu-s" divides the records by the CPU time this JVM used
 * during the run, which other processes on the machine disturb much less than wall-clock time.
 */
public final class TradingBenchmark {

  /** The topic's encoding. */
  public enum Format {
    /**
     * The bytes the trading pipeline reads (trade.avsc datums). No undecodable records: Flink SQL's
     * avro format cannot skip one, the hand-written job would fail on it.
     */
    AVRO,
    /** The same trades as JSON objects, with the usual rate of unreadable records. */
    JSON
  }

  static final String USAGE =
      """
      usage: TradingBenchmark --bootstrap host:port [--trades N] [--rounds R] [--skip-load]
                              [--format avro|json] [--sql-watermarks periodic|on-event]
                              [--sql-plan shared|naive] [--seed S] [--checkpointing] [--only generated|sql]
                              [--verbose]
        --trades N          records pre-loaded into the benchmark topic (default 1000000)
        --rounds R          measured rounds after one warm-up round (default 3)
        --skip-load         reuse the topic a previous run loaded (same format, N and seed)
        --format            avro (default): the pipeline's own bytes; no undecodable records, since
                            Flink SQL's avro format cannot skip them. json: same trades as JSON,
                            with 2% unreadable records (Strata dead-letters, SQL skips them)
        --sql-watermarks    periodic (default, what Flink SQL does unless told) or on-event (per
                            record, as Strata's ODS does)
        --sql-plan          shared (default): the SQL job computes DWD once for its three INSERTs,
                            as the generated job does (table.optimizer.reuse-optimize-block-with-
                            digest-enabled); naive: Flink's default plan, which filters, shuffles
                            and deduplicates every trade once per INSERT
        --checkpointing     checkpoint both jobs every 10 s, exactly-once (as pipeline.conf); off by default
        --only              run only one of the two jobs (for profiling)
        --verbose           print every operator's record counts after each run""";

  record Args(
      String bootstrap,
      int trades,
      int rounds,
      boolean skipLoad,
      Format format,
      HandWrittenTradingSql.Watermarks sqlWatermarks,
      boolean sqlSharedDwd,
      long seed,
      boolean checkpointing,
      String only,
      boolean verbose) {}

  /** One job run. */
  record Run(
      String job,
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

    /** Records per second of CPU this JVM used during the run: robust against other processes. */
    double eventsPerCpuSecond() {
      return records / cpuSeconds;
    }
  }

  private final Args args;
  private final String topic;
  private Path config;
  private LayerGraph graph;
  private FlowReport lastFlow;

  private TradingBenchmark(Args args) {
    this.args = args;
    this.topic = BenchTopic.name(args.format, args.trades, args.seed);
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
    int status = new TradingBenchmark(a).run();
    System.exit(status);
  }

  static Args parse(String[] argv) {
    String bootstrap = System.getenv("STRATA_KAFKA_BOOTSTRAP");
    int trades = 1_000_000;
    int rounds = 3;
    boolean skipLoad = false;
    boolean checkpointing = false;
    Format format = Format.AVRO;
    HandWrittenTradingSql.Watermarks wm = HandWrittenTradingSql.Watermarks.PERIODIC;
    boolean sharedDwd = true;
    long seed = 42;
    String only = null;
    boolean verbose = false;
    for (int i = 0; i < argv.length; i++) {
      String flag = argv[i];
      switch (flag) {
        case "-h", "--help" -> {
          return null;
        }
        case "--skip-load" -> skipLoad = true;
        case "--checkpointing" -> checkpointing = true;
        case "--verbose" -> verbose = true;
        default -> {
          if (i + 1 >= argv.length) {
            throw new IllegalArgumentException("missing value for " + flag);
          }
          String v = argv[++i];
          try {
            switch (flag) {
              case "--bootstrap" -> bootstrap = v;
              case "--trades" -> trades = Integer.parseInt(v.replace("_", "").replace(",", ""));
              case "--rounds" -> rounds = Integer.parseInt(v);
              case "--format" -> format = Format.valueOf(v.toUpperCase(Locale.ROOT));
              case "--sql-watermarks" -> wm = HandWrittenTradingSql.Watermarks.parse(v);
              case "--seed" -> seed = Long.parseLong(v);
              case "--sql-plan" -> {
                if (!v.equals("shared") && !v.equals("naive")) {
                  throw new IllegalArgumentException("shared or naive");
                }
                sharedDwd = v.equals("shared");
              }
              case "--only" -> {
                if (!v.equals("generated") && !v.equals("sql")) {
                  throw new IllegalArgumentException("generated or sql");
                }
                only = v;
              }
              default -> throw new IllegalArgumentException("unknown option " + flag);
            }
          } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
              throw e;
            }
            throw new IllegalArgumentException("bad value for " + flag + ": " + v);
          }
        }
      }
    }
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("--bootstrap is required (or STRATA_KAFKA_BOOTSTRAP)");
    }
    if (trades < 1000 || rounds < 1) {
      throw new IllegalArgumentException("--trades must be at least 1000 and --rounds at least 1");
    }
    return new Args(
        bootstrap,
        trades,
        rounds,
        skipLoad,
        format,
        wm,
        sharedDwd,
        seed,
        checkpointing,
        only,
        verbose);
  }

  /**
   * The scenario: the usual rates, except no undecodable records on the Avro topic (see {@link
   * Format}).
   */
  static TradingScenario.Options scenario(Args a) {
    TradingScenario.Options o =
        TradingScenario.Options.defaults().withTrades(a.trades).withSeed(a.seed);
    return a.format == Format.AVRO ? o.withMalformedRate(0) : o;
  }

  private int run() throws Exception {
    printSetup();
    if (args.skipLoad) {
      long size = BenchTopic.size(args.bootstrap, topic);
      if (size != args.trades) {
        System.err.printf(
            "--skip-load: topic %s holds %s records, expected %,d; run without --skip-load%n",
            topic, size < 0 ? "no" : String.format("%,d", size), args.trades);
        return 2;
      }
      System.out.printf("topic     %s (reused, %,d records)%n", topic, size);
    } else {
      BenchTopic.Loaded loaded =
          BenchTopic.load(args.bootstrap, topic, scenario(args), args.format);
      System.out.printf(
          "topic     %s: loaded %,d records in %.1f s%n", topic, args.trades, loaded.seconds());
      StringBuilder kinds = new StringBuilder();
      loaded
          .kinds()
          .forEach((k, n) -> kinds.append(String.format("%s %,d  ", k.name().toLowerCase(), n)));
      System.out.println("          " + kinds.toString().trim());
      System.out.printf(
          "          %,d records advance the event-time maximum (a per-record watermark each)%n",
          loaded.watermarkAdvances());
    }
    config = writeConfig();
    graph = Pipelines.load(config);

    List<Run> runs = new ArrayList<>();
    System.out.println();
    System.out.printf(
        "%-6s %-18s %12s %9s %12s %12s %8s %8s %12s %6s%n",
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
      if (!"sql".equals(args.only)) {
        runs.add(report(runGenerated(round)));
      }
      if (!"generated".equals(args.only)) {
        runs.add(report(runSql(round)));
      }
    }
    return summarize(runs);
  }

  private void printSetup() {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "strata trading benchmark: generated job vs hand-written Flink SQL, same JVM%n");
    System.out.printf(
        "machine   %d cores, JVM %s, max heap %,d MB, Flink %s%n",
        rt.availableProcessors(),
        System.getProperty("java.version"),
        rt.maxMemory() >> 20,
        EnvironmentInformation.getVersion());
    System.out.printf(
        "load      %s before the runs (1-minute average; other processes on this machine skew every number)%n",
        loadAverage());
    System.out.printf(
        "jvm args  %s%n",
        String.join(
            " ",
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> !s.startsWith("--add-"))
                .toList()));
    System.out.printf(
        "settings  format %s, %,d trades, seed %d, %d measured rounds + 1 warm-up, parallelism 1, "
            + "object reuse on, checkpointing %s, SQL watermarks %s, SQL plan %s%n",
        args.format.name().toLowerCase(),
        args.trades,
        args.seed,
        args.rounds,
        args.checkpointing ? "every 10 s exactly-once" : "off",
        args.sqlWatermarks.option,
        args.sqlSharedDwd ? "shared DWD" : "naive (DWD per INSERT)");
  }

  /** The benchmark copy of the pipeline, filled in and written next to trade.avsc in a temp dir. */
  private Path writeConfig() throws IOException {
    return writeConfig(args.bootstrap, topic, args.format, 1);
  }

  /**
   * The benchmark pipeline for a topic, at a parallelism, in a fresh temp dir (deleted at exit).
   */
  static Path writeConfig(String bootstrap, String topic, Format format, int parallelism)
      throws IOException {
    Path dir = Files.createTempDirectory("strata-bench");
    dir.toFile().deleteOnExit();
    String template;
    try (InputStream in = TradingBenchmark.class.getResourceAsStream("trading-bench.conf")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (InputStream in = TradeAvro.class.getResourceAsStream(TradeAvro.SCHEMA_RESOURCE)) {
      Files.write(dir.resolve("trade.avsc"), in.readAllBytes());
    }
    String formatLines =
        format == Format.AVRO ? "format = avro\n      schema = \"trade.avsc\"" : "format = json";
    Path file = dir.resolve("trading-bench.conf");
    Files.writeString(
        file,
        template
            .replace("@BOOTSTRAP@", bootstrap)
            .replace("@TOPIC@", topic)
            .replace("@FORMAT@", formatLines)
            .replace("parallelism = 1", "parallelism = " + parallelism));
    dir.resolve("trade.avsc").toFile().deleteOnExit();
    file.toFile().deleteOnExit();
    return file;
  }

  private Configuration flinkConfiguration() throws IOException {
    Configuration conf = new Configuration();
    RecordCountReporter.enable(conf);
    // A failing run must fail the benchmark, not restart forever (checkpointing turns restarts on).
    conf.setString("restart-strategy.type", "none");
    if (args.checkpointing) {
      // The default JobManager checkpoint storage refuses state over 5 MB: use files.
      conf.setString("state.checkpoint-storage", "filesystem");
      conf.setString(
          "state.checkpoints.dir",
          Files.createTempDirectory(checkpointRoot(), "run").toUri().toString());
    }
    return conf;
  }

  private Path checkpointRoot;

  /** One directory for every run's checkpoints, deleted when the JVM exits. */
  private synchronized Path checkpointRoot() throws IOException {
    if (checkpointRoot == null) {
      Path root = Files.createTempDirectory("strata-bench-checkpoints");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (var paths = Files.walk(root)) {
                      paths
                          .sorted(java.util.Comparator.reverseOrder())
                          .forEach(p -> p.toFile().delete());
                    } catch (IOException ignored) {
                      // a temp directory left behind
                    }
                  }));
      checkpointRoot = root;
    }
    return checkpointRoot;
  }

  private static final TableRef ODS_TRADES = new TableRef(Layer.ODS, "trades");

  /** (A) The Strata-generated job, every DWD and DWS table into a discarding sink. */
  private Run runGenerated(int round) throws Exception {
    prepare();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
    RunOptions base =
        RunOptions.untilEndOfTopics()
            .withoutSinks()
            .withConsumerGroupSuffix("." + UUID.randomUUID());
    RunOptions options = args.checkpointing ? base : base.withoutCheckpointing();
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    for (TableRef ref : graph.order()) {
      if (ref.layer() == Layer.DWD || ref.layer() == Layer.DWS) {
        ctx.stream(ref).stream()
            .sinkTo(new DiscardingSink<>())
            .name(ref + "/discard")
            .uid(ref + "/discard");
      }
    }
    Sampler sampler = new Sampler(name -> name.equals("Source: " + ODS_TRADES + "/source"));
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    JobExecutionResult result = env.execute("bench-generated-" + round);
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double wall = (System.nanoTime() - t0) / 1e9;
    sampler.stop();
    FlowReport flow = new FlowReport(graph, result.getAllAccumulatorResults());
    lastFlow = flow;
    Map<String, Long> rows = new java.util.LinkedHashMap<>();
    rows.put("read", flow.count(ODS_TRADES, "read"));
    rows.put("source", RecordCountReporter.sum("numRecordsIn", sampler.source));
    rows.put("dwd", flow.count(new TableRef(Layer.DWD, "trades"), "out"));
    rows.put("symbol_minute", flow.count(new TableRef(Layer.DWS, "symbol_minute"), "out"));
    rows.put("account_minute", flow.count(new TableRef(Layer.DWS, "account_minute"), "out"));
    if (!flow.imbalances().isEmpty()) {
      System.out.println("  flow does not balance: " + flow.imbalances());
    }
    return new Run(
        "generated",
        round,
        flow.count(ODS_TRADES, "read"),
        result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3,
        sampler.readRate(),
        wall,
        cpu,
        rows);
  }

  /** (B) The same logic hand-written in Flink SQL, one statement set into blackhole sinks. */
  private Run runSql(int round) throws Exception {
    prepare();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
    env.setParallelism(1); // pipeline { parallelism = 1 }
    env.getConfig().enableObjectReuse(); // as JobComposer does for the generated job
    if (args.checkpointing) {
      env.enableCheckpointing(10_000, CheckpointingMode.EXACTLY_ONCE);
    }
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    HandWrittenTradingSql.configure(tEnv.getConfig(), args.sqlSharedDwd);
    HandWrittenTradingSql.Statements sql =
        HandWrittenTradingSql.statements(
            topic,
            args.bootstrap,
            "strata.bench.sql." + UUID.randomUUID(),
            args.format,
            args.sqlWatermarks);
    sql.ddl().forEach(tEnv::executeSql);
    StreamStatementSet set = tEnv.createStatementSet();
    sql.inserts().forEach(set::addInsertSql);
    set.attachAsDataStream();
    Sampler sampler = new Sampler(name -> name.startsWith("Source: trades["));
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    JobExecutionResult result = env.execute("bench-sql-" + round);
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double wall = (System.nanoTime() - t0) / 1e9;
    sampler.stop();
    Map<String, Long> rows = new java.util.LinkedHashMap<>();
    long read = RecordCountReporter.sum("numRecordsIn", sampler.source);
    rows.put("read", read);
    rows.put("source", read);
    rows.put("dwd", sinkRows("dwd_trades_sink"));
    rows.put("symbol_minute", sinkRows("symbol_minute_sink"));
    rows.put("account_minute", sinkRows("account_minute_sink"));
    return new Run(
        "hand-written SQL",
        round,
        read,
        result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3,
        sampler.readRate(),
        wall,
        cpu,
        rows);
  }

  private static long sinkRows(String table) {
    return RecordCountReporter.sum(
        "numRecordsIn", name -> name.contains(table) && !name.contains("Committer"));
  }

  private static void prepare() throws InterruptedException {
    RecordCountReporter.reset();
    System.gc();
    Thread.sleep(500);
  }

  private Run report(Run r) {
    if (args.verbose) {
      RecordCountReporter.snapshot()
          .forEach((k, v) -> System.out.printf("         %,12d  %s%n", v, k));
    }
    String flag =
        r.records == args.trades
            ? ""
            : String.format("   INCOMPLETE: read %,d of %,d", r.records, args.trades);
    System.out.printf(
        "%-6s %-18s %,12d %9.2f %,12.0f %,12.0f %8.2f %8.2f %,12.0f %6.1f%s%n",
        r.round == 0 ? "warmup" : String.valueOf(r.round),
        r.job,
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
    List<Run> measured = all.stream().filter(r -> r.round > 0).toList();
    List<Run> gen = measured.stream().filter(r -> r.job.equals("generated")).toList();
    List<Run> sql = measured.stream().filter(r -> !r.job.equals("generated")).toList();
    boolean complete = all.stream().allMatch(r -> r.records == args.trades);
    System.out.println();
    if (lastFlow != null) {
      System.out.println("flow of the last generated run:");
      System.out.print(lastFlow.render());
      System.out.println();
    }
    if (!gen.isEmpty() && !sql.isEmpty()) {
      Run g = gen.get(gen.size() - 1);
      Run s = sql.get(sql.size() - 1);
      System.out.println("rows, last runs     generated   hand-written SQL");
      for (String k : List.of("read", "dwd", "symbol_minute", "account_minute")) {
        String note =
            g.rows.get(k).equals(s.rows.get(k))
                ? ""
                : "   differ"
                    + (k.endsWith("minute")
                            && args.sqlWatermarks == HandWrittenTradingSql.Watermarks.PERIODIC
                        ? " (periodic SQL watermarks let some late trades into windows)"
                        : "");
        System.out.printf("  %-16s %,12d %,18d%s%n", k, g.rows.get(k), s.rows.get(k), note);
      }
      System.out.println();
    }
    if (!gen.isEmpty()) {
      System.out.printf(
          "median    generated %,.0f ev/s  (read phase %,.0f ev/s, %,.0f ev per CPU-second)%n",
          median(gen, Run::eventsPerSecond),
          median(gen, Run::readEventsPerSecond),
          median(gen, Run::eventsPerCpuSecond));
    }
    if (!sql.isEmpty()) {
      System.out.printf(
          "median    hand-written SQL %,.0f ev/s  (read phase %,.0f ev/s, %,.0f ev per CPU-second)%n",
          median(sql, Run::eventsPerSecond),
          median(sql, Run::readEventsPerSecond),
          median(sql, Run::eventsPerCpuSecond));
    }
    if (!gen.isEmpty() && !sql.isEmpty()) {
      double g = median(gen, Run::eventsPerSecond);
      double s = median(sql, Run::eventsPerSecond);
      System.out.println();
      System.out.printf(
          "generated %,.0f ev/s  hand-written SQL %,.0f ev/s  ratio %.2f%n", g, s, g / s);
      System.out.printf(
          "read phase only: generated %,.0f ev/s  hand-written SQL %,.0f ev/s  ratio %.2f%n",
          median(gen, Run::readEventsPerSecond),
          median(sql, Run::readEventsPerSecond),
          median(gen, Run::readEventsPerSecond) / median(sql, Run::readEventsPerSecond));
      System.out.printf(
          "per CPU-second:  generated %,.0f ev  hand-written SQL %,.0f ev  ratio %.2f%n",
          median(gen, Run::eventsPerCpuSecond),
          median(sql, Run::eventsPerCpuSecond),
          median(gen, Run::eventsPerCpuSecond) / median(sql, Run::eventsPerCpuSecond));
    }
    System.out.printf("load      %s after the runs%n", loadAverage());
    if (!complete) {
      System.out.println(
          "WARNING: some runs did not read every record of the topic; their numbers are not comparable");
      return 3;
    }
    return 0;
  }

  /**
   * CPU time of this whole JVM (task threads, GC, JIT, the MiniCluster): not the Kafka broker's.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0
        ? "unknown"
        : String.format("%.1f on %d cores", load, Runtime.getRuntime().availableProcessors());
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Watches the source's record counter from outside the job: the first and last time it moved.
   * Reading a counter another thread increments is racy but only ever late by one sample.
   */
  static final class Sampler {
    final Predicate<String> source;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long first = -1;
    private volatile long last = -1;
    private volatile long firstCount;
    private volatile long lastCount;

    Sampler(Predicate<String> source) {
      this.source = source;
      this.thread = new Thread(this::loop, "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      long seen = 0;
      while (!stop) {
        long n = RecordCountReporter.sum("numRecordsIn", source);
        long now = System.nanoTime();
        if (n > seen) {
          if (first < 0) {
            first = now;
            firstCount = n;
          }
          last = now;
          lastCount = n;
          seen = n;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
    }

    /** Records per second between the first and the last sample that saw the counter move. */
    double readRate() {
      return first < 0 || last <= first
          ? Double.NaN
          : (lastCount - firstCount) / ((last - first) / 1e9);
    }
  }
}
