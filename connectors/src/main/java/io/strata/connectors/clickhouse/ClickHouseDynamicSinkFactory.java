package io.strata.connectors.clickhouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'strata-clickhouse'}: the Flink SQL face of {@link ClickHouseSink}. Strata's
 * ClickHouse sink translator writes these options; they can also be used in hand-written DDL.
 */
public final class ClickHouseDynamicSinkFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "strata-clickhouse";

  public static final ConfigOption<String> URL =
      ConfigOptions.key("url")
          .stringType()
          .noDefaultValue()
          .withDescription("HTTP endpoint, e.g. http://127.0.0.1:8123");
  public static final ConfigOption<String> DATABASE =
      ConfigOptions.key("database").stringType().defaultValue("default");
  public static final ConfigOption<String> TABLE =
      ConfigOptions.key("table").stringType().noDefaultValue();
  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("username").stringType().defaultValue("default");
  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("password").stringType().defaultValue("");
  public static final ConfigOption<String> PIPELINE =
      ConfigOptions.key("pipeline").stringType().defaultValue("");
  public static final ConfigOption<String> LAYER_TABLE =
      ConfigOptions.key("layer-table")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "the layer table written, e.g. dwd.trades (defaults to the ClickHouse table)");
  public static final ConfigOption<Integer> SINK_INDEX =
      ConfigOptions.key("sink-index").intType().defaultValue(0);
  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("batch.size").intType().defaultValue(100_000);
  public static final ConfigOption<Duration> BATCH_INTERVAL =
      ConfigOptions.key("batch.interval").durationType().defaultValue(Duration.ofSeconds(1));
  public static final ConfigOption<Integer> MAX_IN_FLIGHT =
      ConfigOptions.key("batch.max-in-flight").intType().defaultValue(2);
  public static final ConfigOption<Duration> RETRY_INITIAL =
      ConfigOptions.key("retry.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(200));
  public static final ConfigOption<Duration> RETRY_MAX =
      ConfigOptions.key("retry.max-backoff").durationType().defaultValue(Duration.ofSeconds(5));
  public static final ConfigOption<Duration> RETRY_TIMEOUT =
      ConfigOptions.key("retry.timeout").durationType().defaultValue(Duration.ofMinutes(10));
  public static final ConfigOption<Duration> REQUEST_TIMEOUT =
      ConfigOptions.key("request-timeout").durationType().defaultValue(Duration.ofSeconds(60));
  public static final ConfigOption<String> TIME_ZONE =
      ConfigOptions.key("time-zone").stringType().defaultValue("UTC");
  public static final ConfigOption<String> VERSION_COLUMN =
      ConfigOptions.key("version-column")
          .stringType()
          .noDefaultValue()
          .withDescription("column whose time (epoch ms) is the row version");
  public static final ConfigOption<String> DEAD_LETTER_TOPIC =
      ConfigOptions.key("dead-letter.topic").stringType().noDefaultValue();
  public static final ConfigOption<String> DEAD_LETTER_BOOTSTRAP =
      ConfigOptions.key("dead-letter.bootstrap-servers").stringType().noDefaultValue();

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(URL, TABLE);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        DATABASE,
        USERNAME,
        PASSWORD,
        PIPELINE,
        LAYER_TABLE,
        SINK_INDEX,
        BATCH_SIZE,
        BATCH_INTERVAL,
        MAX_IN_FLIGHT,
        RETRY_INITIAL,
        RETRY_MAX,
        RETRY_TIMEOUT,
        REQUEST_TIMEOUT,
        TIME_ZONE,
        VERSION_COLUMN,
        DEAD_LETTER_TOPIC,
        DEAD_LETTER_BOOTSTRAP);
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig o = helper.getOptions();
    RowType rowType =
        (RowType)
            context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType().getLogicalType();
    List<String> names = new ArrayList<>(rowType.getFieldNames());
    List<LogicalType> types = new ArrayList<>(rowType.getChildren());
    for (LogicalType t : types) {
      ClickHouseTypeMapping.forFlink(t); // fails at planning time for types the sink cannot write
    }
    String version = o.getOptional(VERSION_COLUMN).orElse(null);
    if (version != null && !names.contains(version)) {
      throw new IllegalArgumentException(
          "version-column '" + version + "' is not a column of " + context.getObjectIdentifier());
    }
    String deadLetterTopic = o.getOptional(DEAD_LETTER_TOPIC).orElse(null);
    String deadLetterBootstrap = o.getOptional(DEAD_LETTER_BOOTSTRAP).orElse(null);
    if (deadLetterTopic != null && deadLetterBootstrap == null) {
      throw new IllegalArgumentException("dead-letter.topic needs dead-letter.bootstrap-servers");
    }
    int batchSize = o.get(BATCH_SIZE);
    if (batchSize < 1 || batchSize > 1_000_000) {
      // Larger inserts would be split into several blocks by the server and stop being atomic.
      throw new IllegalArgumentException("batch.size must be within 1..1000000, got " + batchSize);
    }
    ClickHouseSinkSettings settings =
        new ClickHouseSinkSettings(
            o.get(URL),
            o.get(USERNAME),
            o.get(PASSWORD),
            o.get(DATABASE),
            o.get(TABLE),
            o.get(PIPELINE),
            o.getOptional(LAYER_TABLE).orElse(o.get(TABLE)),
            o.get(SINK_INDEX),
            List.copyOf(names),
            List.copyOf(types),
            batchSize,
            o.get(BATCH_INTERVAL),
            Math.max(1, o.get(MAX_IN_FLIGHT)),
            new ClickHouseRetryPolicy(o.get(RETRY_INITIAL), o.get(RETRY_MAX), o.get(RETRY_TIMEOUT)),
            o.get(REQUEST_TIMEOUT),
            o.get(TIME_ZONE),
            version,
            deadLetterTopic,
            deadLetterBootstrap);
    return new ClickHouseDynamicSink(settings);
  }

  /** The table-side sink: insert-only rows into {@link ClickHouseSink}. */
  static final class ClickHouseDynamicSink implements DynamicTableSink {
    private final ClickHouseSinkSettings settings;

    ClickHouseDynamicSink(ClickHouseSinkSettings settings) {
      this.settings = settings;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
      return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
      return SinkV2Provider.of(new ClickHouseSink(settings));
    }

    @Override
    public DynamicTableSink copy() {
      return new ClickHouseDynamicSink(settings);
    }

    @Override
    public String asSummaryString() {
      return "ClickHouse " + settings.database() + "." + settings.table();
    }
  }
}
