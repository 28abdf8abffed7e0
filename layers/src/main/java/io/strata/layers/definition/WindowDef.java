package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;

/** A DWS window: tumble (size), hop (size, slide) or cumulate (size, step). */
public record WindowDef(String type, Duration size, Duration slide, Duration step, Origin origin)
    implements Serializable {

  /** The end of the latest window that contains {@code ts} (epoch millis, window-local time). */
  public long lastWindowEnd(long ts) {
    long sizeMs = size.toMillis();
    return switch (type) {
      case "hop" -> Math.floorDiv(ts, slide.toMillis()) * slide.toMillis() + sizeMs;
      default -> Math.floorDiv(ts, sizeMs) * sizeMs + sizeMs; // tumble and cumulate
    };
  }
}
