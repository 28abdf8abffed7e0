package io.strata.layers.plugin;

import io.strata.layers.definition.ConnectionDef;
import java.util.function.BiConsumer;

/** Passes a Kafka connection's client settings (security, SASL) to a Kafka client builder. */
public final class KafkaClientProperties {
  private KafkaClientProperties() {}

  public static void apply(ConnectionDef kafka, BiConsumer<String, String> set) {
    if (kafka.option("security-protocol") != null) {
      set.accept("security.protocol", kafka.option("security-protocol"));
    }
    if (kafka.option("sasl-mechanism") != null) {
      set.accept("sasl.mechanism", kafka.option("sasl-mechanism"));
    }
    if (kafka.option("username") != null && kafka.option("password") != null) {
      set.accept(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + kafka.option("username").replace("\"", "")
              + "\" password=\""
              + kafka.option("password").replace("\"", "")
              + "\";");
    }
  }
}
