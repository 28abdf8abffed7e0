package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where dead letters go: a Kafka topic when a pipeline runs, an in-memory capture in {@code strata
 * test}. Records are JSON documents made by {@link DeadLetters}.
 */
public interface DeadLetterOutput {
  void write(
      JobContext context,
      TableRef owner,
      String topic,
      String connection,
      DataStream<byte[]> records);
}
