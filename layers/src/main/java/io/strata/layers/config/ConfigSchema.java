package io.strata.layers.config;

import java.time.Duration;
import java.util.List;

/** The declared options of every section of a pipeline file; docs and validation read these. */
public final class ConfigSchema {
  private ConfigSchema() {}

  // Top level
  public static final Option<Object> PIPELINE =
      Option.section("pipeline")
          .required()
          .description("name, time zone, parallelism, checkpointing");
  public static final Option<Object> CONNECTIONS =
      Option.section("connections").description("named endpoints and credentials");
  public static final Option<Object> ODS =
      Option.section("ods").description("raw tables read from Kafka");
  public static final Option<Object> DIMENSIONS =
      Option.section("dimensions").description("dimension tables looked up by key");
  public static final Option<Object> DWD =
      Option.section("dwd").description("cleaned, deduplicated, enriched detail");
  public static final Option<Object> DWS = Option.section("dws").description("windowed measures");
  public static final Option<Object> BACKFILL =
      Option.section("backfill").description("nightly recompute from the Hive archive");
  public static final Option<Object> LINEAGE =
      Option.section("lineage").description("flow-health service");
  public static final Option<Object> TESTS =
      Option.section("tests").description("config-level tests run by `strata test`");
  public static final List<Option<?>> TOP =
      List.of(PIPELINE, CONNECTIONS, ODS, DIMENSIONS, DWD, DWS, BACKFILL, LINEAGE, TESTS);

  // pipeline
  public static final Option<String> NAME =
      Option.identifier("name")
          .required()
          .description("pipeline name; prefixes job names, uids and transactional ids");
  public static final Option<String> TIME_ZONE =
      Option.string("time-zone")
          .defaultValue("UTC")
          .description("session time zone: window alignment for TIMESTAMP_LTZ event time");
  public static final Option<Integer> PARALLELISM =
      Option.integer("parallelism")
          .defaultValue(1)
          .description("default parallelism of generated jobs");
  public static final Option<Object> CHECKPOINT =
      Option.section("checkpoint").description("checkpointing");
  public static final Option<Duration> CHECKPOINT_INTERVAL =
      Option.duration("interval")
          .defaultValue(Duration.ofSeconds(10))
          .description("checkpoint interval");
  public static final Option<String> CHECKPOINT_MODE =
      Option.oneOf("mode", "exactly-once", "at-least-once")
          .defaultValue("exactly-once")
          .description("checkpointing mode");
  public static final List<Option<?>> PIPELINE_OPTIONS =
      List.of(NAME, TIME_ZONE, PARALLELISM, CHECKPOINT);

  // shared
  public static final Option<String> CONNECTION =
      Option.identifier("connection")
          .required()
          .description("name of a connection in `connections`");
  public static final Option<String> TOPIC =
      Option.topic("topic").required().description("Kafka topic");
  public static final Option<Object> COLUMNS = Option.section("columns").description("columns");
  public static final Option<Object> SINKS =
      Option.sectionList("sinks")
          .description("outputs of the table: [ { type = kafka|print|..., ... } ]");
  public static final Option<String> FROM =
      Option.string("from").required().description("upstream table as layer.table");

