package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.util.Map;

/**
 * How a composed job is fed and where its results go.
 *
 * @param boundedSources stop each Kafka source at the offsets current when the job starts
 * @param writeSinks attach the configured sinks (off in tests, validation and benchmarks)
 * @param checkpointing enable checkpointing as configured
 * @param givenRecords raw records to read instead of Kafka (config tests), per ODS table
 * @param consumerGroupSuffix appended to consumer group ids (isolates benchmark runs)
 */
public record RunOptions(
    boolean boundedSources,
    boolean writeSinks,
    boolean checkpointing,
    Map<TableRef, java.util.List<byte[]>> givenRecords,
    String consumerGroupSuffix) {

  /** A normal run: unbounded sources, sinks written, checkpoints on. */
  public static RunOptions continuous() {
    return new RunOptions(false, true, true, null, "");
  }

  /** Reads what is in the topics now, writes sinks, then finishes. */
  public static RunOptions untilEndOfTopics() {
    return new RunOptions(true, true, true, null, "");
  }

  /** Reads given records instead of Kafka and writes no sinks. */
  public static RunOptions givenRecords(Map<TableRef, java.util.List<byte[]>> records) {
    return new RunOptions(true, false, false, records, "");
  }

  public RunOptions withoutSinks() {
    return new RunOptions(boundedSources, false, checkpointing, givenRecords, consumerGroupSuffix);
  }

  public RunOptions withConsumerGroupSuffix(String suffix) {
    return new RunOptions(boundedSources, writeSinks, checkpointing, givenRecords, suffix);
  }
}
