package io.strata.lineage.service;

import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.collect.FlowSource;
import io.strata.lineage.corrections.BackfillCorrections;
import io.strata.lineage.flow.FlowGraph;
import io.strata.lineage.health.AlertBook;
import io.strata.lineage.health.AlertTarget;
import io.strata.lineage.health.HealthMonitor;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.health.LogAlertTarget;
import io.strata.lineage.health.WebhookAlertTarget;
import io.strata.lineage.history.ClickHouseHistoryStore;
import io.strata.lineage.history.HistoryStoreSettings;
import io.strata.lineage.openlineage.OpenLineageEmitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage service of one pipeline: polls a {@link FlowSource} (an embedded job or a Flink REST
 * API), keeps the health of every table and edge with {@link HealthMonitor}, sends alerts (log,
 * webhook) and OpenLineage events, and serves the page and JSON API on 127.0.0.1.
 *
 * <pre>
 *   LineageService s = LineageService.start(graph, new JobClientFlowSource(job, name, restUrl), LineageSettings.of(graph.pipeline()));
 *   ... s.url() ...
 *   s.close();
 * </pre>
 */
public final class LineageService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineageService.class);
  static final java.time.Duration CORRECTIONS_EVERY = java.time.Duration.ofSeconds(30);

  private final LayerGraph graph;
  private final FlowSource source;
  private final LineageSettings settings;
  private final HealthMonitor monitor;
  private volatile OpenLineageEmitter openLineage;
  private final java.util.concurrent.ExecutorService openLineageSender;
  private final LineageHttpServer http;
  private final ScheduledExecutorService poller;
  private final ClickHouseHistoryStore historyStore;
  private final BackfillCorrections corrections;
  private final Set<AlertBook.Transition> transitionsWritten = new HashSet<>();

  private LineageService(LayerGraph graph, FlowSource source, LineageSettings settings)
      throws IOException {
    this.graph = graph;
    this.source = source;
    this.settings = settings;
    List<AlertTarget> targets = new ArrayList<>();
    targets.add(new LogAlertTarget());
    if (settings.webhook() != null) {
      targets.add(new WebhookAlertTarget(settings.webhook()));
    }
    this.monitor = new HealthMonitor(new FlowGraph(graph), settings, targets, source.describe());
    // The OpenLineage client takes seconds to initialise and its HTTP calls may be slow: events go
    // out on their own thread, in order, and never delay polling or the page.
    this.openLineageSender =
        settings.openLineage() == null
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "strata-lineage-openlineage");
                  t.setDaemon(true);
                  return t;
                });
    if (openLineageSender != null) {
      OpenLineageEmitter.checkTarget(settings.openLineage());
      openLineageSender.submit(
          () -> {
            try {
              openLineage =
                  new OpenLineageEmitter(
                      graph, settings.openLineage(), settings.openLineageEvery());
            } catch (RuntimeException e) {
              LOG.warn("OpenLineage events are off: {}", e.toString());
            }
          });
    }
    this.historyStore =
        settings.historyStore() == null
            ? null
            : openHistory(settings.historyStore(), graph.pipeline().settings().name());
    this.corrections = BackfillCorrections.of(graph.pipeline());
    this.http = new LineageHttpServer(graph, monitor, settings, historyStore, corrections);
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "strata-lineage-poller");
              t.setDaemon(true);
              return t;
            });
  }

  private static ClickHouseHistoryStore openHistory(HistoryStoreSettings s, String pipeline)
      throws IOException {
    try {
      ClickHouseHistoryStore store = ClickHouseHistoryStore.open(s, pipeline);
      LOG.info("lineage history kept in {}", s);
      return store;
    } catch (ClickHouseHttp.ClickHouseException e) {
      throw new IOException(
          "cannot open the lineage history store (lineage.history) in "
              + s
              + ": "
              + e.getMessage()
              + "; check that ClickHouse is up and the connection's user may create tables",
          e);
    }
  }

  /** Starts polling and serving; the first sample is taken at once. */
  public static LineageService start(LayerGraph graph, FlowSource source, LineageSettings settings)
      throws IOException {
    LineageService s = new LineageService(graph, source, settings);
    s.http.start();
    if (s.corrections.hasStores()) {
      // The backfill runs nightly: its reports are read at start and then every half minute, on
      // the poller's thread between polls (a read takes milliseconds; a dead ClickHouse, its
      // timeout).
      s.poller.scheduleWithFixedDelay(
          s::refreshCorrections, 0, CORRECTIONS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    s.poller.scheduleWithFixedDelay(
        s::pollSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "lineage page for pipeline {} at {} (source: {})",
        graph.pipeline().settings().name(),
        s.url(),
        source.describe());
    return s;
  }

  /** Reads the backfill's correction reports again and shows them on the tables. */
  public void refreshCorrections() {
    try {
      BackfillCorrections.Snapshot snap = corrections.refresh();
      Map<String, HealthReport.BackfillCorrection> perTable = new HashMap<>();
      snap.tables()
          .forEach(
              (table, c) ->
                  perTable.put(
                      table,
                      new HealthReport.BackfillCorrection(
                          true,
                          c.last().status()
                              + " "
                              + c.last().partition()
                              + ": correction "
                              + String.format(
                                  java.util.Locale.ROOT, "%.4f%%", c.last().correction() * 100)
                              + ", "
                              + c.last().rowsChanged()
                              + " rows changed",
                          c.last().runTime(),
                          c.last().correction(),
                          c.last().rowsChanged(),
                          c.last().status(),
                          c.last().runId(),
                          c.last().partition())));
      monitor.corrections(perTable);
      if (!snap.problems().isEmpty()) {
        LOG.warn("backfill corrections: {}", snap.note());
      }
    } catch (RuntimeException e) {
      LOG.warn("reading the backfill corrections failed: {}", e.toString());
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("lineage poll failed: {}", e.toString());
    }
  }

  /** Takes one sample now and evaluates it (also used by tests to avoid waiting for the poller). */
  public synchronized HealthReport poll() {
    FlowSample sample = source.sample();
    HealthReport report = monitor.accept(sample);
    if (historyStore != null) {
      // Each alert transition is written once, also when a source repeats a sample's time.
      List<AlertBook.Transition> recent = monitor.alerts().transitions();
      List<AlertBook.Transition> fresh =
          recent.stream().filter(t -> !transitionsWritten.contains(t)).toList();
      transitionsWritten.retainAll(recent);
      transitionsWritten.addAll(fresh);
      historyStore.record(sample, report, fresh);
    }
    if (openLineageSender != null) {
      openLineageSender.submit(
          () -> {
            if (openLineage != null) {
              openLineage.onReport(report);
            }
          });
    }
    return report;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8088/}. */
  public String url() {
    return http.url();
  }

  public int port() {
    return http.port();
  }

  public HealthMonitor monitor() {
    return monitor;
  }

  public LayerGraph graph() {
    return graph;
  }

  public LineageSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop();
    if (openLineageSender != null) {
      // Let queued events (e.g. COMPLETE) go out before closing the client.
      openLineageSender.shutdown();
      try {
        openLineageSender.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (openLineage != null) {
        openLineage.close();
      }
    }
    if (historyStore != null) {
      historyStore.close();
    }
    source.close();
  }

  /** The ClickHouse history store, or null when history is kept in memory only. */
  public ClickHouseHistoryStore historyStore() {
    return historyStore;
  }
}