  // ods
  public static final Option<Object> SOURCE =
      Option.section("source").required().description("where the raw events come from");
  public static final Option<Object> EVENT_TIME =
      Option.section("event-time").description("event-time column and watermark delay");
  public static final Option<Object> DEAD_LETTER =
      Option.section("dead-letter").description("topic for records that cannot be read");
  public static final Option<Object> ARCHIVE =
      Option.section("archive").description("Hive archive for the batch backfill");
  public static final List<Option<?>> ODS_TABLE =
      List.of(SOURCE, COLUMNS.required(), EVENT_TIME, DEAD_LETTER.required(), ARCHIVE);
  public static final Option<String> FORMAT =
      Option.oneOf("format", "json", "avro").required().description("record format");
  public static final Option<String> SCHEMA =
      Option.string("schema").description("Avro schema file (.avsc), relative to the config file");
  public static final Option<String> START =
      Option.oneOf("start", "earliest", "latest", "group-offsets")
          .defaultValue("group-offsets")
          .description("where a new job starts reading (group-offsets falls back to earliest)");
  public static final List<Option<?>> SOURCE_OPTIONS =
      List.of(CONNECTION, TOPIC, FORMAT, SCHEMA, START);
  public static final Option<String> COLUMN =
      Option.identifier("column")
          .required()
          .description("event-time column, TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
  public static final Option<Duration> WATERMARK_DELAY =
      Option.duration("watermark-delay")
          .defaultValue(Duration.ofSeconds(5))
          .description("how far out of order events may arrive");
  public static final List<Option<?>> EVENT_TIME_OPTIONS = List.of(COLUMN, WATERMARK_DELAY);
  public static final Option<String> TABLE_NAME =
      Option.string("table").required().description("target table (db.table)");
  public static final Option<String> PARTITION =
      Option.identifier("partition").defaultValue("dt").description("partition column (event day)");
  public static final List<Option<?>> ARCHIVE_OPTIONS = List.of(CONNECTION, TABLE_NAME, PARTITION);

  // dimensions
  public static final Option<Object> STORE =
      Option.section("store").required().description("where the dimension rows live");
  public static final Option<Object> CACHE =
      Option.section("cache").description("lookup cache bounds");
  public static final List<Option<?>> DIMENSION = List.of(STORE, COLUMNS.required(), CACHE);
  public static final Option<String> STORE_TABLE =
      Option.string("table").required().description("table in the store");
  public static final Option<String> KEY =
      Option.identifier("key").required().description("lookup key column");
  public static final List<Option<?>> STORE_OPTIONS = List.of(CONNECTION, STORE_TABLE, KEY);
  public static final Option<Integer> MAX_ROWS =
      Option.integer("max-rows")
          .defaultValue(10000)
          .description("rows kept in the lookup cache per task");
  public static final Option<Duration> TTL =
      Option.duration("ttl")
          .defaultValue(Duration.ofMinutes(10))
          .description("how long a cached row is trusted");
  public static final List<Option<?>> CACHE_OPTIONS = List.of(MAX_ROWS, TTL);

  // dwd
  public static final Option<String> WHERE =
      Option.string("where")
          .description("SQL predicate; rows for which it is not true are filtered and counted");
  public static final Option<Object> DEDUPLICATE =
      Option.section("deduplicate").description("keep the first row per key");
  public static final Option<Object> JOIN =
      Option.sectionList("join").description("dimension lookups: [ { dimension, on, missing } ]");
  public static final List<Option<?>> DWD_TABLE =
      List.of(FROM, WHERE, DEDUPLICATE, JOIN, COLUMNS, SINKS);
  public static final Option<List<String>> KEY_LIST =
      Option.stringList("key").required().description("columns that identify a row");
  public static final Option<Duration> WITHIN =
      Option.duration("within")
          .required()
          .description("event-time span within which a repeated key is a duplicate (bounds state)");
  public static final List<Option<?>> DEDUP_OPTIONS = List.of(KEY_LIST, WITHIN);
  public static final Option<String> DIMENSION_NAME =
      Option.identifier("dimension").required().description("name of a dimension");
  public static final Option<String> ON =
      Option.string("on")
          .required()
          .description("SQL expression giving the dimension key from the row");
  public static final Option<String> MISSING =
      Option.oneOf("missing", "keep", "drop", "dead-letter")
          .defaultValue("keep")
          .description("what happens to a row whose key is not in the dimension");
  public static final List<Option<?>> JOIN_OPTIONS = List.of(DIMENSION_NAME, ON, MISSING);

  // dws
  public static final Option<Object> WINDOW =
      Option.section("window").required().description("event-time window");
  public static final Option<List<String>> GROUP_BY =
      Option.stringList("group-by")
          .defaultValue(List.of())
          .description("grouping columns of the upstream table");
  public static final Option<Object> MEASURES =
      Option.section("measures").required().description("name = \"<aggregate SQL>\"");
  public static final Option<Object> LATE =
      Option.section("late")
          .description(
              "topic for records that arrive after their window closed (default: the ODS dead-letter topic)");
  public static final List<Option<?>> DWS_TABLE =
      List.of(FROM, WINDOW, GROUP_BY, MEASURES, SINKS, LATE);
  public static final Option<String> WINDOW_TYPE =
      Option.oneOf("type", "tumble", "hop", "cumulate").required().description("window kind");
  public static final Option<Duration> SIZE =
      Option.duration("size").required().description("window size (cumulate: the maximum size)");
  public static final Option<Duration> SLIDE =
      Option.duration("slide").description("hop only: how often a window starts");
  public static final Option<Duration> STEP =
      Option.duration("step").description("cumulate only: how often the growing window emits");
  public static final List<Option<?>> WINDOW_OPTIONS = List.of(WINDOW_TYPE, SIZE, SLIDE, STEP);

  // backfill and lineage (their services are built in their own modules)
  public static final Option<String> SCHEDULE =
      Option.string("schedule").description("cron (5 fields) for the nightly backfill");
  public static final Option<String> MAX_CORRECTION =
      Option.string("max-correction")
          .defaultValue("5%")
          .description("largest relative correction swapped without --force");
  public static final Option<List<String>> BACKFILL_LAYERS =
      Option.stringList("layers").description("tables to recompute (default: every DWS table)");
  public static final Option<Integer> LATENESS_DAYS =
      Option.integer("archive-days")
          .defaultValue(7)
          .description("days of archive kept for recomputes");
  public static final List<Option<?>> BACKFILL_OPTIONS =
      List.of(SCHEDULE, MAX_CORRECTION, BACKFILL_LAYERS, LATENESS_DAYS);
  public static final Option<Integer> PORT =
      Option.integer("port")
          .defaultValue(8088)
          .description("HTTP port of the lineage page and API");
  public static final Option<Duration> FRESHNESS_SLO =
      Option.duration("freshness-slo")
          .defaultValue(Duration.ofMinutes(5))
          .description("a table older than this is stale");
  public static final Option<Duration> LATENCY_SLO =
      Option.duration("latency-slo")
          .description(
              "end-to-end latency SLO of ClickHouse sinks: rows visible later than this after their event time (DWS: window end) raise the latency alert (default: the table's freshness-slo)");
  public static final Option<String> WEBHOOK =
      Option.string("webhook").description("URL that receives alerts");
  public static final Option<String> OPENLINEAGE =
      Option.string("openlineage").description("OpenLineage endpoint URL or file:// path");
  public static final Option<String> BIND =
      Option.string("bind")
          .defaultValue("127.0.0.1")
          .description(
              "address the lineage page listens on; anything but loopback needs STRATA_LINEAGE_TOKEN");
  public static final Option<Duration> POLL =
      Option.duration("poll")
          .defaultValue(Duration.ofSeconds(2))
          .description("how often flow counts are read");
  public static final Option<Duration> BALANCE_GRACE =
      Option.duration("balance-grace")
          .defaultValue(Duration.ofSeconds(30))
          .description("rows uncounted on an edge for longer than this are reported lost");
  public static final Option<String> DEAD_LETTER_RATE =
      Option.string("dead-letter-rate")
          .defaultValue("5%")
          .description("alert when more than this share of a table's input is dead-lettered");
  public static final Option<Duration> NO_INPUT =
      Option.duration("no-input")
          .defaultValue(Duration.ofMinutes(10))
          .description("alert when a source reads nothing for this long");
  public static final Option<Integer> CHECKPOINT_FAILURES =
      Option.integer("checkpoint-failures")
          .defaultValue(1)
          .description("alert after this many failed checkpoints in a row");
  public static final Option<Object> FRESHNESS_SLOS =
      Option.section("freshness-slos")
          .description("per-table freshness SLOs: \"layer.table\" = duration");
  public static final Option<Object> ALERTS =
      Option.section("alerts")
          .description(
              "hold-off of alerts: for, clear-after; per rule in <rule> { for, clear-after }");
  public static final Option<Object> HISTORY =
      Option.section("history")
          .description("keep flow history in ClickHouse (default: in memory, 1h)");
  public static final List<Option<?>> LINEAGE_OPTIONS =
      List.of(
          PORT,
          FRESHNESS_SLO,
          LATENCY_SLO,
          WEBHOOK,
          OPENLINEAGE,
          BIND,
          POLL,
          BALANCE_GRACE,
          DEAD_LETTER_RATE,
          NO_INPUT,
          CHECKPOINT_FAILURES,
          FRESHNESS_SLOS,
          ALERTS,
          HISTORY);

  // lineage.alerts
  public static final Option<Duration> ALERT_FOR =
      Option.duration("for")
          .defaultValue(Duration.ofMinutes(1))
          .description(
              "an alert fires once its condition has held this long (no-input, checkpoint-failures, job: 0s); a job that has ended fires at once");
  public static final Option<Duration> ALERT_CLEAR_AFTER =
      Option.duration("clear-after")
          .defaultValue(Duration.ofSeconds(30))
          .description("a firing alert clears once its condition has been false this long");
  public static final List<Option<?>> ALERT_RULE_OPTIONS = List.of(ALERT_FOR, ALERT_CLEAR_AFTER);

  /**
   * The alert rules of the lineage service, each with its own optional {@code <rule> { for,
   * clear-after }}.
   */
  public static final List<String> ALERT_RULES =
      List.of(
          "freshness",
          "latency",
          "balance",
          "dead-letter-rate",
          "no-input",
          "checkpoint-failures",
          "job");

  /**
   * Rules whose condition already waits (or is a discrete event): they fire without a hold-off
   * unless one is configured.
   */
  public static final List<String> ALERT_RULES_WITHOUT_HOLD_OFF =
      List.of("no-input", "checkpoint-failures", "job");

  public static final List<Option<?>> ALERTS_OPTIONS = alertsOptions();

  // lineage.history
  public static final Option<String> HISTORY_CONNECTION =
      Option.identifier("connection")
          .required()
          .description("a clickhouse connection that stores the samples");
  public static final Option<String> HISTORY_DATABASE =
      Option.identifier("database")
          .defaultValue("strata")
          .description("database of the history table (created if missing)");
  public static final Option<String> HISTORY_TABLE =
      Option.identifier("table")
          .defaultValue("strata_lineage_history")
          .description("history table (MergeTree, one partition a day, created if missing)");
  public static final Option<Duration> HISTORY_RETENTION =
      Option.duration("retention")
          .defaultValue(Duration.ofDays(30))
          .description(
              "history older than this is dropped, in whole days (a table TTL; on ClickHouse before 19.6 whole partitions are dropped)");
  public static final Option<Duration> HISTORY_EVERY =
      Option.duration("every")
          .defaultValue(Duration.ofSeconds(10))
          .description("how often a sample is written (the page keeps every poll in memory)");
  public static final List<Option<?>> HISTORY_OPTIONS =
      List.of(
          HISTORY_CONNECTION, HISTORY_DATABASE, HISTORY_TABLE, HISTORY_RETENTION, HISTORY_EVERY);

  private static List<Option<?>> alertsOptions() {
    List<Option<?>> out = new java.util.ArrayList<>(ALERT_RULE_OPTIONS);
    for (String rule : ALERT_RULES) {
      out.add(Option.section(rule).description("hold-off of the " + rule + " alert"));
    }
    return List.copyOf(out);
  }

  // tests
  public static final Option<Object> GIVEN =
      Option.section("given")
          .required()
          .description(
              "\"ods.table\" = [ records ] or a .jsonl file; \"dimensions.name\" = [ rows ] looked up instead of the store");
  public static final Option<Object> EXPECT =
      Option.section("expect")
          .required()
          .description("\"layer.table\" = [ rows ] expected, in any order");
  public static final List<Option<?>> TEST_CASE = List.of(GIVEN, EXPECT);
}
