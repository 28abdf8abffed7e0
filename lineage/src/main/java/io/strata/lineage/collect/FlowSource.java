package io.strata.lineage.collect;

/** Where the lineage service reads a job's flow from: an in-process job or a Flink REST API. */
public interface FlowSource extends AutoCloseable {

  /** Reads the job's current counters, watermarks, checkpoints and load. Never returns null. */
  FlowSample sample();

  /**
   * One line for the page and logs, e.g. {@code embedded job 4f2e...} or {@code Flink REST
   * http://...}.
   */
  String describe();

  @Override
  default void close() {}
}
