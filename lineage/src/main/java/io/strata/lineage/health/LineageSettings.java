package io.strata.lineage.health;

import io.strata.layers.definition.PipelineDef;
import io.strata.lineage.history.HistoryStoreSettings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the lineage service watches a pipeline: where it listens, the freshness SLOs, alert
 * thresholds and targets. Read from the pipeline's {@code lineage { }} section; what that section
 * does not declare yet keeps the defaults below (and can be changed on the command line).
 *
 * @param port HTTP port of the page and API (0: any free port)
 * @param bindAddress address to bind; anything but loopback requires {@code token}
 * @param token bearer token required by the API and page when set
 * @param freshnessSlo default freshness SLO: a table whose event time is older is red
 * @param tableSlos per-table SLOs ({@code layer.table} to duration), overriding the default
 * @param webhook URL that receives alert notifications (JSON POST), or null
 * @param openLineage OpenLineage endpoint URL ({@code http(s)://...}) or {@code file://} path, or
 *     null
 * @param pollInterval how often the job is sampled
 * @param balanceGrace how long a row may be in flight between two counters before its absence is a
 *     loss
 * @param deadLetterRate dead-lettered share of the input over {@code rateWindow} that raises an
 *     alert
 * @param rateWindow window for rates (dead-letter rate, capacity percentiles)
 * @param noInputFor an ODS table that reads nothing for this long raises an alert
 * @param checkpointFailures failed checkpoints since the last completed one that raise an alert
 * @param history how much history the service keeps in memory
 * @param targetUtilisation busy share a vertex should run at, for capacity advice (headroom for
 *     catch-up)
 * @param openLineageEvery how often RUNNING events are emitted while the job runs
 * @param alertHoldOffs how long a rule's condition must hold before its alert fires, and be gone
 *     before it clears
 * @param historyStore where history is kept beyond memory (ClickHouse), or null: in memory only
 * @param latencySlo end-to-end latency SLO of every ClickHouse sink (rows visible this long after
 *     their event time / window end raise the {@code latency} alert); null: the sink's table's
 *     freshness SLO
 */
public record LineageSettings(
    int port,
    String bindAddress,
    String token,
    Duration freshnessSlo,
    Map<String, Duration> tableSlos,
    String webhook,
    String openLineage,
    Duration pollInterval,
    Duration balanceGrace,
    double deadLetterRate,
    Duration rateWindow,
    Duration noInputFor,
    int checkpointFailures,
    Duration history,
    double targetUtilisation,
    Duration openLineageEvery,
    AlertHoldOff.Rules alertHoldOffs,
    HistoryStoreSettings historyStore,
    Duration latencySlo) {

  public static LineageSettings defaults() {
    return new LineageSettings(
        8088,
        "127.0.0.1",
        null,
        Duration.ofMinutes(5),
        Map.of(),
        null,
        null,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        0.05,
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        1,
        Duration.ofHours(1),
        0.7,
        Duration.ofMinutes(1),
        AlertHoldOff.Rules.defaults(),
        null,
        null);
  }

  /** The settings of a pipeline's {@code lineage { }} section, defaults for what it leaves out. */
  @SuppressWarnings("unchecked")
  public static LineageSettings of(PipelineDef pipeline) {
    LineageSettings s = defaults();
    Map<String, Object> l = pipeline.lineage() == null ? Map.of() : pipeline.lineage();
    if (l.get("port") instanceof Number n) {
      s = s.withPort(n.intValue());
    }
    Duration d;
    if ((d = duration(l.get("freshness-slo"))) != null) {
      s = s.withFreshnessSlo(d);
    }
    if ((d = duration(l.get("latency-slo"))) != null) {
      s = s.withLatencySlo(d);
    }
    if (l.get("webhook") instanceof String w && !w.isBlank()) {
      s = s.withWebhook(w);
    }
    if (l.get("openlineage") instanceof String o && !o.isBlank()) {
      s = s.withOpenLineage(o);
    }
    // Keys proposed for ConfigSchema.LINEAGE_OPTIONS (docs/lineage.md); read as soon as they are
    // declared.
    if (l.get("bind") instanceof String b && !b.isBlank()) {
      s = s.withBind(b, System.getenv("STRATA_LINEAGE_TOKEN"));
    }
    if ((d = duration(l.get("poll"))) != null) {
      s = s.withPollInterval(d);
    }
    if ((d = duration(l.get("balance-grace"))) != null) {
      s = s.withBalanceGrace(d);
    }
    if ((d = duration(l.get("no-input"))) != null) {
      s = s.withNoInputFor(d);
    }
    if (l.get("checkpoint-failures") instanceof Number n) {
      s = s.withCheckpointFailures(n.intValue());
    }
    if (l.get("dead-letter-rate") != null) {
      s = s.withDeadLetterRate(share(String.valueOf(l.get("dead-letter-rate"))));
    }
    if (l.get("alerts") instanceof Map<?, ?> alerts) {
      s = s.withAlertHoldOffs(AlertHoldOff.Rules.of((Map<String, Object>) alerts));
    }
    if (l.get("history") instanceof Map<?, ?> history) {
      s = s.withHistoryStore(HistoryStoreSettings.of(pipeline, (Map<String, Object>) history));
    }
    if (l.get("freshness-slos") instanceof Map<?, ?> perTable) {
      for (Map.Entry<?, ?> e : perTable.entrySet()) {
        Duration slo = duration(e.getValue());
        if (slo != null) {
          s = s.withTableSlo(String.valueOf(e.getKey()), slo);
        }
      }
    }
    return s;
  }

  private static Duration duration(Object v) {
    if (v instanceof Duration d) {
      return d;
    }
    return v instanceof String text ? io.strata.layers.config.Section.parseDuration(text) : null;
  }

  /** "5%" or "0.05" as a share. */
  static double share(String text) {
    String t = text.trim();
    return t.endsWith("%")
        ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
        : Double.parseDouble(t);
  }

  /** The freshness SLO of a table. */
  public Duration sloOf(String table) {
    return tableSlos.getOrDefault(table, freshnessSlo);
  }

  /**
   * The end-to-end latency SLO of a table's ClickHouse sinks: {@code latency-slo}, else the table's
   * freshness SLO.
   */
  public Duration latencySloOf(String table) {
    return latencySlo != null ? latencySlo : sloOf(table);
  }

  public boolean loopbackOnly() {
    return bindAddress.equals("127.0.0.1")
        || bindAddress.equals("localhost")
        || bindAddress.equals("::1");
  }

  public LineageSettings withPort(int v) {
    return new LineageSettings(
        v,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withBind(String address, String tokenValue) {
    return new LineageSettings(
        port,
        address,
        tokenValue,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withFreshnessSlo(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        v,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withTableSlo(String table, Duration v) {
    Map<String, Duration> m = new TreeMap<>(tableSlos);
    m.put(table, v);
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        Map.copyOf(m),
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withWebhook(String v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        v,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withOpenLineage(String v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        v,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withPollInterval(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        v,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withBalanceGrace(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        v,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withDeadLetterRate(double v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        v,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withNoInputFor(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        v,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withCheckpointFailures(int v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        v,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withOpenLineageEvery(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        v,
        alertHoldOffs,
        historyStore,
        latencySlo);
  }

  public LineageSettings withAlertHoldOffs(AlertHoldOff.Rules v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        v,
        historyStore,
        latencySlo);
  }

  public LineageSettings withHistoryStore(HistoryStoreSettings v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        v,
        latencySlo);
  }

  public LineageSettings withLatencySlo(Duration v) {
    return new LineageSettings(
        port,
        bindAddress,
        token,
        freshnessSlo,
        tableSlos,
        webhook,
        openLineage,
        pollInterval,
        balanceGrace,
        deadLetterRate,
        rateWindow,
        noInputFor,
        checkpointFailures,
        history,
        targetUtilisation,
        openLineageEvery,
        alertHoldOffs,
        historyStore,
        v);
  }
}
