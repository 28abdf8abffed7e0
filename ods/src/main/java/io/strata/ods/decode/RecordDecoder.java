package io.strata.ods.decode;

import org.apache.flink.types.Row;

/**
 * Decodes one raw record into a row of the declared columns.
 *
 * <p>Implementations are created on the client and shipped to Flink workers by Java serialization;
 * heavy state is transient and rebuilt lazily. An instance is not thread-safe: every Flink subtask
 * works on its own deserialized copy.
 */
public interface RecordDecoder extends java.io.Serializable {

  /**
   * Decodes one Kafka record value.
   *
   * @return a new row of {@link org.apache.flink.types.RowKind#INSERT} whose arity is the number of
   *     declared columns, fields positional in declaration order
   * @throws DecodeException if the value cannot feed the columns exactly; the message says why
   */
  Row decode(byte[] value) throws DecodeException;
}
