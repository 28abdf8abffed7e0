package io.strata.ods.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Reads the Avro binary encoding straight from one record's byte array, reused across records.
 *
 * <p>Unlike Avro's own BinaryDecoder this checks every length against the bytes actually left
 * before allocating, so a corrupt length cannot make a worker allocate gigabytes, and it rejects
 * what Avro's writers never produce (boolean bytes other than 0/1, over-long varints, out-of-range
 * union and enum indexes). Problems with the bytes themselves are thrown as {@link Corrupt}.
 */
final class AvroBinaryReader {

  /** Nesting depth beyond which skipped data is considered corrupt rather than followed. */
  static final int MAX_DEPTH = 500;

  /**
   * The bytes do not form a datum of the writer schema. Unchecked so it passes through value
   * conversions.
   */
  static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  private byte[] buf = new byte[0];
  private int pos;
  private int limit;
  private CharsetDecoder strictUtf8;
  private final Map<Schema, Boolean> emptySchemas = new IdentityHashMap<>();

  void reset(byte[] bytes) {
    buf = bytes;
    pos = 0;
    limit = bytes.length;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return limit - pos;
  }

  Corrupt endOfData() {
    return new Corrupt("the data ends too early (after " + limit + " bytes)");
  }

  private void need(int n) {
    if (limit - pos < n) {
      throw endOfData();
    }
  }

  boolean readBoolean() {
    if (pos >= limit) {
      throw endOfData();
    }
    int b = buf[pos];
    if (b == 0 || b == 1) {
      pos++;
      return b == 1;
    }
    throw new Corrupt("byte " + pos + " should be a boolean (0 or 1) but is " + (b & 0xff));
  }

