package io.strata.connectors.clickhouse;

import java.util.Arrays;

/**
 * A growable byte buffer with the little-endian and varint writes of ClickHouse's RowBinary format.
 */
final class RowBinaryBuffer {
  private byte[] bytes;
  private int size;

  RowBinaryBuffer(int capacity) {
    bytes = new byte[Math.max(64, capacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return bytes;
  }

  /** Forgets everything written after {@code mark} (a rejected row). */
  void truncate(int mark) {
    size = mark;
  }

  void clear() {
    size = 0;
  }

  /** The content, copied. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /** The low {@code width} bytes of {@code v}, little-endian. */
  void writeLE(long v, int width) {
    ensure(width);
    for (int i = 0; i < width; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
  }

  void writeVarUInt(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  void write(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  void writeZeros(int n) {
    ensure(n);
    Arrays.fill(bytes, size, size + n, (byte) 0);
    size += n;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
