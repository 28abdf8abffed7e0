package io.strata.lineage;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.SinkTranslator;
import java.util.List;

/**
 * A stand-in for the Kafka connector (which lives in a module built after this one): options only.
 */
public final class TestKafkaPlugin implements ConnectorPlugin {
  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Kafka (test stand-in)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(Option.string("bootstrap-servers").required().description("host:port"));
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(Option.topic("topic").required().description("topic"));
  }

  @Override
  public String sinkUnavailableReason() {
    return null;
  }

  @Override
  public SinkTranslator sinkTranslator() {
    return ctx -> "";
  }
}
