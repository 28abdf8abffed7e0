package io.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.strata.layers.config.Section;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.collect.FlinkRestFlowSource;
import io.strata.lineage.flink.FlinkRestClient;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.service.LineageService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "lineage",
    description = {
      "Serve the lineage page and API of a running pipeline: the ODS→DWD→DWS→sink graph coloured by health, counts and rates per edge,",
      "freshness per table, balance checks, alerts, capacity advice, column lineage; OpenLineage events if configured.",
      "Reads the job through Flink's REST API, so it works for embedded runs and cluster jobs alike (`strata run --lineage` attaches it to an embedded run)."
    })
final class LineageCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..2",
      paramLabel = "[serve] <file>",
      description = "pipeline file (HOCON); the word 'serve' before it is optional")
  List<String> args;

  @Option(
      names = "--flink",
      required = true,
      description = "REST URL of the Flink cluster running the job, e.g. http://127.0.0.1:8081")
  String flink;

  @Option(
      names = "--job",
      description =
          "job id to follow (default: the newest job named strata:<pipeline>, followed across resubmits)")
  String jobId;

  @Option(names = "--port", description = "HTTP port (default: lineage.port of the pipeline, 8088)")
  Integer port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "address to bind (default ${DEFAULT-VALUE}); any other address requires --token")
  String bind;

  @Option(
      names = "--token",
      description = "token required by the page and API (default: $STRATA_LINEAGE_TOKEN)")
  String token;

  @Option(
      names = "--poll",
      defaultValue = "2s",
      description = "how often the job is read (default ${DEFAULT-VALUE})")
  String poll;

  @Option(
      names = "--freshness-slo",
      description = "default freshness SLO (default: lineage.freshness-slo, 5min)")
  String freshnessSlo;

  @Option(
      names = "--latency-slo",
      description =
          "end-to-end latency SLO of ClickHouse sinks (default: lineage.latency-slo, else the table's freshness SLO)")
  String latencySlo;

  @Option(
      names = "--balance-grace",
      description =
          "how long rows may be in flight between two counters before they count as lost (default 30s)")
  String balanceGrace;

  @Option(
      names = "--no-input-after",
      description = "alert when an ODS table reads nothing for this long (default 10min)")
  String noInput;

  @Option(
      names = "--dead-letter-rate",
      description =
          "alert when a table dead-letters more than this share of its input, e.g. 2% (default 5%)")
  String deadLetterRate;

  @Option(names = "--webhook", description = "URL that receives alerts (default: lineage.webhook)")
  String webhook;

  @Option(
      names = "--openlineage",
      description = "OpenLineage endpoint URL or file:// path (default: lineage.openlineage)")
  String openLineage;

  @Option(
      names = "--once",
      description =
          "read the job once, print the health report as JSON and exit (exit 3 if an alert is active)")
  boolean once;

  @Override
  public Integer call() throws Exception {
    if (args.size() == 2 && !args.get(0).equals("serve")) {
      throw new IllegalArgumentException(
          "expected `strata lineage [serve] <file>`, got " + String.join(" ", args));
    }
    LayerGraph graph = Pipelines.load(Path.of(args.get(args.size() - 1)));
    LineageSettings settings =
        LineageSettings.of(graph.pipeline())
            .withBind(bind, token != null ? token : System.getenv("STRATA_LINEAGE_TOKEN"))
            .withPollInterval(duration(poll, "--poll"));
    if (port != null) {
      settings = settings.withPort(port);
    }
    if (freshnessSlo != null) {
      settings = settings.withFreshnessSlo(duration(freshnessSlo, "--freshness-slo"));
    }
    if (latencySlo != null) {
      settings = settings.withLatencySlo(duration(latencySlo, "--latency-slo"));
    }
    if (balanceGrace != null) {
      settings = settings.withBalanceGrace(duration(balanceGrace, "--balance-grace"));
    }
    if (noInput != null) {
      settings = settings.withNoInputFor(duration(noInput, "--no-input-after"));
    }
    if (deadLetterRate != null) {
      settings =
          settings.withDeadLetterRate(
              Double.parseDouble(deadLetterRate.replace("%", "").trim())
                  / (deadLetterRate.contains("%") ? 100 : 1));
    }
    if (webhook != null) {
      settings = settings.withWebhook(webhook);
    }
    if (openLineage != null) {
      settings = settings.withOpenLineage(openLineage);
    }
    String jobName = jobId == null ? "strata:" + graph.pipeline().settings().name() : null;
    FlinkRestFlowSource source =
        new FlinkRestFlowSource(
            FlinkRestClient.fromFlagOrEnvironment(flink).withTimeout(FlinkRestClient.POLL_TIMEOUT),
            jobId,
            jobName);
    if (once) {
      settings = settings.withPort(0);
    }
    try (LineageService service = LineageService.start(graph, source, settings)) {
      if (once) {
        HealthReport r = service.poll();
        System.out.println(
            new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(r));
        return r.alerts().isEmpty() ? 0 : 3;
      }
      System.out.println(
          "lineage of pipeline "
              + graph.pipeline().settings().name()
              + " at "
              + service.url()
              + " (reading "
              + source.describe()
              + "); Ctrl-C stops it");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  private static Duration duration(String text, String option) {
    Duration d = Section.parseDuration(text);
    if (d == null) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration such as 30s, 5min or 1h");
    }
    return d;
  }
}