  int readInt() {
    int start = pos;
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= limit) {
        throw endOfData();
      }
      int b = buf[pos++];
      result |= (b & 0x7f) << shift;
      if (b >= 0) {
        if (shift == 28 && b > 0x0f) {
          break;
        }
        return (result >>> 1) ^ -(result & 1);
      }
    }
    throw new Corrupt("invalid int encoding at byte " + start);
  }

  long readLong() {
    int start = pos;
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= limit) {
        throw endOfData();
      }
      int b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        if (shift == 63 && b > 0x01) {
          break;
        }
        return (result >>> 1) ^ -(result & 1);
      }
    }
    throw new Corrupt("invalid long encoding at byte " + start);
  }

  float readFloat() {
    need(4);
    int bits =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  double readDouble() {
    need(8);
    long lo =
        (buf[pos] & 0xffL)
            | (buf[pos + 1] & 0xffL) << 8
            | (buf[pos + 2] & 0xffL) << 16
            | (buf[pos + 3] & 0xffL) << 24;
    long hi =
        (buf[pos + 4] & 0xffL)
            | (buf[pos + 5] & 0xffL) << 8
            | (buf[pos + 6] & 0xffL) << 16
            | (buf[pos + 7] & 0xffL) << 24;
    pos += 8;
    return Double.longBitsToDouble(lo | hi << 32);
  }

  /** A string or bytes length, checked against the bytes left. */
  int readLength() {
    int start = pos;
    long length = readLong();
    if (length < 0) {
      throw new Corrupt("negative length " + length + " at byte " + start);
    }
    if (length > limit - pos) {
      throw new Corrupt(
          "length "
              + length
              + " at byte "
              + start
              + " is more than the "
              + (limit - pos)
              + " bytes left");
    }
    return (int) length;
  }

  /** A UTF-8 string, or null if its bytes are not valid UTF-8 (they are consumed either way). */
  String readUtf8() {
    int length = readLength();
    int start = pos;
    pos += length;
    String s = new String(buf, start, length, StandardCharsets.UTF_8);
    // Malformed input decodes to U+FFFD. For Latin-1-only strings indexOf answers without scanning.
    if (s.indexOf('\uFFFD') >= 0 && !isStrictUtf8(start, length)) {
      return null;
    }
    return s;
  }

  private boolean isStrictUtf8(int start, int length) {
    if (strictUtf8 == null) {
      strictUtf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      strictUtf8.reset().decode(ByteBuffer.wrap(buf, start, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  byte[] readBytes() {
    int length = readLength();
    byte[] b = Arrays.copyOfRange(buf, pos, pos + length);
    pos += length;
    return b;
  }

  byte[] readFixed(int size) {
    need(size);
    byte[] b = Arrays.copyOfRange(buf, pos, pos + size);
    pos += size;
    return b;
  }

  /** A decimal whose two's-complement big-endian unscaled value takes {@code length} bytes. */
  BigDecimal readDecimal(int length, int scale) {
    need(length);
    if (length == 0) {
      throw new Corrupt("a decimal value at byte " + pos + " has no bytes");
    }
    BigDecimal d;
    if (length <= 8) {
      long v = buf[pos]; // sign-extended
      for (int i = 1; i < length; i++) {
        v = (v << 8) | (buf[pos + i] & 0xff);
      }
      d = BigDecimal.valueOf(v, scale);
    } else {
      d = new BigDecimal(new BigInteger(buf, pos, length), scale);
    }
    pos += length;
    return d;
  }

  /** A union branch or enum symbol index in [0, count) of the given union or enum schema. */
  int readIndex(int count, Schema owner) {
    int start = pos;
    int i = readInt();
    if (i < 0 || i >= count) {
      String what =
          owner.getType() == Schema.Type.ENUM
              ? "enum " + owner.getFullName() + " symbol"
              : "union branch";
      throw new Corrupt(
          what + " index " + i + " at byte " + start + " is not between 0 and " + (count - 1));
    }
    return i;
  }

  void skipBytes(long n) {
    if (n < 0 || n > limit - pos) {
      throw endOfData();
    }
    pos += (int) n;
  }

  /** Skips one value of the given schema, validating what it passes. */
  void skip(Schema s, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Corrupt("values nested more than " + MAX_DEPTH + " levels deep");
    }
    switch (s.getType()) {
      case NULL:
        return;
      case BOOLEAN:
        readBoolean();
        return;
      case INT:
        readInt();
        return;
      case LONG:
        readLong();
        return;
      case FLOAT:
        skipBytes(4);
        return;
      case DOUBLE:
        skipBytes(8);
        return;
      case STRING:
      case BYTES:
        skipBytes(readLength());
        return;
      case FIXED:
        skipBytes(s.getFixedSize());
        return;
      case ENUM:
        readIndex(s.getEnumSymbols().size(), s);
        return;
      case RECORD:
        for (Schema.Field f : s.getFields()) {
          skip(f.schema(), depth + 1);
        }
        return;
      case UNION:
        {
          List<Schema> branches = s.getTypes();
          skip(branches.get(readIndex(branches.size(), s)), depth + 1);
          return;
        }
      case ARRAY:
        skipBlocks(s.getElementType(), false, depth);
        return;
      case MAP:
        skipBlocks(s.getValueType(), true, depth);
        return;
      default:
        throw new IllegalStateException("unknown Avro type " + s.getType());
    }
  }

  /**
   * Array or map blocks: (count, items)* 0, where a negative count is followed by the block's size
   * in bytes.
   */
  private void skipBlocks(Schema item, boolean map, int depth) {
    boolean emptyItems = !map && alwaysEmpty(item);
    while (true) {
      int start = pos;
      long count = readLong();
      if (count == 0) {
        return;
      }
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw new Corrupt("invalid block count at byte " + start);
        }
        long size = readLong();
        if (size < 0 || size > limit - pos) {
          throw new Corrupt(
              "block size " + size + " at byte " + start + " does not fit in the bytes left");
        }
        pos += (int) size;
        continue;
      }
      if (emptyItems) {
        continue; // items that encode to no bytes at all (e.g. null): nothing to skip
      }
      if (count > limit - pos) {
        throw new Corrupt(
            "block of " + count + " items at byte " + start + " cannot fit in the bytes left");
      }
      for (long i = 0; i < count; i++) {
        if (map) {
          skipBytes(readLength());
        }
        skip(item, depth + 1);
      }
    }
  }

  /**
   * True if every value of the schema encodes to zero bytes (null, fixed(0), records of only such
   * fields).
   */
  private boolean alwaysEmpty(Schema s) {
    Boolean known = emptySchemas.get(s);
    if (known != null) {
      return known;
    }
    boolean empty;
    switch (s.getType()) {
      case NULL:
        empty = true;
        break;
      case FIXED:
        empty = s.getFixedSize() == 0;
        break;
      case RECORD:
        emptySchemas.put(s, Boolean.FALSE); // a record that contains itself is never empty
        empty = true;
        for (Schema.Field f : s.getFields()) {
          if (!alwaysEmpty(f.schema())) {
            empty = false;
            break;
          }
        }
        break;
      default:
        empty = false;
    }
    emptySchemas.put(s, empty);
    return empty;
  }
}
