package io.strata.connectors.kafka;

import io.strata.connectors.SqlLiterals;
import io.strata.layers.config.Option;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.KafkaClientProperties;
import io.strata.layers.plugin.SinkTranslator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kafka: ODS sources read it; DWD and DWS tables can be written to topics as JSON. */
public final class KafkaConnector implements ConnectorPlugin {
  static final Option<String> BOOTSTRAP =
      Option.string("bootstrap-servers").required().description("host:port[,host:port]");
  static final Option<String> SECURITY =
      Option.oneOf("security-protocol", "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
          .description("Kafka security.protocol");
  static final Option<String> SASL =
      Option.string("sasl-mechanism").description("Kafka sasl.mechanism, e.g. PLAIN");
  static final Option<String> USERNAME = Option.string("username").description("SASL user");
  static final Option<String> PASSWORD =
      Option.string("password").secret().description("SASL password; use ${?ENV_VAR}");
  static final Option<String> TOPIC = Option.topic("topic").required().description("topic written");
  static final Option<String> GUARANTEE =
      Option.oneOf("delivery-guarantee", "at-least-once", "exactly-once")
          .defaultValue("at-least-once")
          .description("exactly-once uses Kafka transactions committed on checkpoints");

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Apache Kafka topics (sources of ODS tables; JSON sinks)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(BOOTSTRAP, SECURITY, SASL, USERNAME, PASSWORD);
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(TOPIC, GUARANTEE);
  }

  @Override
  public String sinkUnavailableReason() {
    return null;
  }

  @Override
  public void validateSink(SinkDef sink, ConnectionDef connection, Problems problems) {}

  @Override
  public SinkTranslator sinkTranslator() {
    return ctx -> {
      Map<String, String> with = new LinkedHashMap<>();
      with.put("connector", "kafka");
      with.put("topic", ctx.sink().option("topic"));
      with.put("properties.bootstrap.servers", ctx.connection().option("bootstrap-servers"));
      KafkaClientProperties.apply(ctx.connection(), (k, v) -> with.put("properties." + k, v));
      if (!ctx.keyColumns().isEmpty()) {
        with.put("key.format", "json");
        with.put("key.fields", String.join(";", ctx.keyColumns()));
        with.put("key.json.timestamp-format.standard", "ISO-8601");
        with.put("value.format", "json");
        with.put("value.fields-include", "ALL");
        with.put("value.json.timestamp-format.standard", "ISO-8601");
        with.put("value.json.encode.decimal-as-plain-number", "true");
      } else {
        with.put("format", "json");
        with.put("json.timestamp-format.standard", "ISO-8601");
        with.put("json.encode.decimal-as-plain-number", "true");
      }
      String guarantee = ctx.sink().options().getOrDefault("delivery-guarantee", "at-least-once");
      with.put("sink.delivery-guarantee", guarantee);
      if ("exactly-once".equals(guarantee)) {
        with.put(
            "sink.transactional-id-prefix",
            "strata." + ctx.settings().name() + "." + ctx.table() + "." + ctx.sink().index());
      }
      return SqlLiterals.createTable(ctx.sinkTableName(), ctx.columns(), with);
    };
  }
}
