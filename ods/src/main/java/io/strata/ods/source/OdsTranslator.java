package io.strata.ods.source;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.CountRows;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.LayerTranslator;
import io.strata.layers.generate.TableStream;
import io.strata.ods.decode.AvroRecordDecoder;
import io.strata.ods.decode.JsonRecordDecoder;
import io.strata.ods.decode.RecordDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * ODS: reads a Kafka topic (or given records in config tests), decodes JSON or Avro against the
 * declared columns, assigns event time and watermarks, and sends what cannot be read to the
 * dead-letter topic with its reason.
 */
public final class OdsTranslator implements LayerTranslator {

  @Override
  public Layer layer() {
    return Layer.ODS;
  }

  @Override
  public void translate(TableRef ref, JobContext ctx) {
    OdsTableDef t = ctx.pipeline().ods().get(ref.table());
    RowType declared = OdsRowType.declared(t);
    int columns = declared.getFieldCount();
    String eventTime = t.eventTime() == null ? null : t.eventTime().column();
    int eventIndex = eventTime == null ? -1 : declared.getFieldNames().indexOf(eventTime);
    DataType wireType = OdsRowType.wireDataType(declared);
    TypeInformation<Row> wireInfo = ExternalTypeInfo.of(wireType);

    List<byte[]> given =
        ctx.options().givenRecords() == null
            ? null
            : ctx.options().givenRecords().getOrDefault(ref, List.of());
    // Config tests give rows as JSON objects whatever the topic's format.
    RecordDecoder decoder = given != null ? new JsonRecordDecoder(declared) : decoder(t, declared);
    OdsDecoding decoding = new OdsDecoding(decoder, columns, eventIndex, eventTime);
    WatermarkStrategy<Row> watermarks =
        eventIndex < 0
            ? WatermarkStrategy.noWatermarks()
            : OdsWatermarks.strategy(
                eventIndex, columns, t.eventTime().watermarkDelay().toMillis());

    String sourceName = ref + "/source";
    if (ctx.options().odsSources() != null && ctx.options().odsSources().containsKey(ref)) {
      TypeInformation<Row> rowInfo = ExternalTypeInfo.of(OdsRowType.declaredDataType(declared));
      DataStream<Row> read =
          CountRows.after(
              ctx, ctx.options().odsSources().get(ref).rows(ctx, ref, rowInfo), ref, "read");
      DataStream<Row> rows =
          CountRows.after(
              ctx,
              read.assignTimestampsAndWatermarks(watermarks)
                  .name(ref + "/watermarks")
                  .uid(ref + "/watermarks"),
              ref,
              "out");
      ctx.record(
          ref,
          "source",
          "-- rows read from " + ctx.options().odsSources().get(ref) + " instead of Kafka");
      ctx.publish(new TableStream(ref, rows, OdsRowType.declaredDataType(declared), eventTime));
      return;
    }
    DataStream<Row> wire;
    if (given != null) {
      String topic = t.source() == null ? ref.toString() : t.source().topic();
      wire =
          ctx.env()
              .fromSequence(0, given.size())
              .name(sourceName)
              .uid(sourceName)
              .setParallelism(1)
              .flatMap(new GivenRecordDecoder(decoding, topic, given))
              .returns(wireInfo)
              .name(ref + "/decode")
              .uid(ref + "/decode")
              .setParallelism(1)
              .assignTimestampsAndWatermarks(watermarks)
              .name(ref + "/watermarks")
              .uid(ref + "/watermarks")
              .setParallelism(1);
    } else {
      wire =
          ctx.env()
              .fromSource(kafkaSource(ctx, t, decoding, wireInfo), watermarks, sourceName)
              .uid(sourceName);
    }
    SingleOutputStreamOperator<Row> rows =
        wire.process(new DeadLetterSplitter(ctx.pipeline().settings().name(), ref, columns))
            .returns(ExternalTypeInfo.of(OdsRowType.declaredDataType(declared)))
            .name(ref + "/split-dead-letters")
            .uid(ref + "/split-dead-letters");
    ctx.deadLetters()
        .write(
            ctx,
            ref,
            t.deadLetter().topic(),
            t.source().connection(),
            rows.getSideOutput(DeadLetterSplitter.DEAD_LETTERS));
    ctx.publish(new TableStream(ref, rows, OdsRowType.declaredDataType(declared), eventTime));
  }

  private static RecordDecoder decoder(OdsTableDef t, RowType declared) {
    if ("avro".equals(t.source().format())) {
      try {
        return new AvroRecordDecoder(Files.readString(t.source().schema()), declared);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read Avro schema " + t.source().schema(), e);
      }
    }
    return new JsonRecordDecoder(declared);
  }

  private static KafkaSource<Row> kafkaSource(
      JobContext ctx, OdsTableDef t, OdsDecoding decoding, TypeInformation<Row> wireInfo) {
    ConnectionDef kafka = ctx.pipeline().connections().get(t.source().connection());
    KafkaSourceBuilder<Row> b =
        KafkaSource.<Row>builder()
            .setBootstrapServers(kafka.option("bootstrap-servers"))
            .setTopics(t.source().topic())
            .setGroupId(
                "strata."
                    + ctx.pipeline().settings().name()
                    + ".ods."
                    + t.name()
                    + ctx.options().consumerGroupSuffix())
            .setDeserializer(new OdsKafkaDeserializer(decoding, wireInfo))
            .setProperty(
                "partition.discovery.interval.ms", ctx.options().boundedSources() ? "-1" : "60000");
    io.strata.layers.plugin.KafkaClientProperties.apply(kafka, b::setProperty);
    b.setStartingOffsets(
        ctx.options().sampleLast() > 0
            ? new NewestRecordsOffsets(ctx.options().sampleLast())
            : switch (t.source().start()) {
              case "earliest" -> OffsetsInitializer.earliest();
              case "latest" -> OffsetsInitializer.latest();
              default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            });
    if (ctx.options().boundedSources()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }
}
