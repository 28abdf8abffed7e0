package io.strata.ods.decode;

import static io.strata.ods.decode.AvroTestData.parse;
import static io.strata.ods.decode.AvroTestData.recordSchema;
import static io.strata.ods.decode.AvroTestData.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Random records written by Avro's GenericDatumWriter must decode to exactly the values written.
 */
class AvroRoundTripPropertyTest {

  private static final String SCHEMA =
      recordSchema(
          "\"name\": \"i\", \"type\": \"int\"",
          "\"name\": \"l\", \"type\": \"long\"",
          "\"name\": \"f\", \"type\": \"float\"",
          "\"name\": \"d\", \"type\": \"double\"",
          "\"name\": \"b\", \"type\": \"boolean\"",
          "\"name\": \"s\", \"type\": \"string\"",
          "\"name\": \"raw\", \"type\": \"bytes\"",
          "\"name\": \"skipped\", \"type\": {\"type\": \"map\", \"values\": {\"type\": \"array\", \"items\": \"long\"}}",
          "\"name\": \"dec\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 38,"
              + " \"scale\": 10}",
          "\"name\": \"fdec\", \"type\": {\"type\": \"fixed\", \"name\": \"F\", \"size\": 9, \"logicalType\":"
              + " \"decimal\", \"precision\": 20, \"scale\": 3}",
          "\"name\": \"opt\", \"type\": [\"null\", \"long\"]",
          "\"name\": \"day\", \"type\": {\"type\": \"int\", \"logicalType\": \"date\"}",
          "\"name\": \"ts\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}",
          "\"name\": \"lts\", \"type\": {\"type\": \"long\", \"logicalType\": \"local-timestamp-millis\"}");

  @Test
  void decodesRandomRecordsToExactlyTheValuesWritten() throws Exception {
    Schema schema = parse(SCHEMA);
    AvroRecordDecoder decoder =
        new AvroRecordDecoder(
            SCHEMA,
            Columns.of(
                "i INT NOT NULL",
                "l BIGINT",
                "f FLOAT",
                "d DOUBLE",
                "b BOOLEAN",
                "s STRING",
                "raw BYTES",
                "dec DECIMAL(38, 10)",
                "fdec DECIMAL(20, 3)",
                "opt BIGINT",
                "day DATE",
                "ts TIMESTAMP_LTZ(6)",
                "lts TIMESTAMP(3)"));
    Random random = new Random(7);
    for (int n = 0; n < 10_000; n++) {
      int i = randomInt(random);
      long l = randomLong(random);
      float f = Float.intBitsToFloat(random.nextInt());
      double d = Double.longBitsToDouble(random.nextLong());
      boolean b = random.nextBoolean();
      String s = randomString(random);
      byte[] raw = new byte[random.nextInt(20)];
      random.nextBytes(raw);
      BigDecimal dec =
          new BigDecimal(
              new BigInteger(random.nextInt(126) + 1, random)
                  .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
              10);
      BigDecimal fdec =
          new BigDecimal(BigInteger.valueOf(randomLong(random) % 100_000_000_000_000_000L), 3);
      Long opt = random.nextInt(3) == 0 ? null : randomLong(random);
      LocalDate day =
          LocalDate.ofEpochDay(
              Values.MIN_EPOCH_DAY
                  + (long) (random.nextDouble() * (Values.MAX_EPOCH_DAY - Values.MIN_EPOCH_DAY)));
      Instant ts =
          Instant.ofEpochSecond(
              Values.MIN_EPOCH_SECOND
                  + (long)
                      (random.nextDouble() * (Values.MAX_EPOCH_SECOND - Values.MIN_EPOCH_SECOND)),
              random.nextInt(1_000_000) * 1_000L);
      LocalDateTime lts =
          LocalDateTime.ofEpochSecond(
              random.nextInt(), random.nextInt(1000) * 1_000_000, ZoneOffset.UTC);

      GenericRecord record = new GenericData.Record(schema);
      record.put("i", i);
      record.put("l", l);
      record.put("f", f);
      record.put("d", d);
      record.put("b", b);
      record.put("s", s);
      record.put("raw", ByteBuffer.wrap(raw));
      record.put("skipped", java.util.Map.of("k" + n, java.util.List.of(l, (long) i)));
      record.put("dec", dec);
      record.put("fdec", fdec);
      record.put("opt", opt);
      record.put("day", day);
      record.put("ts", ts);
      record.put("lts", lts);

      Row row = decoder.decode(write(record, random.nextBoolean()));

      assertThat(row.getField(0)).isEqualTo(i);
      assertThat(row.getField(1)).isEqualTo(l);
      assertThat(Float.floatToRawIntBits((Float) row.getField(2)))
          .isEqualTo(Float.floatToRawIntBits(f));
      assertThat(Double.doubleToRawLongBits((Double) row.getField(3)))
          .isEqualTo(Double.doubleToRawLongBits(d));
      assertThat(row.getField(4)).isEqualTo(b);
      assertThat(row.getField(5)).isEqualTo(s);
      assertThat(row.getField(6)).isEqualTo(raw);
      assertThat(row.getField(7)).isEqualTo(dec);
      assertThat(row.getField(8)).isEqualTo(fdec);
      assertThat(row.getField(9)).isEqualTo(opt);
      assertThat(row.getField(10)).isEqualTo(day);
      assertThat(row.getField(11)).isEqualTo(ts);
      assertThat(row.getField(12)).isEqualTo(lts);
    }
  }

  private static int randomInt(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(256) - 128;
      case 1:
        return random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      default:
        return random.nextInt() >> random.nextInt(32);
    }
  }

  private static long randomLong(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(256) - 128;
      case 1:
        return random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      default:
        return random.nextLong() >> random.nextInt(64);
    }
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(12);
    for (int k = 0; k < length; k++) {
      switch (random.nextInt(4)) {
        case 0:
          sb.append((char) ('a' + random.nextInt(26)));
          break;
        case 1:
          sb.append((char) (0xA0 + random.nextInt(0x700)));
          break;
        case 2:
          sb.appendCodePoint(0x1F600 + random.nextInt(50));
          break;
        default:
          sb.append('\uFFFD');
      }
    }
    return sb.toString();
  }
}
