package io.strata.ods.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka records to wire rows; a record that cannot be read becomes a dead letter, never an error.
 */
final class OdsKafkaDeserializer implements KafkaRecordDeserializationSchema<Row> {
  private final OdsDecoding decoding;
  private final TypeInformation<Row> wireType;

  OdsKafkaDeserializer(OdsDecoding decoding, TypeInformation<Row> wireType) {
    this.decoding = decoding;
    this.wireType = wireType;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
    out.collect(
        decoding.decode(record.value(), record.topic(), record.partition(), record.offset()));
  }

  @Override
  public TypeInformation<Row> getProducedType() {
    return wireType;
  }
}
