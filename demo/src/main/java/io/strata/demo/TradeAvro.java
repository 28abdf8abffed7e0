package io.strata.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Encodes and decodes {@code trade.avsc} records as plain Avro binary datums (no container file, no
 * schema-registry header), the form written to {@code trading.trades}.
 */
public final class TradeAvro {

  /** Classpath location of the schema; identical to configs/trading/schemas/trade.avsc. */
  public static final String SCHEMA_RESOURCE = "/trading/schemas/trade.avsc";

  public static final int PRICE_SCALE = 4;

  private static volatile TradeAvro classpathInstance;

  private final Schema schema;
  private final Schema priceSchema;
  private final LogicalType priceType;
  private final Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();

  private TradeAvro(Schema schema) {
    this.schema = schema;
    this.priceSchema = schema.getField("price").schema();
    this.priceType = priceSchema.getLogicalType();
    if (priceType == null) {
      throw new IllegalArgumentException("price must carry the decimal logical type");
    }
  }

  /** The schema bundled in this jar ({@value #SCHEMA_RESOURCE}). */
  public static TradeAvro fromClasspath() {
    TradeAvro instance = classpathInstance;
    if (instance == null) {
      try (InputStream in = TradeAvro.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing classpath resource " + SCHEMA_RESOURCE);
        }
        instance = new TradeAvro(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      classpathInstance = instance;
    }
    return instance;
  }

  /** A schema file, e.g. configs/trading/schemas/trade.avsc. */
  public static TradeAvro fromFile(Path avsc) throws IOException {
    return new TradeAvro(new Schema.Parser().parse(Files.readString(avsc)));
  }

  public Schema schema() {
    return schema;
  }

  /** The binary datum for a trade; a null account_id is written as the union's null branch. */
  public byte[] encode(GeneratedTrade trade) {
    GenericRecord record = new GenericData.Record(schema);
    record.put("trade_id", trade.tradeId());
    record.put("account_id", trade.accountId());
    record.put("symbol", trade.symbol());
    record.put("side", trade.side());
    BigDecimal price = trade.price().setScale(PRICE_SCALE, RoundingMode.UNNECESSARY);
    record.put("price", decimals.toBytes(price, priceSchema, priceType));
    record.put("quantity", trade.quantity());
    record.put("trade_time", trade.tradeTime().toEpochMilli());
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a binary datum with a plain {@link GenericDatumReader} (price as a ByteBuffer,
   * trade_time as a Long). Throws for bytes that are not a complete datum; trailing bytes are
   * ignored, as a Kafka deserializer would.
   */
  public GenericRecord decode(byte[] bytes) throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    return new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
  }

  /** True when {@link #decode} succeeds. */
  public boolean isDecodable(byte[] bytes) {
    try {
      decode(bytes);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The logical values of a decoded record. */
  public GeneratedTrade toTrade(GenericRecord record) {
    Object account = record.get("account_id");
    BigDecimal price =
        decimals.fromBytes(((ByteBuffer) record.get("price")).duplicate(), priceSchema, priceType);
    return new GeneratedTrade(
        record.get("trade_id").toString(),
        account == null ? null : account.toString(),
        record.get("symbol").toString(),
        record.get("side").toString(),
        price,
        (Long) record.get("quantity"),
        Instant.ofEpochMilli((Long) record.get("trade_time")));
  }
}
