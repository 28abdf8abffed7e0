package io.strata.ods.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts each partition {@code count} records before its end (or at its beginning), for samples.
 */
final class NewestRecordsOffsets implements OffsetsInitializer {
  private static final long serialVersionUID = 1L;

  private final long count;

  NewestRecordsOffsets(long count) {
    this.count = count;
  }

  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever offsets) {
    Map<TopicPartition, Long> end = offsets.endOffsets(partitions);
    Map<TopicPartition, Long> begin = offsets.beginningOffsets(partitions);
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition p : partitions) {
      start.put(p, Math.max(begin.getOrDefault(p, 0L), end.getOrDefault(p, 0L) - count));
    }
    return start;
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return OffsetResetStrategy.EARLIEST;
  }
}
