package io.strata.layers.definition;

/** The warehouse layers, in the order data flows through them. */
public enum Layer {
  ODS("ods"),
  DIMENSIONS("dimensions"),
  DWD("dwd"),
  DWS("dws");

  private final String key;

  Layer(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Layer of(String key) {
    for (Layer l : values()) {
      if (l.key.equals(key)) {
        return l;
      }
    }
    return null;
  }
}
