package io.strata.layers.plugin;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connector plugins on the class path, by type. */
public final class ConnectorPlugins {
  private static volatile Map<String, ConnectorPlugin> plugins;

  private ConnectorPlugins() {}

  public static Map<String, ConnectorPlugin> all() {
    Map<String, ConnectorPlugin> p = plugins;
    if (p == null) {
      Map<String, ConnectorPlugin> found = new TreeMap<>();
      for (ConnectorPlugin plugin : ServiceLoader.load(ConnectorPlugin.class)) {
        found.put(plugin.type(), plugin);
      }
      p = Collections.unmodifiableMap(found);
      plugins = p;
    }
    return p;
  }

  public static ConnectorPlugin get(String type) {
    return all().get(type);
  }
}
