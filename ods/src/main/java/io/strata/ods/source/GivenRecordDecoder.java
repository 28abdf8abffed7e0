package io.strata.ods.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Emits and decodes the records a config test gives, in order, numbering them like offsets of a
 * one-partition topic. Driven by a number sequence (one number more than records, so that an empty
 * list is still a valid bounded source).
 */
final class GivenRecordDecoder implements FlatMapFunction<Long, Row> {
  private final OdsDecoding decoding;
  private final String topic;
  private final ArrayList<byte[]> records;

  GivenRecordDecoder(OdsDecoding decoding, String topic, List<byte[]> records) {
    this.decoding = decoding;
    this.topic = topic;
    this.records = new ArrayList<>(records);
  }

  @Override
  public void flatMap(Long index, Collector<Row> out) {
    if (index < records.size()) {
      out.collect(decoding.decode(records.get(index.intValue()), topic, 0, index));
    }
  }
}
