package io.strata.layers.plugin;

import io.strata.layers.config.Option;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import java.util.List;

/**
 * A connector: the options of its connections, and optionally a sink and a dimension store. Found
 * through {@link java.util.ServiceLoader}, so adding a connector touches one folder.
 */
public interface ConnectorPlugin {

  /** The {@code type} written in configs, for connections and sinks. */
  String type();

  /** One line for the config reference. */
  String description();

  /** Options of a {@code connections { x { type = <type>, ... } }} block. */
  List<Option<?>> connectionOptions();

  /** False for sinks such as {@code print} that need no connection. */
  default boolean needsConnection() {
    return true;
  }

  /** Options of a sink block of this type (besides type and connection); empty if no sink. */
  default List<Option<?>> sinkOptions() {
    return List.of();
  }

  /** Null if this plugin can write sinks here, else why it cannot (yet). */
  default String sinkUnavailableReason() {
    return "connection type '" + type() + "' cannot be used as a sink";
  }

  /** Options of a dimension {@code store { ... }} on a connection of this type. */
  default List<Option<?>> dimensionStoreOptions() {
    return List.of();
  }

  /** Null if this plugin can hold dimension tables, else why not. */
  default String dimensionStoreUnavailableReason() {
    return "connection type '" + type() + "' cannot hold dimension tables";
  }

  /** Checks beyond declared options (cross-field rules); reports into problems. */
  default void validateSink(SinkDef sink, ConnectionDef connection, Problems problems) {}

  /** Builds the runtime sink; only called when {@link #sinkUnavailableReason()} is null. */
  default SinkTranslator sinkTranslator() {
    throw new UnsupportedOperationException(sinkUnavailableReason());
  }
}
