package io.strata.ods.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** Test helpers: column declarations from "name TYPE" strings, Java serialization round trips. */
final class Columns {

  private Columns() {}

  static LogicalType type(String sql) {
    return LogicalTypeParser.parse(sql, Columns.class.getClassLoader());
  }

  /** {@code of("price DECIMAL(18, 4)", "qty INT NOT NULL")}. */
  static RowType of(String... declarations) {
    List<RowType.RowField> fields = new ArrayList<>();
    for (String d : declarations) {
      int space = d.indexOf(' ');
      fields.add(new RowType.RowField(d.substring(0, space), type(d.substring(space + 1))));
    }
    return new RowType(fields);
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
