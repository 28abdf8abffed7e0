package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.time.LocalDate;
import java.util.Map;

/**
 * How a composed job is fed and where its results go.
 *
 * @param boundedSources stop each Kafka source at the offsets current when the job starts
 * @param writeSinks attach the configured sinks (off in tests, validation and benchmarks)
 * @param checkpointing enable checkpointing as configured
 * @param givenRecords raw records to read instead of Kafka (config tests), per ODS table
 * @param consumerGroupSuffix appended to consumer group ids (isolates benchmark runs)
 * @param odsSources decoded rows to read instead of Kafka, per ODS table (e.g. the Hive archive)
 * @param batch run in Flink's batch mode: bounded inputs, results computed once over all of them,
 *     nothing is late (the backfill's mode)
 * @param dimensionsAsOf look versioned dimensions up as of this day (the version in force at the end
 *     of the day, see docs/dimensions.md) instead of their current version; null: current (streaming)
 */
public record RunOptions(
    boolean boundedSources,
    boolean writeSinks,
    boolean checkpointing,
    Map<TableRef, java.util.List<byte[]>> givenRecords,
    String consumerGroupSuffix,
    Map<TableRef, OdsRowSource> odsSources,
    boolean batch,
    LocalDate dimensionsAsOf) {

  public RunOptions(
      boolean boundedSources,
      boolean writeSinks,
      boolean checkpointing,
      Map<TableRef, java.util.List<byte[]>> givenRecords,
      String consumerGroupSuffix,
      Map<TableRef, OdsRowSource> odsSources,
      boolean batch) {
    this(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, null);
  }

  public RunOptions(
      boolean boundedSources,
      boolean writeSinks,
      boolean checkpointing,
      Map<TableRef, java.util.List<byte[]>> givenRecords,
      String consumerGroupSuffix) {
    this(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, null, false, null);
  }

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
    return new RunOptions(boundedSources, false, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, dimensionsAsOf);
  }

  public RunOptions withConsumerGroupSuffix(String suffix) {
    return new RunOptions(boundedSources, writeSinks, checkpointing, givenRecords, suffix, odsSources, batch, dimensionsAsOf);
  }

  /** Reads these ODS tables from the given sources instead of Kafka. */
  public RunOptions withOdsSources(Map<TableRef, OdsRowSource> sources) {
    return new RunOptions(true, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, sources, batch, dimensionsAsOf);
  }

  /** The same job in Flink's batch mode (bounded inputs, no checkpoints, nothing late). */
  public RunOptions inBatchMode() {
    return new RunOptions(true, writeSinks, false, givenRecords, consumerGroupSuffix, odsSources, true, dimensionsAsOf);
  }

  /** Versioned dimensions are looked up as of {@code day} (the backfill of that day). */
  public RunOptions withDimensionsAsOf(LocalDate day) {
    return new RunOptions(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, day);
  }
}
