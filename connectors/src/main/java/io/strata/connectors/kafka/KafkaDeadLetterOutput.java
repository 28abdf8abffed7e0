package io.strata.connectors.kafka;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.DeadLetterOutput;
import io.strata.layers.generate.JobContext;
import io.strata.layers.plugin.KafkaClientProperties;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Writes dead letters (JSON) to a Kafka topic, at least once. */
public final class KafkaDeadLetterOutput implements DeadLetterOutput {

  @Override
  public void write(
      JobContext ctx, TableRef owner, String topic, String connection, DataStream<byte[]> records) {
    ConnectionDef kafka = ctx.pipeline().connections().get(connection);
    Properties props = new Properties();
    KafkaClientProperties.apply(kafka, props::setProperty);
    KafkaSink<byte[]> sink =
        KafkaSink.<byte[]>builder()
            .setBootstrapServers(kafka.option("bootstrap-servers"))
            .setKafkaProducerConfig(props)
            .setRecordSerializer(
                KafkaRecordSerializationSchema.<byte[]>builder()
                    .setTopic(topic)
                    .setValueSerializationSchema(v -> v)
                    .build())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .build();
    String name = owner + "/dead-letters:" + topic;
    records.sinkTo(sink).name(name).uid(name);
    ctx.record(
        owner,
        "dead letters",
        "-- records that cannot be used go to Kafka topic '"
            + topic
            + "' as JSON {table, kind, reason, topic, partition, offset, raw_base64}");
  }
}
