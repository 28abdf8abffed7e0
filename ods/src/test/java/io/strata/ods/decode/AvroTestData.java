package io.strata.ods.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes Avro test records with Avro's own GenericDatumWriter, logical types converted from
 * java.time/BigDecimal.
 */
final class AvroTestData {

  static final String TRADE_SCHEMA =
      "{\"type\": \"record\", \"name\": \"Trade\", \"namespace\": \"trading\", \"fields\": ["
          + "{\"name\": \"trade_id\", \"type\": \"string\"},"
          + "{\"name\": \"side\", \"type\": {\"type\": \"enum\", \"name\": \"Side\", \"symbols\": [\"BUY\", \"SELL\"]}},"
          + "{\"name\": \"quantity\", \"type\": \"long\"},"
          + "{\"name\": \"price\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18,"
          + " \"scale\": 4}},"
          + "{\"name\": \"trade_time\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}},"
          + "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}"
          + "]}";

  private AvroTestData() {}

  static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  /**
   * A record schema {@code test.R} with the given field declarations ({@code "name": ..., "type":
   * ...}).
   */
  static String recordSchema(String... fields) {
    StringBuilder sb =
        new StringBuilder(
            "{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"test\", \"fields\": [");
    for (int i = 0; i < fields.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('{').append(fields[i]).append('}');
    }
    return sb.append("]}").toString();
  }

  private static final GenericData MODEL = newModel();

  static GenericData model() {
    return MODEL;
  }

  private static GenericData newModel() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.DateConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    return model;
  }

  static byte[] write(GenericRecord record) {
    return write(record, false);
  }

  /**
   * With {@code blocking}, arrays and maps are written as size-prefixed blocks (negative counts).
   */
  static byte[] write(GenericRecord record, boolean blocking) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Encoder encoder =
          blocking
              ? EncoderFactory.get().blockingBinaryEncoder(out, null)
              : EncoderFactory.get().binaryEncoder(out, (BinaryEncoder) null);
      new GenericDatumWriter<GenericRecord>(record.getSchema(), model()).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
